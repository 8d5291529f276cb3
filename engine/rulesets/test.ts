// Trying rules before publishing them: run unsaved source against one order at one node, in its
// current state or as a sample, and explain the decision (the dsl decides; nothing here does).
// The backtest is in backtest.ts, the editor's pickers and completion data in editor-data.ts.
import { and, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { evaluate, whyNot, type Decision, type Diagnostic, type Directory, type NodeContext, type NodeKind, type OrderData } from '../../dsl';
import type { Db } from '../../drizzle/client';
import * as s from '../../drizzle/schema';
import { orderDataOf, stateOf, type EngineCaches } from '../dispatch/context';
import { NotFoundError, ValidationError, parseInput } from '../errors';
import { idString } from '../limits';
import { entryIdOf, entryName } from '../explain/entry';
import { whyNotSummary, type WhyNotSummary } from '../explain/words';
import { nodeContext, orderForRules } from '../runner';
import { compileDraft, dispatchNode, excludedFrom, source } from './draft';

/** A sample order as JSON: every field may be left out and takes a plain default. */
export const sampleOrderSchema = z.object({
  id: z.string().default('sample'),
  number: z.string().default('SAMPLE-1'),
  title: z.string().default('Sample order'),
  category: z.string().default(''),
  priority: z.string().default('Medium'),
  source: z.string().default('manual'),
  customer: z.object({ name: z.string().default(''), tier: z.string().default('Standard') }).default({ name: '', tier: 'Standard' }),
  address: z
    .object({ city: z.string().default(''), region: z.string().default(''), postcode: z.string().default('') })
    .default({ city: '', region: '', postcode: '' }),
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).nullable().default(null),
  requiredSkills: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  custom: z.record(z.string(), z.unknown()).default({}),
  createdAt: z.iso.datetime({ offset: true }).default(() => new Date().toISOString()),
  sla: z
    .object({ respondBy: z.iso.datetime({ offset: true }), resolveBy: z.iso.datetime({ offset: true }) })
    .default(() => ({ respondBy: new Date(Date.now() + 4 * 3600_000).toISOString(), resolveBy: new Date(Date.now() + 24 * 3600_000).toISOString() })),
  /** The service group already chosen, by name (it sets the node's group, too). */
  serviceGroup: z.string().nullable().default(null),
  /** The provider already chosen, by name (it sets the node's provider, too). */
  provider: z.string().nullable().default(null),
});

export const testRulesInput = z.object({
  source,
  order: z.union([z.object({ id: idString }), z.object({ sample: z.unknown() })]),
  flowVersionId: idString,
  nodeId: idString,
  now: z.coerce.date().optional(),
  /** An engineer, provider or group (id or name) to explain the decision for: why not them? */
  whyNot: z.string().trim().max(200).optional(),
});

async function exclusionsAt(db: Db, orderId: string, nodeId: string): Promise<NodeContext['excluded']> {
  return excludedFrom(
    await db
      .select()
      .from(s.orderExclusions)
      .where(and(eq(s.orderExclusions.orderId, orderId), eq(s.orderExclusions.nodeId, nodeId))),
  );
}

export interface TestRulesResult {
  diagnostics: Diagnostic[];
  /** null while the source has errors. */
  decision: Decision | null;
  /** The order exactly as the rules saw it. */
  order: OrderData;
  node: { id: string; kind: NodeKind; label: string | null; serviceGroup: string | null; provider: string | null };
  now: string;
  /** With `whyNot`: the decision explained for that entry (null: no such entry, or the source has errors). */
  whyNot: (WhyNotSummary & { id: string; name: string }) | null;
}

/**
 * Runs the given source (saved or not) against a live order, in its current state (the group and
 * provider it holds, what it was excluded from at the node), or a sample order, at a node of a
 * published flow version.
 */
export async function testRules(engine: EngineCaches, raw: z.input<typeof testRulesInput>): Promise<TestRulesResult> {
  const { db } = engine;
  const input = parseInput(testRulesInput, raw);
  const [draft, flowNode] = await Promise.all([compileDraft(engine, input.source), dispatchNode(engine, input.flowVersionId, input.nodeId)]);
  const { directory } = draft;
  const now = input.now ?? new Date();
  let order: OrderData;
  let node: NodeContext;
  if ('id' in input.order) {
    const [row] = await db
      .select()
      .from(s.workOrders)
      .where(or(eq(s.workOrders.id, input.order.id), eq(s.workOrders.number, input.order.id)));
    if (!row) throw new NotFoundError('Work order', input.order.id);
    const state = stateOf(row);
    order = orderForRules(orderDataOf(row), state, directory);
    node = nodeContext(flowNode, state, await exclusionsAt(db, row.id, flowNode.id));
  } else {
    const parsed = sampleOrderSchema.safeParse(input.order.sample ?? {});
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[['sample', ...issue.path.map(String)].join('.')] ??= []).push(issue.message);
      const [field, [message]] = Object.entries(fieldErrors)[0];
      throw new ValidationError(`${field}: ${message}`, fieldErrors);
    }
    const sample = parsed.data;
    const group = sample.serviceGroup ? findByName(directory, 'group', sample.serviceGroup) : null;
    const provider = sample.provider ? findByName(directory, 'provider', sample.provider) : null;
    if (sample.serviceGroup && !group) throw new ValidationError(`No service group is named "${sample.serviceGroup}"`, { 'sample.serviceGroup': ['Unknown service group'] });
    if (sample.provider && !provider) throw new ValidationError(`No service provider is named "${sample.provider}"`, { 'sample.provider': ['Unknown service provider'] });
    order = { ...sample, serviceGroup: group?.name ?? null, provider: provider?.name ?? null };
    node = { id: flowNode.id, kind: flowNode.kind, serviceGroupId: group?.id ?? null, providerId: provider?.id ?? null };
  }
  const decision = draft.ruleSet ? evaluate(draft.ruleSet, { order, node, directory, now }) : null;
  const whyNotId = input.whyNot ? entryIdOf(directory, input.whyNot) : null;
  const why = whyNotId && draft.ruleSet && decision ? whyNot(draft.ruleSet, { order, node, directory, now }, whyNotId, decision) : null;
  return {
    whyNot: why && whyNotId ? { ...whyNotSummary(why, (id) => entryName(directory, id)), id: whyNotId, name: entryName(directory, whyNotId) } : null,
    diagnostics: draft.diagnostics,
    decision,
    order,
    node: {
      id: flowNode.id,
      kind: flowNode.kind,
      label: flowNode.label ?? null,
      serviceGroup: node.serviceGroupId ? (directory.serviceGroup(node.serviceGroupId)?.name ?? null) : null,
      provider: node.providerId ? (directory.provider(node.providerId)?.name ?? null) : null,
    },
    now: now.toISOString(),
  };
}

function findByName(directory: Directory, kind: 'group' | 'provider', nameOrId: string): { id: string; name: string } | null {
  const byId = kind === 'group' ? directory.serviceGroup(nameOrId) : directory.provider(nameOrId);
  if (byId) return byId;
  const lower = nameOrId.toLowerCase();
  const list: readonly { id: string; name: string }[] = kind === 'group' ? directory.serviceGroups : directory.providers;
  return list.find((x) => x.name.toLowerCase() === lower) ?? null;
}
