import { describe, expect, it } from '@jest/globals';
import { cleanPhoto } from './photo.js';

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** A JPEG skeleton: SOI, JFIF, EXIF with a GPS-looking payload, a comment, a table, then scan data and EOI. */
function jpegWithGps(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01')),
    segment(0xe1, Buffer.from('Exif\0\0GPSLatitude 50.85 N')),
    segment(0xfe, Buffer.from('taken at home')),
    segment(0xdb, Buffer.alloc(65, 1)),
    Buffer.from([0xff, 0xda, 0x00, 0x02, 0x12, 0x34, 0x56, 0xff, 0xd9]),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

describe(cleanPhoto.name, () => {
  it('removes EXIF (GPS) and comments from a JPEG and keeps the image data', () => {
    const clean = cleanPhoto(jpegWithGps())!;
    expect(clean.contentType).toBe('image/jpeg');
    expect(clean.bytes.toString('latin1')).not.toContain('GPSLatitude');
    expect(clean.bytes.toString('latin1')).not.toContain('taken at home');
    expect(clean.bytes.toString('latin1')).toContain('JFIF');
    expect(clean.bytes.subarray(-9)).toEqual(Buffer.from([0xff, 0xda, 0x00, 0x02, 0x12, 0x34, 0x56, 0xff, 0xd9]));
  });

  it('removes text and EXIF chunks from a PNG', () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', Buffer.alloc(13)),
      pngChunk('tEXt', Buffer.from('Location\0Brussels')),
      pngChunk('IDAT', Buffer.alloc(10, 7)),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
    const clean = cleanPhoto(png)!;
    expect(clean.contentType).toBe('image/png');
    expect(clean.bytes.toString('latin1')).not.toContain('Brussels');
    expect(clean.bytes.toString('latin1')).toContain('IDAT');
  });

  it('refuses what is not a JPEG or PNG, whatever its name, and a truncated image', () => {
    expect(cleanPhoto(Buffer.from('<svg onload=alert(1)>'))).toBeNull();
    expect(cleanPhoto(Buffer.from('GIF89a....'))).toBeNull();
    expect(cleanPhoto(jpegWithGps().subarray(0, 30))).toBeNull();
  });
});
