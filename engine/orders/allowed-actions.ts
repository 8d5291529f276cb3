// The actions each order offers its caller, sent with every order the UI shows (queue rows, the
// order page, the engineer's tasks), so that pages show buttons from the server's answer and never
// re-derive who may act. Computed from the node-roles table (engine/flow/node-roles.ts: the same
// table the actions themselves check), the principal and the order's state.
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import type { FlowGraph } from '../flow';
import { allowedActions, mayReallocate, type ActionNode, type ActionOrder, type OrderAction } from '../flow/node-roles';
import type { Principal } from '../principal';

export type { OrderAction } from '../flow/node-roles';

export interface ActionRow extends ActionOrder {
  flowVersionId: string | null;
}

type Nodes = Map<string, ActionNode & { id: string }>;

// Published flow versions never change: their nodes are kept per database (a few hundred at most).
const MAX_VERSIONS = 500;
const versionNodes = new WeakMap<object, Map<string, Promise<Nodes>>>();

function nodesOf(db: DbOrTx, ids: string[]): Promise<Map<string, Nodes>> {
  let cache = versionNodes.get(db);
  if (!cache) versionNodes.set(db, (cache = new Map()));
  const missing = ids.filter((id) => !cache.has(id));
  if (missing.length) {
    const read = db
      .select({ id: s.flowVersions.id, graph: s.flowVersions.graph })
      .from(s.flowVersions)
      .where(inArray(s.flowVersions.id, missing))
      .then((rows) => new Map(rows.map((r) => [r.id, new Map(((r.graph as FlowGraph).nodes ?? []).map((n) => [n.id, n]))])));
    for (const id of missing) {
      const one = read.then((all) => all.get(id) ?? new Map());
      one.catch(() => cache.delete(id));
      cache.set(id, one);
    }
    while (cache.size > MAX_VERSIONS) cache.delete(cache.keys().next().value!);
  }
  return Promise.all(ids.map(async (id) => [id, await cache.get(id)!] as const)).then((e) => new Map(e));
}

/** The actions the principal may take on each order now, in the order of the rows. */
export async function actionsFor(db: DbOrTx, principal: Principal, rows: readonly ActionRow[]): Promise<OrderAction[][]> {
  if (!rows.length) return [];
  const versions = [...new Set(rows.map((r) => r.flowVersionId).filter((v): v is string => !!v))];
  // A group's kind decides what was assigned inside it; only reallocating needs it.
  const groupIds = mayReallocate(principal) ? [...new Set(rows.map((r) => r.serviceGroupId).filter((g): g is string => !!g))] : [];
  const [nodes, groups] = await Promise.all([
    nodesOf(db, versions),
    groupIds.length
      ? db.select({ id: s.serviceGroups.id, kind: s.serviceGroups.kind }).from(s.serviceGroups).where(inArray(s.serviceGroups.id, groupIds))
      : Promise.resolve([]),
  ]);
  const groupKind = new Map(groups.map((g) => [g.id, g.kind]));
  return rows.map((row) => {
    const graph = row.flowVersionId ? nodes.get(row.flowVersionId) : undefined;
    return allowedActions(principal, row, (id) => graph?.get(id), row.serviceGroupId ? groupKind.get(row.serviceGroupId) : null);
  });
}

/** The rows, each with `actions`: what the principal may do to it now. */
export async function withActions<R extends ActionRow>(db: DbOrTx, principal: Principal, rows: readonly R[]): Promise<(R & { actions: OrderAction[] })[]> {
  const actions = await actionsFor(db, principal, rows);
  return rows.map((r, i) => ({ ...r, actions: actions[i] }));
}
