// A photo from the phone's camera made fit to send: a PNG or JPEG of at most 1 MB as it is; any
// other image (a large one, HEIC or WebP the browser can decode) drawn on a canvas at most 1600 px
// on its longer side and sent as a JPEG, so it is small and the PDF can embed it. The server
// checks the content again; this only spares the phone's data and the engineer a refusal.
import { sniffImage } from '../../engine/compliance/images';

const KEEP_AS_IS_BYTES = 1_000_000;
const MAX_SIDE = 1600;

const readAsDataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });

export async function photoDataUrl(file: File): Promise<string> {
  const kind = sniffImage(new Uint8Array(await file.slice(0, 16).arrayBuffer()));
  if ((kind === 'image/png' || kind === 'image/jpeg') && file.size <= KEEP_AS_IS_BYTES) return readAsDataUrl(file);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`${file.name || 'This file'} is not an image this phone can read`);
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This phone cannot scale the photo down');
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas.toDataURL('image/jpeg', 0.85);
}
