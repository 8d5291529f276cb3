// What trying rules needs, for the test and the backtest alike: the source compiled against the
// custom fields and directory as they are now, the dispatch node it runs at, and the order's
// exclusions there.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { compileRuleSet, isDispatchNodeKind, type NodeContext } from '../../dsl';
import * as s from '../../drizzle/schema';
import { compiledFlowVersion, loadCustomFields, type EngineCaches } from '../dispatch/context';
import type { FlowNode } from '../flow';
import { NotFoundError, ValidationError } from '../errors';

export const source = z.string().max(500_000);

/** The rules' view of things: custom fields and directory as they are now, and the source compiled against them. */
export async function compileDraft(engine: EngineCaches, text: string) {
  const [customFields, directory] = await Promise.all([loadCustomFields(engine.db), engine.directory.get()]);
  const { ruleSet, diagnostics } = compileRuleSet(text, { customFields, directory });
  return { customFields, directory, ruleSet, diagnostics };
}

export async function dispatchNode(engine: EngineCaches, flowVersionId: string, nodeId: string): Promise<FlowNode> {
  const [version] = await engine.db.select({ id: s.flowVersions.id }).from(s.flowVersions).where(eq(s.flowVersions.id, flowVersionId));
  if (!version) throw new NotFoundError('Flow version', flowVersionId);
  const node = (await compiledFlowVersion(engine, flowVersionId)).node(nodeId);
  if (!node) throw new NotFoundError('Node', nodeId);
  if (!isDispatchNodeKind(node.kind)) throw new ValidationError(`Rules do not run at a ${node.kind} node`, { nodeId: ['Choose a dispatch node'] });
  return node;
}

/** The exclusions of an order at a node, from its order_exclusions rows, as the node context takes them. */
export function excludedFrom(rows: ReadonlyArray<{ targetType: string; targetId: string }>): NodeContext['excluded'] {
  if (!rows.length) return undefined;
  const of = (type: string) => rows.filter((x) => x.targetType === type).map((x) => x.targetId);
  return { engineers: of('engineer'), providers: of('service_provider'), serviceGroups: of('service_group') };
}
