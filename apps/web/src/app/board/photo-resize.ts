/** Longest side of a card photo: enough for a phone and the room's screen, small on prepaid data. */
const MAX_SIDE = 1280;

/**
 * A camera photo made upright and smaller (JPEG) before it is sent: the server strips EXIF, the
 * orientation included, so the rotation is applied here; and prepaid data is spared a full-size photo.
 */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The photo could not be read.'))), 'image/jpeg', 0.82),
    );
  } finally {
    bitmap.close();
  }
}
