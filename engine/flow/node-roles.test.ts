// The node-roles table: who handles each node kind, what they may do, who hears about it.
import { describe, expect, it } from 'vitest';
import { NODE_KINDS, isDispatchNodeKind } from '../../dsl';
import type { Principal } from '../principal';
import {
  HANDLER_LABELS,
  NODE_ROLES,
  allowedActions,
  DISPATCHING_ROLES,
  breachAudience,
  handles,
  rolesFor,
  nodeRecipients,
  queueKindsOf,
  type ActionNode,
  type ActionOrder,
} from './node-roles';

const principal = (over: Partial<Principal>): Principal => ({
  id: 'u',
  name: 'U',
  email: 'u@x',
  role: 'dispatcher',
  permissions: [],
  groupIds: [],
  providerId: null,
  engineerId: null,
  ...over,
});

const dispatcher = principal({ role: 'dispatcher' });
const admin = principal({ role: 'admin' });
const gina = principal({ role: 'group_dispatcher', groupIds: ['sg-north'] });
const coolfix = principal({ role: 'provider_dispatcher', providerId: 'sp-coolfix' });
const ana = principal({ role: 'engineer', engineerId: 'e-ana' });
const held = { serviceGroupId: 'sg-north', providerId: 'sp-coolfix', engineerId: 'e-ana' };
const COMPANY = ['assign_service_group', 'assign_provider', 'assign_provider_engineer', 'assign_engineer'] as const;

describe('node-roles table', () => {
  it('names a handler for every dispatch and engineer node, and none for start, gateway, end', () => {
    for (const kind of NODE_KINDS) {
      const expected = isDispatchNodeKind(kind) || kind === 'engineer_accept' || kind === 'field_service';
      expect(!!NODE_ROLES[kind].handler, kind).toBe(expected);
    }
    expect(HANDLER_LABELS.group_internal_assign).toBe("the group's dispatcher");
    expect(HANDLER_LABELS.assign_engineer).toBe('dispatcher');
    expect(HANDLER_LABELS.start).toBeUndefined();
  });

  it('decides who handles an order at each kind (DESIGN.md handler column)', () => {
    for (const kind of COMPANY) {
      expect(handles(dispatcher, kind, held)).toBe(true);
      expect(handles(admin, kind, held)).toBe(true);
      expect(handles(gina, kind, held)).toBe(false);
    }
    expect(handles(gina, 'group_internal_assign', held)).toBe(true);
    expect(handles(gina, 'group_internal_assign', { ...held, serviceGroupId: 'sg-south' })).toBe(false);
    expect(handles(dispatcher, 'group_internal_assign', held)).toBe(false);
    expect(handles(coolfix, 'provider_assign_engineer', held)).toBe(true);
    expect(handles(coolfix, 'provider_assign_engineer', { ...held, providerId: null })).toBe(false);
    expect(handles(ana, 'engineer_accept', held)).toBe(true);
    expect(handles(ana, 'field_service', { ...held, engineerId: 'e-other' })).toBe(false);
    expect(handles(dispatcher, 'start', held)).toBe(false);
  });

  it('gives each role the queues of its handler', () => {
    expect(queueKindsOf(dispatcher)).toEqual(COMPANY.slice().sort((a, b) => NODE_KINDS.indexOf(a) - NODE_KINDS.indexOf(b)));
    expect(queueKindsOf(gina)).toEqual(['group_internal_assign']);
    expect(queueKindsOf(coolfix)).toEqual(['provider_assign_engineer']);
    expect(queueKindsOf(ana)).toEqual([]);
  });

  it('names who hears about an order at a node, and of a breach', () => {
    expect(nodeRecipients('assign_provider', held)).toEqual({ companyDispatchers: true });
    expect(nodeRecipients('group_internal_assign', held)).toEqual({ groupDispatchersOf: 'sg-north' });
    expect(nodeRecipients('provider_assign_engineer', { ...held, providerId: null })).toBeNull();
    expect(breachAudience('assign_engineer', held)).toEqual({ engineers: ['e-ana'] });
    expect(breachAudience('group_internal_assign', { ...held, engineerId: null })).toEqual({ groupDispatchersOf: 'sg-north' });
    expect(breachAudience(undefined, { serviceGroupId: 'sg-north', providerId: null, engineerId: null })).toEqual({ groupDispatchersOf: 'sg-north' });
    expect(breachAudience('end', { serviceGroupId: null, providerId: null, engineerId: null })).toBeNull();
  });

  it('lists the actions an order offers by node, status, handler, config and permission', () => {
    const nodes: Record<string, ActionNode & { id: string }> = {
      g: { id: 'g', kind: 'assign_service_group' },
      gi: { id: 'gi', kind: 'group_internal_assign', config: { allowReassign: false } },
      ea: { id: 'ea', kind: 'engineer_accept' },
      fs: { id: 'fs', kind: 'field_service' },
    };
    const at = (currentNodeId: string, status: ActionOrder['status'], over: Partial<ActionOrder> = {}): ActionOrder => ({
      serviceGroupId: 'sg-north',
      providerId: null,
      engineerId: null,
      status,
      currentNodeId,
      nodePath: ['g', 'gi', 'ea', 'fs'].slice(0, ['g', 'gi', 'ea', 'fs'].indexOf(currentNodeId) + 1),
      ...over,
    });
    const node = (id: string) => nodes[id];
    expect(allowedActions(gina, at('gi', 'pending_assignment'), node, 'engineers')).toEqual(['assign', 'reject']);
    expect(allowedActions(dispatcher, at('gi', 'pending_assignment'), node, 'engineers')).toEqual([]);
    const reallocator = principal({ role: 'dispatcher', permissions: ['reallocate'] });
    expect(allowedActions(reallocator, at('gi', 'pending_assignment'), node, 'engineers')).toEqual(['reallocate']);
    expect(allowedActions(reallocator, at('g', 'pending_assignment', { serviceGroupId: null }), node, 'engineers')).toEqual(['assign']);
    const assigned = at('ea', 'assigned', { engineerId: 'e-ana' });
    expect(allowedActions(ana, assigned, node, 'engineers')).toEqual(['accept', 'decline']);
    expect(allowedActions(ana, at('fs', 'accepted', { engineerId: 'e-ana' }), node, 'engineers')).toEqual(['start']);
    expect(allowedActions(ana, at('fs', 'in_progress', { engineerId: 'e-ana' }), node, 'engineers')).toEqual(['pause', 'complete']);
    expect(allowedActions(ana, at('fs', 'completed', { engineerId: 'e-ana' }), node, 'engineers')).toEqual([]);
    expect(allowedActions(reallocator, at('fs', 'completed', { engineerId: 'e-ana' }), node, 'engineers')).toEqual([]);
  });

  it('gives each action procedure the roles of its handlers', () => {
    expect(DISPATCHING_ROLES).toEqual(['admin', 'dispatcher', 'group_dispatcher', 'provider_dispatcher']);
    expect(rolesFor('assign')).toEqual(DISPATCHING_ROLES);
    expect(rolesFor('reassignGroup')).toEqual(['group_dispatcher']);
    expect(rolesFor('reject')).toEqual(['group_dispatcher', 'provider_dispatcher']);
    expect(rolesFor('reallocate')).toEqual(['admin', 'dispatcher', 'group_dispatcher']);
    for (const a of ['accept', 'decline', 'start', 'pause', 'complete'] as const) expect(rolesFor(a)).toEqual(['engineer', 'provider_engineer']);
  });
});
