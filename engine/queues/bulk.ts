// Bulk actions over a selection of the to-do list. The preview says what each selected order would
// become and which ones would be refused and why; applying calls the engine action once per order,
// each in its own transaction, and reports every order's result.
import { and, inArray } from 'drizzle-orm';
import { z } from 'zod';
import * as s from '../../drizzle/schema';
import { assignOrder, listCandidates, reassignGroup, rejectOrder, type Engine } from '../dispatch';
import { isDomainError } from '../errors';
import { overrideReasonFields } from '../overrides';
import { nodeAction, switchedOff } from '../flow/node-roles';
import { idString } from '../limits';
import { isProviderRole, withScope } from '../orders';
import type { Principal } from '../principal';
import { handledQueueNodes, orderHandlerScope } from './queues';

const TARGET_KINDS = ['service_group', 'service_provider', 'engineer', 'provider_engineer'] as const;
/** Orders one bulk preview or apply may take. */
export const BULK_MAX = 100;

export const bulkAction = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('assign'),
    assignee: z.object({ type: z.enum(TARGET_KINDS), id: idString }),
    collaboratorIds: z.array(idString).max(20).default([]),
  }),
  z.object({ type: z.literal('reassignGroup'), groupId: idString, reason: z.string().trim().min(3, 'Give a reason (at least 3 characters)').max(500), ...overrideReasonFields }),
  z.object({ type: z.literal('reject'), reason: z.string().trim().min(3, 'Give a reason (at least 3 characters)').max(500), ...overrideReasonFields }),
]);
export const bulkInput = z.object({
  orderIds: z.array(idString).min(1, 'Select at least one order').max(BULK_MAX, `At most ${BULK_MAX} orders at once`),
  action: bulkAction,
});
export type BulkInput = z.input<typeof bulkInput>;

export interface BulkPreviewItem {
  orderId: string;
  number: string;
  version: number;
  ok: boolean;
  /** Where the order is now (step, group, provider). */
  from: string;
  /** What it would become, or why it is refused. */
  effect: string;
}

export async function previewBulk(engine: Engine, principal: Principal, raw: BulkInput): Promise<{ items: BulkPreviewItem[]; ok: number; refused: number }> {
  const input = bulkInput.parse(raw);
  const o = s.workOrders;
  const [rows, groups, nodes] = await Promise.all([
    // Orders outside the caller's scope read exactly like ids that do not exist.
    engine.db.select().from(o).where(withScope(principal, inArray(o.id, input.orderIds))),
    engine.db.select({ id: s.serviceGroups.id, name: s.serviceGroups.name, active: s.serviceGroups.active }).from(s.serviceGroups),
    handledQueueNodes(engine.db, principal),
  ]);
  const inScope = new Set(
    (await engine.db.select({ id: o.id }).from(o).where(and(inArray(o.id, input.orderIds), orderHandlerScope(principal)))).map((r) => r.id),
  );
  const groupName = (id: string | null) => (id ? (groups.find((g) => g.id === id)?.name ?? id) : null);
  // Provider roles are not shown the service group an order came through.
  const fromGroup = (id: string | null) => (isProviderRole(principal) ? null : groupName(id));
  const nodeOf = new Map(nodes.map((n) => [n.key, n]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items: BulkPreviewItem[] = [];
  for (const id of input.orderIds) {
    const row = byId.get(id);
    if (!row) {
      items.push({ orderId: id, number: id, version: 0, ok: false, from: '—', effect: 'Refused: no such order' });
      continue;
    }
    const node = nodeOf.get(`${row.flowId}/${row.currentNodeId}`);
    const from = [node?.label ?? row.currentNodeId ?? row.status, fromGroup(row.serviceGroupId)].filter(Boolean).join(' · ');
    const item = (ok: boolean, effect: string) => items.push({ orderId: id, number: row.number, version: row.version, ok, from, effect });
    if (!node || row.status !== 'pending_assignment' || !inScope.has(id)) {
      item(false, 'Refused: not waiting in one of your queues');
      continue;
    }
    const a = input.action;
    if (a.type === 'reassignGroup') {
      const target = groups.find((g) => g.id === a.groupId);
      const step = nodeAction(node.kind, 'reassignGroup', row.status);
      if (!step) item(false, 'Refused: only orders waiting with a service group can be reassigned');
      else if (switchedOff(step, node)) item(false, 'Refused: the flow does not allow reassigning at this step');
      else if (!target || !target.active) item(false, 'Refused: unknown or inactive service group');
      else if (target.id === row.serviceGroupId) item(false, `Refused: already with ${target.name}`);
      else item(true, `${groupName(row.serviceGroupId)} → ${target.name}`);
    } else if (a.type === 'reject') {
      const step = nodeAction(node.kind, 'reject', row.status);
      if (!step) item(false, 'Refused: only a receiving group or provider rejects');
      else if (switchedOff(step, node)) item(false, 'Refused: the flow does not allow rejecting at this step');
      else item(true, 'Back to the previous dispatch step');
    } else {
      try {
        const c = await listCandidates(engine, principal, id, { limit: 100_000 });
        const pick = c.candidates.find((x) => x.type === a.assignee.type && x.id === a.assignee.id);
        if (!c.targets.includes(a.assignee.type)) item(false, `Refused: this step assigns ${c.targets.join(' or ').replace(/_/g, ' ')}`);
        else if (!pick) item(false, 'Refused: not eligible for this order (scope, skills, region or declined before)');
        else {
          const missing = a.collaboratorIds.filter((cid) => cid === pick.id || !c.candidates.some((x) => x.id === cid && x.type === pick.type));
          if (missing.length) item(false, `Refused: ${missing.join(', ')} cannot collaborate here`);
          else item(true, `Assign ${pick.name}${a.collaboratorIds.length ? ` + ${a.collaboratorIds.length} collaborator(s)` : ''}`);
        }
      } catch (error) {
        item(false, `Refused: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  const ok = items.filter((i) => i.ok).length;
  return { items, ok, refused: items.length - ok };
}

export interface BulkResult {
  orderId: string;
  number: string;
  ok: boolean;
  message: string;
}

/** Applies the action to each order through the engine (one transaction each); never stops at a failure. */
export async function applyBulk(engine: Engine, principal: Principal, raw: BulkInput & { versions?: Record<string, number> }) {
  const input = bulkInput.parse(raw);
  const rows = await engine.db
    .select({ id: s.workOrders.id, number: s.workOrders.number, version: s.workOrders.version })
    .from(s.workOrders)
    .where(withScope(principal, inArray(s.workOrders.id, input.orderIds)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const results: BulkResult[] = [];
  for (const orderId of input.orderIds) {
    const row = byId.get(orderId);
    if (!row) {
      results.push({ orderId, number: orderId, ok: false, message: 'No such order' });
      continue;
    }
    // The version the dispatcher saw in the preview, so a change since then is a conflict, not a surprise.
    const version = raw.versions?.[orderId] ?? row.version;
    const a = input.action;
    try {
      if (a.type === 'assign') await assignOrder(engine, principal, { orderId, version, assignee: a.assignee, collaboratorIds: a.collaboratorIds });
      else if (a.type === 'reassignGroup') await reassignGroup(engine, principal, { orderId, version, groupId: a.groupId, reason: a.reason, reasonCode: a.reasonCode });
      else await rejectOrder(engine, principal, { orderId, version, reason: a.reason, reasonCode: a.reasonCode });
      results.push({ orderId, number: row.number, ok: true, message: 'Done' });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      results.push({ orderId, number: row.number, ok: false, message: error.message });
    }
  }
  return { results, ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
}
