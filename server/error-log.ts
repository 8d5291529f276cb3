// Unexpected errors, in one place. The client is told only that something went wrong and under
// which id; the server log keeps the whole error under that id: its message, stack, cause chain
// and, for a failed database query, the SQL and its parameters.
import { randomBytes } from 'node:crypto';

/** A short random id that ties the message a client sees to the server log entry. */
export function newErrorId(): string {
  return randomBytes(8).toString('hex');
}

/** The message a client gets for an unexpected error: no detail, only the id to quote. */
export const internalErrorMessage = (errorId: string) => `Something went wrong on our side (error id ${errorId})`;

type Sink = (line: string, error: unknown) => void;
let sink: Sink = (line, error) => console.error(line, error);

/** Tests replace where unexpected errors are logged; returns the previous sink. */
export function setErrorLogSink(next: Sink): Sink {
  const prev = sink;
  sink = next;
  return prev;
}

/** The SQL and parameters of a failed query (drizzle's DrizzleQueryError) anywhere in the cause chain. */
function queriesOf(error: unknown): { query: string; params: unknown }[] {
  const out: { query: string; params: unknown }[] = [];
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const q = e as { query?: unknown; params?: unknown };
    if (typeof q.query === 'string') out.push({ query: q.query, params: q.params });
  }
  return out;
}

/** Logs an unexpected error with everything known about it, under its id. */
export function logInternalError(errorId: string, where: string, error: unknown): void {
  const queries = queriesOf(error)
    .map((q) => `\n  query: ${q.query}\n  params: ${safeJson(q.params)}`)
    .join('');
  sink(`[error ${errorId}] ${where}${queries}`, error);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
