import { PNG_SIGNATURE, sniffImage } from '../common/image-type.js';

/** Largest photo accepted for a card (phones should downscale before sending: prepaid data). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export interface CleanPhoto {
  bytes: Buffer;
  contentType: 'image/jpeg' | 'image/png';
  ext: 'jpg' | 'png';
}

/**
 * Checks that the bytes are a JPEG or PNG image (by their signature, not by what the client says)
 * and removes the metadata a phone adds — EXIF with GPS position, XMP, IPTC, comments, PNG text
 * chunks — so a photo never tells where it was taken. Returns null for anything else.
 * (EXIF also holds the orientation: the web client should draw photos upright before uploading.)
 */
export function cleanPhoto(bytes: Buffer): CleanPhoto | null {
  const type = bytes.length > 8 ? sniffImage(bytes) : null;
  if (type === 'image/jpeg') {
    const stripped = stripJpeg(bytes);
    return stripped ? { bytes: stripped, contentType: 'image/jpeg', ext: 'jpg' } : null;
  }
  if (type === 'image/png') {
    const stripped = stripPng(bytes);
    return stripped ? { bytes: stripped, contentType: 'image/png', ext: 'png' } : null;
  }
  return null;
}

/** APP1 (EXIF, XMP), APP13 (IPTC) and comments go; image data, tables, JFIF, ICC and Adobe stay. */
const JPEG_DROP = new Set([0xe1, 0xed, 0xfe]);

function stripJpeg(b: Buffer): Buffer | null {
  const parts: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) {
      parts.push(b.subarray(i)); // start of scan (image data) or end: the rest is kept as is
      return Buffer.concat(parts);
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    const length = b.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > b.length) return null;
    if (!JPEG_DROP.has(marker)) parts.push(b.subarray(i, i + 2 + length));
    i += 2 + length;
  }
  return null;
}

const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function stripPng(b: Buffer): Buffer | null {
  const parts: Buffer[] = [PNG_SIGNATURE];
  let i = 8;
  while (i + 12 <= b.length) {
    const length = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    const end = i + 12 + length;
    if (end > b.length) return null;
    if (!PNG_DROP.has(type)) parts.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  return null;
}
