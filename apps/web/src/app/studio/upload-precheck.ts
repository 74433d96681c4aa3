import { ErrorCode, type UploadLimits } from '@atelier/contracts';

/**
 * Why an upload is refused or failed, with the facts the message needs (sizes in bytes). Beside the
 * server's codes: `offline`, and `not_same_file` (another file chosen to continue an upload).
 */
export interface UploadProblem {
  code: `${ErrorCode}` | 'offline' | 'not_same_file';
  details: Record<string, unknown>;
}

/** What the pre-check reads of a picked file (a `File` has all three). */
export interface PickedFile {
  name: string;
  type: string;
  size: number;
}

/**
 * Refuses, before a byte is sent, what the server would refuse: a type that is not media, a file over the
 * per-file limit, an empty file, or one that does not fit in what is left of the group's space (`used` bytes already taken).
 * A file without a type (some phones) goes through: the server sniffs it.
 */
export function uploadPrecheck(file: PickedFile, limits: UploadLimits, used: number): UploadProblem | null {
  const type = file.type.toLowerCase();
  if (type && !limits.acceptedTypes.some((p) => type.startsWith(p))) {
    return { code: ErrorCode.UnsupportedMediaType, details: { filename: file.name, type } };
  }
  // An empty file (a failed save, a cloud placeholder) would only end "failed" after the upload.
  if (file.size === 0) return { code: ErrorCode.UploadEmpty, details: { filename: file.name, sizeBytes: 0 } };
  if (file.size > limits.maxFileBytes) {
    const overBytes = file.size - limits.maxFileBytes;
    return {
      code: ErrorCode.UploadTooLarge,
      details: { filename: file.name, sizeBytes: file.size, maxFileBytes: limits.maxFileBytes, overBytes },
    };
  }
  if (used + file.size > limits.quotaBytes) {
    const overBytes = used + file.size - limits.quotaBytes;
    return {
      code: ErrorCode.QuotaExceeded,
      details: { filename: file.name, sizeBytes: file.size, quotaBytes: limits.quotaBytes, usedBytes: used, overBytes },
    };
  }
  return null;
}
