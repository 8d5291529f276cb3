// Who may be assigned at a node: the scope of each target kind (all engineers, the group's
// members, the provider's engineers, …), less those excluded there, and named assignees.
import { isActive, type DirectoryImpl, type GridName } from './directory';
import type { EngineerData, NodeContext, ProviderData, ServiceGroupData, TargetKind } from './types';

export type Candidate = EngineerData | ProviderData | ServiceGroupData;

export interface Scope {
  list: readonly Candidate[];
  /** The engineer grid that holds the scope (null: not engineers). */
  grid: GridName | null;
  /** For grid hits: is this engineer in scope? null: every engineer of the grid is. */
  accepts: ((e: EngineerData) => boolean) | null;
  excluded: readonly string[] | undefined;
}

const EMPTY: readonly Candidate[] = [];

export function scopeOf(target: TargetKind, node: NodeContext, dir: DirectoryImpl): Scope {
  const gid = node.serviceGroupId ?? null;
  switch (target) {
    case 'engineer': {
      const excluded = node.excluded?.engineers;
      if (node.kind === 'group_internal_assign') {
        const g = gid === null ? undefined : dir.groupById.get(gid);
        if (!g || !isActive(g) || g.kind !== 'engineers') return { list: EMPTY, grid: null, accepts: null, excluded };
        const members = dir.membersOf(g.id);
        return {
          list: dir.cached(`g:${g.id}`, () => dir.engineers.filter((e) => isActive(e) && members.has(e.id))),
          grid: 'all',
          accepts: (e) => isActive(e) && members.has(e.id),
          excluded,
        };
      }
      return { list: dir.internalEngineers, grid: 'internal', accepts: null, excluded };
    }
    case 'provider_engineer': {
      const excluded = node.excluded?.engineers;
      if (node.kind === 'provider_assign_engineer') {
        const pid = node.providerId ?? null;
        if (pid === null) return { list: EMPTY, grid: null, accepts: null, excluded };
        return {
          list: dir.cached(`p:${pid}`, () => dir.engineersOfProvider(pid).filter(isActive)),
          grid: 'provider',
          accepts: (e) => e.providerId === pid,
          excluded,
        };
      }
      return { list: dir.providerEngineers, grid: 'provider', accepts: null, excluded };
    }
    case 'service_provider': {
      const excluded = node.excluded?.providers;
      if (node.kind === 'group_internal_assign') {
        const g = gid === null ? undefined : dir.groupById.get(gid);
        if (!g || !isActive(g) || g.kind !== 'providers') return { list: EMPTY, grid: null, accepts: null, excluded };
        const members = dir.membersOf(g.id);
        return { list: dir.cached(`gp:${g.id}`, () => dir.activeProviders.filter((p) => members.has(p.id))), grid: null, accepts: null, excluded };
      }
      return { list: dir.activeProviders, grid: null, accepts: null, excluded };
    }
    case 'service_group':
      return { list: dir.activeGroups, grid: null, accepts: null, excluded: node.excluded?.serviceGroups };
  }
}

function inScope(target: TargetKind, c: Candidate, node: NodeContext, dir: DirectoryImpl): boolean {
  if (!isActive(c)) return false;
  switch (target) {
    case 'engineer':
    case 'provider_engineer': {
      const s = scopeOf(target, node, dir);
      const e = c as EngineerData;
      if (s.grid === null) return false;
      if (s.accepts !== null) return s.accepts(e);
      return s.grid === 'internal' ? e.providerId == null : e.providerId != null;
    }
    case 'service_provider':
      if (node.kind !== 'group_internal_assign') return true;
      return scopeOf(target, node, dir).list.includes(c);
    case 'service_group':
      return true;
  }
}

/** Why a directory entry is not in a node's scope for a target kind (RULES.md "Why not this candidate"). */
export type OutOfScope = 'inactive' | 'excluded' | 'not a member' | 'not internal' | 'not a provider engineer' | 'another provider';

/** Why `c` is outside the node's scope for `target`, or null when it is inside. */
export function outOfScope(target: TargetKind, c: Candidate, node: NodeContext, dir: DirectoryImpl): OutOfScope | null {
  if (!isActive(c)) return 'inactive';
  const ex = node.excluded;
  const excluded = ex === undefined ? undefined : target === 'service_group' ? ex.serviceGroups : target === 'service_provider' ? ex.providers : ex.engineers;
  if (excluded !== undefined && excluded.includes(c.id)) return 'excluded';
  if (inScope(target, c, node, dir)) return null;
  switch (target) {
    case 'engineer':
      return node.kind === 'group_internal_assign' ? 'not a member' : 'not internal';
    case 'provider_engineer':
      return (c as EngineerData).providerId == null ? 'not a provider engineer' : 'another provider';
    default:
      return 'not a member';
  }
}

/** Why no named entry is eligible (the trace spells it out). */
export const NotEligible = { Missing: 0, Inactive: 1, Declined: 2, OutOfScope: 3 } as const;
export type NotEligible = (typeof NotEligible)[keyof typeof NotEligible];

/**
 * The first of the named entries that is active, not declined here and in the node's scope; else
 * why not: the reason of the last active entry refused, or "not active".
 */
export function pickNamed(found: Candidate[], target: TargetKind, node: NodeContext, dir: DirectoryImpl): Candidate | NotEligible {
  if (found.length === 0) return NotEligible.Missing;
  const ex = node.excluded;
  const excluded = ex === undefined ? undefined : target === 'service_group' ? ex.serviceGroups : target === 'service_provider' ? ex.providers : ex.engineers;
  let why: NotEligible = NotEligible.Inactive;
  for (let i = 0; i < found.length; i++) {
    const c = found[i];
    if (!isActive(c)) continue;
    if (excluded !== undefined && excluded.includes(c.id)) {
      why = NotEligible.Declined;
      continue;
    }
    if (!inScope(target, c, node, dir)) {
      why = NotEligible.OutOfScope;
      continue;
    }
    return c;
  }
  return why;
}

export function notEligibleReason(why: NotEligible, target: TargetKind, name: string, nodeKind: string): string {
  switch (why) {
    case NotEligible.Missing:
      return `no ${target.replace('_', ' ')} "${name}" in the directory`;
    case NotEligible.Inactive:
      return `"${name}" is not active`;
    case NotEligible.Declined:
      return `"${name}" declined or rejected this order at this node`;
    case NotEligible.OutOfScope:
      return `"${name}" is not in the scope of this ${nodeKind} node`;
  }
}
