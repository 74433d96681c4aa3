/** The image types Atelier stores, recognised by their first bytes (never by a name or a declared type). */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type of an image from its first 12 bytes (fewer are enough for JPEG), or null for anything else. */
export function sniffImage(head: Buffer): ImageType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  const riff = head.length >= 12 && head.subarray(0, 4).toString('latin1') === 'RIFF';
  if (riff && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}
