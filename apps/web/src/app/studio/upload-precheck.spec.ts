import { ErrorCode, type UploadLimits } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { uploadPrecheck } from './upload-precheck';

const MB = 1024 * 1024;
const limits: UploadLimits = {
  maxFileBytes: 100 * MB,
  quotaBytes: 500 * MB,
  usedBytes: 0,
  acceptedTypes: ['video/', 'audio/', 'image/'],
};

describe(uploadPrecheck.name, () => {
  it('lets a video that fits through', () => {
    expect(uploadPrecheck({ name: 'a.mp4', type: 'video/mp4', size: 10 * MB }, limits, 0)).toBeNull();
  });

  it('lets a file without a type through: the server sniffs it', () => {
    expect(uploadPrecheck({ name: 'IMG_0001', type: '', size: MB }, limits, 0)).toBeNull();
  });

  it('refuses a type that is not media, whatever its case', () => {
    expect(uploadPrecheck({ name: 'cv.pdf', type: 'Application/PDF', size: MB }, limits, 0)).toEqual({
      code: ErrorCode.UnsupportedMediaType,
      details: { filename: 'cv.pdf', type: 'application/pdf' },
    });
  });

  it('refuses a file over the per-file limit with how much too big it is', () => {
    expect(uploadPrecheck({ name: 'long.mov', type: 'video/quicktime', size: 101 * MB }, limits, 0)).toEqual({
      code: ErrorCode.UploadTooLarge,
      details: { filename: 'long.mov', sizeBytes: 101 * MB, maxFileBytes: 100 * MB, overBytes: MB },
    });
  });

  it('refuses a file that does not fit in what is left of the group space; exactly full is fine', () => {
    expect(uploadPrecheck({ name: 'b.mp4', type: 'video/mp4', size: 50 * MB }, limits, 450 * MB)).toBeNull();
    expect(uploadPrecheck({ name: 'c.mp4', type: 'video/mp4', size: 60 * MB }, limits, 450 * MB)).toEqual({
      code: ErrorCode.QuotaExceeded,
      details: { filename: 'c.mp4', sizeBytes: 60 * MB, quotaBytes: 500 * MB, usedBytes: 450 * MB, overBytes: 10 * MB },
    });
  });
});
