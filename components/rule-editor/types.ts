import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/root';

type RulesOutputs = inferRouterOutputs<AppRouter>['rules'];
export type RuleSetDetail = RulesOutputs['get'];
export type RuleSetVersion = RuleSetDetail['versions'][number];
export type FlowNodes = RulesOutputs['flowNodes'];
export type FoundOrder = RulesOutputs['searchOrders'][number];
export type TestResult = RulesOutputs['test'];
export type BacktestResult = RulesOutputs['backtest'];
export type DirectoryNames = RulesOutputs['directoryNames'];

/** A node of a published flow, as the pickers name it. */
export const nodeOptionLabel = (n: { label: string; kind: string }) => `${n.label} (${n.kind})`;
