// Domain errors, by meaning. The engine throws these; server/ maps them to tRPC codes in one place.

export type DomainErrorKind = 'invalid' | 'not_found' | 'forbidden' | 'conflict' | 'unavailable';

// Next.js bundles each route on its own, so one process may hold several copies of this module; an
// error thrown by one (the shared order writer, say) is recognised by another through this symbol.
const DOMAIN_ERROR_BRAND = Symbol.for('dispatch-studio.engine.domain-error');

export abstract class DomainError extends Error {
  readonly [DOMAIN_ERROR_BRAND] = true;
  abstract readonly kind: DomainErrorKind;
}

/** Bad input: shown to the user, by the field where one is named. */
export class ValidationError extends DomainError {
  readonly kind = 'invalid';
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(what: string, id: string) {
    super(`${what} "${id}" was not found`);
    this.name = 'NotFoundError';
  }
}

/** The caller may not do this (role, scope or permission). */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** The thing changed under the caller (optimistic concurrency) or is in the wrong state. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Transient: worth retrying. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'UnavailableError';
  }
}

export const isDomainError = (error: unknown): error is DomainError =>
  typeof error === 'object' && error !== null && (error as Partial<Record<typeof DOMAIN_ERROR_BRAND, boolean>>)[DOMAIN_ERROR_BRAND] === true;

/** Parses engine input with its schema; bad input becomes a ValidationError naming each field. */
export function parseInput<T>(schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) (fieldErrors[issue.path.map(String).join('.') || '_'] ??= []).push(issue.message);
  const [field, [message]] = Object.entries(fieldErrors)[0];
  throw new ValidationError(`${field === '_' ? '' : `${field}: `}${message}`, fieldErrors);
}
