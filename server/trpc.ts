// tRPC's builder stays private here. Every procedure is made with `allow(...)` or `publicProcedure`,
// which declare who may call it; the policy middleware enforces that on the server before input is read.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { ROLES, type Permission, type Role } from '../engine/enums';
import { isDomainError, type DomainErrorKind } from '../engine/errors';
import type { Principal } from '../engine/principal';
import { idString } from '../engine/limits';
import type { Context } from './context';
import { internalErrorMessage, logInternalError, newErrorId } from './error-log';

export type Policy = { public: true } | { roles: readonly Role[]; permission?: Permission };
export interface Meta {
  policy?: Policy;
}

const CODE_BY_KIND: Record<DomainErrorKind, TRPCError['code']> = {
  invalid: 'BAD_REQUEST',
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  conflict: 'CONFLICT',
  unavailable: 'SERVICE_UNAVAILABLE',
};

/** One id per unexpected error, so the formatter and the log agree even if it is shaped twice. */
const errorIds = new WeakMap<object, string>();

/**
 * The id of an unexpected error, logged (once) with its whole detail: SQL, parameters, stack.
 * Anything answered as INTERNAL_SERVER_ERROR is unexpected: a raw error the code did not mean to
 * throw (a driver error, a bug), which tRPC wraps as INTERNAL_SERVER_ERROR.
 */
export function internalErrorId(error: TRPCError, path: string | undefined): string {
  let id = errorIds.get(error);
  if (!id) {
    id = newErrorId();
    errorIds.set(error, id);
    logInternalError(id, `tRPC ${path ?? '(no procedure)'}`, error.cause ?? error);
  }
  return id;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, path }) {
      // No stack traces for clients, in any environment.
      const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        // Only what is meant for the client: the error id. The message, SQL and stack stay in the log.
        const errorId = internalErrorId(error, path);
        return { ...shape, message: internalErrorMessage(errorId), data: { ...data, errorId, fieldErrors: null, domainKind: null } };
      }
      const cause = error.cause;
      let fieldErrors: Record<string, string[]> | null = null;
      if (cause instanceof ZodError) {
        fieldErrors = {};
        for (const issue of cause.issues) {
          const key = issue.path.join('.') || '_';
          (fieldErrors[key] ??= []).push(issue.message);
        }
      } else if (isDomainError(cause) && 'fieldErrors' in cause) {
        fieldErrors = (cause as { fieldErrors: Record<string, string[]> }).fieldErrors;
      }
      return { ...shape, data: { ...data, errorId: null, fieldErrors, domainKind: isDomainError(cause) ? cause.kind : null } };
    },
  });

/** Maps domain errors to tRPC codes, in one place. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: CODE_BY_KIND[cause.kind], message: cause.message, cause });
  }
  return result;
});

const enforcePolicy = t.middleware(({ ctx, meta, next }) => {
  const policy = meta?.policy;
  if (!policy) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'This procedure declares no policy' });
  if ('public' in policy) return next({ ctx });
  if (!ctx.principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  if (!policy.roles.includes(ctx.principal.role)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `The ${ctx.principal.role} role may not do this` });
  }
  if (policy.permission && !ctx.principal.permissions.includes(policy.permission)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${policy.permission} permission` });
  }
  return next({ ctx: { ...ctx, principal: ctx.principal as Principal } });
});

const base = t.procedure.use(mapDomainErrors);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = base.meta({ policy: { public: true } }).use(enforcePolicy);

export const ALL_ROLES: readonly Role[] = ROLES;

/** A procedure callable by the given roles (and, optionally, only with a permission). */
export function allow(roles: readonly Role[] | 'signed-in', permission?: Permission) {
  const policy: Policy = { roles: roles === 'signed-in' ? ALL_ROLES : roles, permission };
  return base
    .meta({ policy })
    .use(enforcePolicy)
    .use(({ ctx, next }) => next({ ctx: { ...ctx, principal: ctx.principal as Principal } }));
}

export { idString };
export const idInput = z.object({ id: idString });
