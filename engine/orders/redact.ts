// What provider roles are shown of an order's history: the decision traces and events name other
// providers, service groups and engineers (top candidates, named assignees, rule text, rejected
// by, reassigned from). For a provider dispatcher or provider engineer every directory name and
// id that is not of their own provider is replaced, on the server, by a neutral numbered label.
import { isNull, ne, or } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { Principal } from '../principal';

export type ForeignKind = 'provider' | 'group' | 'engineer';

const LABEL: Record<ForeignKind, string> = { provider: 'another provider', group: 'a service group', engineer: 'another engineer' };

export interface Redaction {
  /** A copy of a JSON-like value with every foreign name and id replaced (strings inside it too). */
  value<T>(v: T): T;
  text(s: string): string;
  /** Whether the id is of another provider, a group, or another provider's (or an internal) engineer. */
  hides(id: string | null | undefined): boolean;
}

export const isProviderRole = (p: Pick<Principal, 'role'>) => p.role === 'provider_dispatcher' || p.role === 'provider_engineer';

const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A redaction of the given foreign entities (their ids and names). */
export function redactionOf(foreign: readonly { id: string; name: string; kind: ForeignKind }[]): Redaction {
  const byToken = new Map<string, { id: string; kind: ForeignKind; isId: boolean }>();
  for (const f of foreign) {
    byToken.set(f.id, { id: f.id, kind: f.kind, isId: true });
    if (f.name.trim().length >= 2 && !byToken.has(f.name)) byToken.set(f.name, { id: f.id, kind: f.kind, isId: false });
  }
  const ids = new Set(foreign.map((f) => f.id));
  const tokens = [...byToken.keys()].filter((t) => t.length >= 2).sort((a, b) => b.length - a.length);
  // Whole tokens only: "sp-cool" is not replaced inside "sp-coolfix", nor "Cool" inside "CoolFix".
  const pattern = tokens.length ? new RegExp(`(?<![\\w-])(?:${tokens.map(escape).join('|')})(?![\\w-])`, 'g') : null;
  // Stable numbers per response: the same provider is "another provider #1" everywhere in it.
  const numbers = new Map<string, number>();
  const counts: Record<ForeignKind, number> = { provider: 0, group: 0, engineer: 0 };
  const numberOf = (id: string, kind: ForeignKind) => {
    let n = numbers.get(id);
    if (n === undefined) numbers.set(id, (n = ++counts[kind]));
    return n;
  };
  const text = (str: string) => {
    if (!pattern || !str) return str;
    return str.replace(pattern, (token) => {
      const hit = byToken.get(token)!;
      const n = numberOf(hit.id, hit.kind);
      return hit.isId ? `hidden-${hit.kind}-${n}` : `${LABEL[hit.kind]} #${n}`;
    });
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return { value: <T>(v: T) => walk(v) as T, text, hides: (id) => !!id && ids.has(id) };
}

/** The redaction for a provider role: everything in the directory that is not of their provider. */
export async function providerRedaction(db: DbOrTx, principal: Pick<Principal, 'providerId'>): Promise<Redaction> {
  const own = principal.providerId;
  const [groups, providers, engineers] = await Promise.all([
    db.select({ id: s.serviceGroups.id, name: s.serviceGroups.name }).from(s.serviceGroups),
    db
      .select({ id: s.serviceProviders.id, name: s.serviceProviders.name, tenantId: s.serviceProviders.tenantId, tenantName: s.serviceProviders.tenantName })
      .from(s.serviceProviders)
      .where(own ? ne(s.serviceProviders.id, own) : undefined),
    db
      .select({ id: s.engineers.id, name: s.engineers.name })
      .from(s.engineers)
      .where(own ? or(isNull(s.engineers.providerId), ne(s.engineers.providerId, own)) : undefined),
  ]);
  return redactionOf([
    ...groups.map((g) => ({ ...g, kind: 'group' as const })),
    ...providers.flatMap((p) => [
      { id: p.id, name: p.name, kind: 'provider' as const },
      // The connected tenant's id and name (field_downstreamOuterTenant*) name the provider too.
      { id: p.tenantId, name: p.tenantName, kind: 'provider' as const },
    ]),
    ...engineers.map((e) => ({ ...e, kind: 'engineer' as const })),
  ]);
}

/** An order and its history as a provider role is shown them. */
export function redactForProvider<O extends { serviceGroupId: string | null }, E extends { actorType: string; actorId: string | null; data: unknown }>(
  r: Redaction,
  detail: { order: O; events: E[] },
): { order: O; events: E[] } {
  return {
    order: { ...detail.order, serviceGroupId: null },
    events: detail.events.map((e) => ({ ...e, actorId: e.actorType === 'user' ? e.actorId : e.actorId && r.text(e.actorId), data: r.value(e.data) })),
  };
}
