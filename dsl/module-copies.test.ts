// Next.js bundles each route on its own, so one server process can hold two copies of dsl/ and
// engine/: a directory or an error made by one copy must still work with the other.
import { describe, expect, it, vi } from 'vitest';

describe('values shared between two copies of the modules', () => {
  it('a directory made by one copy of dsl/ is accepted by the other', async () => {
    const a = await import('./directory');
    vi.resetModules();
    const b = await import('./directory?copy=2' as string as './directory');
    expect(a.DirectoryImpl).not.toBe(b.DirectoryImpl);
    const dir = a.createDirectory({ now: null, engineers: [], providers: [], serviceGroups: [] } as never);
    expect(b.impl(dir)).toBe(dir);
    expect(() => b.impl({} as never)).toThrow(/createDirectory/);
  });

  it('a domain error thrown by one copy of engine/ is recognised by the other', async () => {
    const a = await import('../engine/errors');
    const b = await import('../engine/errors?copy=2' as string as '../engine/errors');
    expect(a.ConflictError).not.toBe(b.ConflictError);
    const error = new a.ConflictError('changed under you');
    expect(b.isDomainError(error)).toBe(true);
    expect(b.isDomainError(new Error('plain'))).toBe(false);
  });
});
