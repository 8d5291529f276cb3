// Compliance fields, pure: what an admin may declare per category, what a value of each kind is,
// and why an order cannot be completed yet. No database imports: the Settings form and the
// engineer's section validate with the same schemas and word problems the same way.
import { z } from 'zod';
import { COMPLIANCE_KINDS, type ComplianceKind } from '../enums';
import { idString } from '../limits';

export { COMPLIANCE_KINDS, type ComplianceKind };

export const LABEL_MAX = 120;
export const UNIT_MAX = 20;
export const TEXT_VALUE_MAX = 2000;
/** The longest name typed as a signature. */
export const SIGNER_NAME_MAX = 120;
export const FIELDS_PER_CATEGORY_MAX = 50;
export const ENTRIES_PER_CALL_MAX = 50;
/** The largest photo or signature kept, in bytes (after the phone has scaled it down). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** A photo as a base64 data URL: 4/3 of its bytes, plus the header. */
export const PHOTO_DATA_URL_MAX = Math.ceil((PHOTO_MAX_BYTES * 4) / 3) + 200;

export const KIND_LABELS: Record<ComplianceKind, string> = {
  checkbox: 'Checkbox (checklist item)',
  number: 'Reading (number)',
  text: 'Text',
  photo: 'Photo',
  signature: "Customer's signature",
};

const optionalNumber = z.number({ message: 'A number' }).nullable().default(null);

export const complianceFieldInput = z
  .object({
    /** An existing field's id (kept, with its values); absent for a new field. */
    id: idString.optional(),
    label: z.string().trim().min(1, 'The label is required').max(LABEL_MAX, `At most ${LABEL_MAX} characters`),
    kind: z.enum(COMPLIANCE_KINDS, { message: `One of ${COMPLIANCE_KINDS.join(', ')}` }),
    required: z.boolean().default(true),
    unit: z
      .string()
      .trim()
      .max(UNIT_MAX, `At most ${UNIT_MAX} characters`)
      .nullable()
      .default(null)
      .transform((u) => u || null),
    min: optionalNumber,
    max: optionalNumber,
  })
  .superRefine((f, ctx) => {
    if (f.kind !== 'number') {
      for (const key of ['unit', 'min', 'max'] as const) {
        if (f[key] !== null) ctx.addIssue({ code: 'custom', path: [key], message: 'Only a reading (number) has a unit and a range' });
      }
    } else if (f.min !== null && f.max !== null && f.min > f.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `The maximum (${f.max}) is below the minimum (${f.min})` });
    }
  });

export const categoryFieldsInput = z
  .object({
    category: z.string().trim().min(1, 'The category is required').max(60, 'At most 60 characters'),
    fields: z.array(complianceFieldInput).max(FIELDS_PER_CATEGORY_MAX, `At most ${FIELDS_PER_CATEGORY_MAX} fields per category`),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.fields.forEach((f, i) => {
      const key = f.label.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'label'], message: `"${f.label}" is listed twice` });
      seen.add(key);
    });
  });
export type CategoryFieldsInput = z.input<typeof categoryFieldsInput>;

/** An entry from the phone: the phone's own id for it makes a resend record nothing new. */
export const complianceEntryInput = z.object({
  clientEntryId: z.string().min(8, 'An entry id of at least 8 characters').max(100, 'At most 100 characters'),
  fieldId: idString,
  /** A checkbox's true/false, a reading, a text, a photo or signature as an image data URL; null clears it. */
  value: z.union([z.boolean(), z.number(), z.string().max(PHOTO_DATA_URL_MAX, 'The image is larger than 5 MB'), z.null()]),
  /**
   * A signature typed instead of drawn (the keyboard's way to sign): the name the signer typed,
   * recorded with the image it was rendered into. Only for a signature field, with its image.
   */
  signedAs: z.string().trim().min(1, "The signer's name is required").max(SIGNER_NAME_MAX, `At most ${SIGNER_NAME_MAX} characters`).optional(),
});
export type ComplianceEntryInput = z.infer<typeof complianceEntryInput>;

