// Recognising database errors the engine turns into domain errors. Drizzle wraps the driver's error
// (pg's or PGlite's DatabaseError, both with a SQLSTATE `code` and a `constraint`) in `cause`.

interface PgErrorLike {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** Whether the error (or one it wraps) is a unique violation, of the named constraint if one is given. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e = error as PgErrorLike | undefined, depth = 0; e && typeof e === 'object' && depth < 5; e = e.cause as PgErrorLike | undefined, depth++) {
    if (e.code === '23505') {
      if (!constraint) return true;
      if (e.constraint === constraint) return true;
      if (typeof e.message === 'string' && e.message.includes(`"${constraint}"`)) return true;
    }
  }
  return false;
}

/** Rethrows a unique violation of `constraint` as the given (domain) error; anything else unchanged. */
export function onUniqueViolation(constraint: string, toError: () => Error) {
  return (error: unknown): never => {
    throw isUniqueViolation(error, constraint) ? toError() : error;
  };
}

/** The SQLSTATE of the error or of one it wraps. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e = error as PgErrorLike | undefined, depth = 0; e && typeof e === 'object' && depth < 5; e = e.cause as PgErrorLike | undefined, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** An exclusion constraint refused the row (bookings_no_overlap: two bookings of one engineer at once). */
export const isExclusionViolation = (error: unknown) => sqlStateOf(error) === '23P01';
/** Two transactions waited on each other; the database ended one of them. */
export const isDeadlock = (error: unknown) => sqlStateOf(error) === '40P01';
