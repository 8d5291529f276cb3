// The compliance values an order's history holds, as the work-order document reads them.
//
// The data shape (engine/compliance writes it, in `compliance_recorded` events): an order event whose
// `data.compliance` is a list of entries
//
//   { label: string, kind: 'checkbox' | 'number' | 'text' | 'photo' | 'signature',
//     value: boolean | number | string | null, unit?: string, photoId?: string, signedAs?: string }
//
// (`signedAs`: a signature typed instead of drawn, the name the signer typed into it)
// where a photo's or the signature's image is the stored photo `photoId` names (given to
// complianceValues by the loader), or, in older events, `value` as an image data URL
// (`data:image/png;base64,…` or `data:image/jpeg;base64,…`). Several events may carry entries:
// the latest value of a label counts, in the order the fields were first given.
import { z } from 'zod';
import { COMPLIANCE_KINDS, type ComplianceKind } from '../../engine/enums';

export { COMPLIANCE_KINDS, type ComplianceKind };

/** An image data URL the renderer can embed: PNG or JPEG, base64. */
const IMAGE_DATA_URL = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;

const entrySchema = z.object({
  label: z.string().trim().min(1).max(200),
  kind: z.enum(COMPLIANCE_KINDS),
  value: z.union([z.boolean(), z.number(), z.string(), z.null()]),
  unit: z.string().max(40).optional(),
  photoId: z.string().max(200).optional(),
  signedAs: z.string().max(200).optional(),
});

export type ComplianceEntry = z.infer<typeof entrySchema>;

/** One field as the document shows it: the value in words, or the image to draw. */
export interface ComplianceValue {
  label: string;
  kind: ComplianceKind;
  /** The value in words ("Yes", "4.2 bar", the text); for an image, what it is ("Photo", "Signature"). */
  text: string;
  /** PNG or JPEG bytes of a photo or signature. */
  image: { format: 'png' | 'jpeg'; data: Uint8Array } | null;
  /** When the value was recorded (the event's time). */
  recordedAt: Date;
}

const isImage = (kind: ComplianceKind) => kind === 'photo' || kind === 'signature';

/** A stored photo or signature: its type as checked when it was taken, and its bytes. */
export type CompliancePhotos = ReadonlyMap<string, { contentType: string; bytes: Uint8Array }>;

function storedImage(photo: { contentType: string; bytes: Uint8Array } | undefined): ComplianceValue['image'] {
  if (photo?.contentType === 'image/png') return { format: 'png', data: photo.bytes };
  if (photo?.contentType === 'image/jpeg') return { format: 'jpeg', data: photo.bytes };
  return null;
}

function imageOf(value: unknown): ComplianceValue['image'] {
  if (typeof value !== 'string') return null;
  const m = IMAGE_DATA_URL.exec(value);
  if (!m) return null;
  return { format: m[1] as 'png' | 'jpeg', data: new Uint8Array(Buffer.from(value.slice(value.indexOf(',') + 1), 'base64')) };
}

function textOf(e: ComplianceEntry, image: ComplianceValue['image'], photos: CompliancePhotos): string {
  if (isImage(e.kind)) {
    if (image) return e.kind === 'photo' ? 'Photo' : e.signedAs ? `Signature (typed: ${e.signedAs})` : 'Signature';
    if (e.photoId) {
      const stored = photos.get(e.photoId);
      // WebP is kept (the phone may send it) but a PDF embeds only PNG and JPEG.
      return stored ? `${e.kind === 'photo' ? 'Photo' : 'Signature'} (${stored.contentType}, not shown in the PDF)` : 'Image missing';
    }
    return e.value === null ? 'Not given' : 'Image unreadable';
  }
  if (e.value === null || e.value === '') return 'Not given';
  if (typeof e.value === 'boolean') return e.value ? 'Yes' : 'No';
  return e.unit ? `${e.value} ${e.unit}` : String(e.value);
}

/**
 * The compliance values in an order's events (oldest first): each label's latest value. Entries
 * that do not fit the shape are shown as unreadable rather than dropped, so a document never
 * silently leaves a field out.
 */
export function complianceValues(events: readonly { data: unknown; createdAt: Date | string }[], photos: CompliancePhotos = new Map()): ComplianceValue[] {
  const byLabel = new Map<string, ComplianceValue>();
  for (const ev of events) {
    const list = (ev.data as { compliance?: unknown } | null)?.compliance;
    if (!Array.isArray(list)) continue;
    const recordedAt = new Date(ev.createdAt);
    list.forEach((raw, i) => {
      const parsed = entrySchema.safeParse(raw);
      if (!parsed.success) {
        const label = raw && typeof raw === 'object' && typeof (raw as { label?: unknown }).label === 'string' ? (raw as { label: string }).label : `Field ${i + 1}`;
        byLabel.set(label, { label, kind: 'text', text: 'Value unreadable', image: null, recordedAt });
        return;
      }
      const e = parsed.data;
      const image = !isImage(e.kind) ? null : e.photoId ? storedImage(photos.get(e.photoId)) : imageOf(e.value);
      byLabel.set(e.label, { label: e.label, kind: e.kind, text: textOf(e, image, photos), image, recordedAt });
    });
  }
  return [...byLabel.values()];
}

/** The stored photos an order's events refer to, for the loader to read. */
export function photoIdsOf(events: readonly { data: unknown }[]): string[] {
  const ids = new Set<string>();
  for (const ev of events) {
    const list = (ev.data as { compliance?: unknown } | null)?.compliance;
    if (!Array.isArray(list)) continue;
    for (const e of list) {
      const id = e && typeof e === 'object' ? (e as { photoId?: unknown }).photoId : undefined;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return [...ids];
}