export const recordComplianceInput = z.object({
  orderId: idString,
  entries: z.array(complianceEntryInput).min(1, 'No entries to record').max(ENTRIES_PER_CALL_MAX, `At most ${ENTRIES_PER_CALL_MAX} entries at once`),
});

export interface ComplianceFieldDef {
  id: string;
  label: string;
  kind: ComplianceKind;
  required: boolean;
  unit: string | null;
  min: number | null;
  max: number | null;
}

/**
 * A field's latest value: `value` for checkbox, number and text; `photoId` for a photo or signature
 * (and `value`, for a signature typed instead of drawn, the name the signer typed).
 */
export interface LatestValue {
  value: boolean | number | string | null;
  photoId: string | null;
}

const num = (v: number) => String(Math.round(v * 1000) / 1000);
const withUnit = (v: number, unit: string | null) => (unit ? `${num(v)} ${unit}` : num(v));

/** The range of a reading in words: "1–10 bar", "at least 1 bar", "at most 10 bar", or null. */
export function rangeText(f: Pick<ComplianceFieldDef, 'min' | 'max' | 'unit'>): string | null {
  if (f.min !== null && f.max !== null) return `${num(f.min)}–${withUnit(f.max, f.unit)}`;
  if (f.min !== null) return `at least ${withUnit(f.min, f.unit)}`;
  if (f.max !== null) return `at most ${withUnit(f.max, f.unit)}`;
  return null;
}

/** Whether a field holds a value that counts: a ticked box, a number, a text, an image. */
export function isFilled(f: Pick<ComplianceFieldDef, 'kind'>, v: LatestValue | undefined): boolean {
  if (!v) return false;
  switch (f.kind) {
    case 'checkbox':
      return v.value === true;
    case 'number':
      return typeof v.value === 'number';
    case 'text':
      return typeof v.value === 'string' && v.value.trim() !== '';
    case 'photo':
    case 'signature':
      return v.photoId !== null;
  }
}

/** A reading outside its field's range, in words ("12 bar is above the maximum 10 bar"), else null. */
export function rangeProblem(f: ComplianceFieldDef, v: LatestValue | undefined): string | null {
  if (f.kind !== 'number' || typeof v?.value !== 'number') return null;
  if (f.min !== null && v.value < f.min) return `${withUnit(v.value, f.unit)} is below the minimum ${withUnit(f.min, f.unit)}`;
  if (f.max !== null && v.value > f.max) return `${withUnit(v.value, f.unit)} is above the maximum ${withUnit(f.max, f.unit)}`;
  return null;
}

export interface CompletionProblems {
  /** Required fields with no value that counts, in the fields' order. */
  missing: ComplianceFieldDef[];
  /** Readings given outside their range (required or not). */
  outOfRange: { field: ComplianceFieldDef; problem: string }[];
}

export function completionProblems(fields: readonly ComplianceFieldDef[], latest: ReadonlyMap<string, LatestValue>): CompletionProblems {
  const missing = fields.filter((f) => f.required && !isFilled(f, latest.get(f.id)));
  const outOfRange = fields.flatMap((f) => {
    const problem = rangeProblem(f, latest.get(f.id));
    return problem ? [{ field: f, problem }] : [];
  });
  return { missing, outOfRange };
}

/** "Cannot complete WO-1: missing Pressure reading, Customer signature; Pressure 12 bar is above …", or null. */
export function completionRefusal(number: string, p: CompletionProblems): string | null {
  const parts = [
    ...(p.missing.length ? [`missing ${p.missing.map((f) => f.label).join(', ')}`] : []),
    ...p.outOfRange.map((r) => `${r.field.label} ${r.problem}`),
  ];
  return parts.length ? `Cannot complete ${number}: ${parts.join('; ')}` : null;
}
