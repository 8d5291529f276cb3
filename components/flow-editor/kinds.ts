// Names of the node kinds as an admin reads them (DESIGN.md, "Flow nodes").
import { NODE_KINDS, type NodeKind } from '../../dsl';
import { HANDLER_BY_KIND } from '../../engine/flow';

export const KIND_LABELS: Record<NodeKind, string> = {
  start: 'Start',
  gateway: 'Gateway',
  assign_service_group: 'Assign service group',
  group_internal_assign: 'Service group internal assignment',
  assign_provider: 'Assign service provider',
  provider_assign_engineer: 'Provider assigns engineer',
  assign_provider_engineer: 'Assign provider engineer',
  assign_engineer: 'Assign engineer',
  engineer_accept: 'Engineer accepts',
  field_service: 'Field service',
  end: 'End',
};

/** The palette's order: the way an order travels (the order NODE_KINDS lists them in). */
export const PALETTE_KINDS: readonly NodeKind[] = NODE_KINDS;

export const kindLabel = (kind: string) => KIND_LABELS[kind as NodeKind] ?? kind;
export const handlerOf = (kind: string) => HANDLER_BY_KIND[kind as NodeKind] ?? null;

/** The kinds' colours, as in globals.css (.fe-k-*), for the minimap. */
export const KIND_COLORS: Record<NodeKind, string> = {
  start: '#12b76a',
  gateway: '#dc6803',
  assign_service_group: '#1f5fbf',
  group_internal_assign: '#3e4784',
  assign_provider: '#7a5af8',
  provider_assign_engineer: '#9e77ed',
  assign_provider_engineer: '#6941c6',
  assign_engineer: '#0e9384',
  engineer_accept: '#0086c9',
  field_service: '#4e5ba6',
  end: '#475467',
};
