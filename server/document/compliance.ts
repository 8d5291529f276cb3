// The compliance values an order's history holds, as the work-order document reads them.
//
// The data shape (until the compliance-field feature writes it, this module is where it is fixed):
// an order event — normally the `completed` event — whose `data.compliance` is a list of entries
//
//   { label: string, kind: 'checkbox' | 'number' | 'text' | 'photo' | 'signature',
//     value: boolean | number | string | null, unit?: string }
//
// where a photo's or the signature's value is an image data URL (`data:image/png;base64,…` or
// `data:image/jpeg;base64,…`). Several events may carry entries (a draft saved, then completed):
// the latest value of a label counts, in the order the fields were first given.
import { z } from 'zod';

export const COMPLIANCE_KINDS = ['checkbox', 'number', 'text', 'photo', 'signature'] as const;
export type ComplianceKind = (typeof COMPLIANCE_KINDS)[number];

/** An image data URL the renderer can embed: PNG or JPEG, base64. */
const IMAGE_DATA_URL = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;

const entrySchema = z.object({
  label: z.string().trim().min(1).max(200),
  kind: z.enum(COMPLIANCE_KINDS),
  value: z.union([z.boolean(), z.number(), z.string(), z.null()]),
  unit: z.string().max(40).optional(),
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

function imageOf(value: unknown): ComplianceValue['image'] {
  if (typeof value !== 'string') return null;
  const m = IMAGE_DATA_URL.exec(value);
  if (!m) return null;
  return { format: m[1] as 'png' | 'jpeg', data: new Uint8Array(Buffer.from(value.slice(value.indexOf(',') + 1), 'base64')) };
}

function textOf(e: ComplianceEntry, image: ComplianceValue['image']): string {
  if (isImage(e.kind)) return image ? (e.kind === 'photo' ? 'Photo' : 'Signature') : e.value === null ? 'Not given' : 'Image unreadable';
  if (e.value === null || e.value === '') return 'Not given';
  if (typeof e.value === 'boolean') return e.value ? 'Yes' : 'No';
  return e.unit ? `${e.value} ${e.unit}` : String(e.value);
}

/**
 * The compliance values in an order's events (oldest first): each label's latest value. Entries
 * that do not fit the shape are shown as unreadable rather than dropped, so a document never
 * silently leaves a field out.
 */
export function complianceValues(events: readonly { data: unknown; createdAt: Date | string }[]): ComplianceValue[] {
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
      const image = isImage(e.kind) ? imageOf(e.value) : null;
      byLabel.set(e.label, { label: e.label, kind: e.kind, text: textOf(e, image), image, recordedAt });
    });
  }
  return [...byLabel.values()];
}
