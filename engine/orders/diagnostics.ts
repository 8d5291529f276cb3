// Diagnostic readings sent with a new order (the intake API, the tRPC create and the form): each a
// name, a value (a number or a text), an optional unit and the time it was read (the intake time
// when not given). Kept on the order as sent (work_orders.diagnostics) and shown on the order
// pages and in the work-order document. Pure: no database import.
import { z } from 'zod';

export const DIAGNOSTICS_MAX = 50;
export const DIAGNOSTIC_NAME_MAX = 100;
const VALUE_TEXT_MAX = 200;
const UNIT_MAX = 20;

/** One reading as the order keeps it. */
export interface DiagnosticReading {
  name: string;
  value: number | string;
  unit: string | null;
  /** ISO date and time it was read. */
  time: string;
}

export const diagnosticReadingInput = z.object({
  name: z
    .string({ error: 'The reading needs a name' })
    .trim()
    .min(1, 'The reading needs a name')
    .max(DIAGNOSTIC_NAME_MAX, `At most ${DIAGNOSTIC_NAME_MAX} characters`),
  value: z.union([z.number(), z.string().trim().min(1).max(VALUE_TEXT_MAX)], {
    error: `A number, or a text of 1 to ${VALUE_TEXT_MAX} characters`,
  }),
  unit: z.string().trim().max(UNIT_MAX, `At most ${UNIT_MAX} characters`).nullish(),
  time: z.iso.datetime({ offset: true, message: 'An ISO date and time, e.g. 2026-11-23T09:00:00Z' }).optional(),
});

export const diagnosticsInput = z
  .array(diagnosticReadingInput)
  .max(DIAGNOSTICS_MAX, `At most ${DIAGNOSTICS_MAX} readings`)
  .meta({
    description: `Diagnostic readings taken before the visit (at most ${DIAGNOSTICS_MAX}): a name, a number or a text, an optional unit, and when it was read (the intake time when absent)`,
    examples: [[{ name: 'Supply pressure', value: 1.2, unit: 'bar', time: '2026-11-23T08:40:00Z' }, { name: 'Error code', value: 'E4' }]],
  });
export type DiagnosticsInput = z.input<typeof diagnosticsInput>;

/** The readings as the order keeps them: a blank unit is none, a missing time is the intake time. */
export function readingsOf(input: z.infer<typeof diagnosticsInput> | undefined, intakeTime: Date): DiagnosticReading[] {
  return (input ?? []).map((r) => ({
    name: r.name,
    value: r.value,
    unit: r.unit ? r.unit : null,
    time: new Date(r.time ?? intakeTime).toISOString(),
  }));
}

/** A reading's value with its unit: "3.2 bar", "E4 error". */
export const readingValue = (r: Pick<DiagnosticReading, 'value' | 'unit'>) => (r.unit ? `${r.value} ${r.unit}` : String(r.value));
