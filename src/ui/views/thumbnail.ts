/**
 * A square, centre-cropped PNG of an image file as a `data:` URL, or undefined if the browser
 * cannot decode it. Loaded with the first image attached, so pages that never attach one never
 * download it.
 */
export async function drawThumbnail(file: File, size: number): Promise<string | undefined> {
  let bitmap: ImageBitmap | undefined;
  try {
    bitmap = await createImageBitmap(file);
    const side = Math.min(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d');
    if (!context || side === 0) return undefined;
    context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, size, size);
    return canvas.toDataURL('image/png');
  } catch {
    return undefined; // not an image the browser can decode: the chip shows its name only
  } finally {
    bitmap?.close();
  }
}
