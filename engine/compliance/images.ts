// Photos and signatures are checked by their content, never by a file name or a declared type:
// the first bytes must be a PNG, JPEG or WebP signature, and the whole at most PHOTO_MAX_BYTES.
import { ValidationError } from '../errors';
import { PHOTO_MAX_BYTES } from './model';

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** The image type the bytes are, by their magic numbers; null for anything else. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF <size> WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The image a data URL carries (`data:<any type>;base64,<bytes>`), checked: at most 5 MB, and a
 * PNG, JPEG or WebP by content. `label` names the field in the error.
 */
export function decodeImage(label: string, dataUrl: string): { contentType: ImageType; bytes: Uint8Array } {
  const comma = dataUrl.indexOf(',');
  if (!dataUrl.startsWith('data:') || comma < 0 || !dataUrl.slice(0, comma).endsWith(';base64')) {
    throw new ValidationError(`${label}: send the image as a base64 data URL (data:image/png;base64,…)`);
  }
  const payload = dataUrl.slice(comma + 1);
  if (!BASE64.test(payload)) throw new ValidationError(`${label}: the image data is not base64`);
  const size = Math.floor((payload.length * 3) / 4) - (payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0);
  if (size > PHOTO_MAX_BYTES) throw new ValidationError(`${label}: the image is larger than ${PHOTO_MAX_BYTES / (1024 * 1024)} MB (${size.toLocaleString('en-US')} bytes)`);
  const bytes = new Uint8Array(Buffer.from(payload, 'base64'));
  if (bytes.length === 0) throw new ValidationError(`${label}: the image is empty`);
  const contentType = sniffImage(bytes);
  if (!contentType) throw new ValidationError(`${label}: this file is not a PNG, JPEG or WebP image (checked by its content)`);
  return { contentType, bytes };
}

export const extensionOf = (t: ImageType) => (t === 'image/png' ? 'png' : t === 'image/jpeg' ? 'jpg' : 'webp');
