// The fields the rules at a node read come from the rule set's text (and the slot search for engineer
// targets); an edit's changed fields are those the rules would see differently.
import { describe, expect, it } from 'vitest';
import { compileRuleSet, type OrderData } from '../../dsl';
import { changedOrderFields, orderFieldsReadAt } from './rule-fields';

const SOURCE = `
rule "gold-north"
  at assign_service_group
  when order.customer.tier == "Gold" and order.custom.contract == "SLA"
  assign service_group "North"

rule "nearest"
  at assign_engineer
  when order.priority == "Urgent"
  assign engineer
    where engineer.skills contains all order.requiredSkills
    rank by distance(engineer.location, order.location) asc

rule "off"
  disabled
  at assign_service_group
  when order.title == "x"
  assign manual
`;

const order: OrderData = {
  id: 'o1',
  number: 'WO-1',
  title: 'AC',
  category: 'HVAC',
  priority: 'Medium',
  source: 'api',
  customer: { name: 'Acme', tier: 'Standard' },
  address: { city: 'Bronx', region: 'North', postcode: '10451' },
  location: null,
  requiredSkills: [],
  tags: [],
  custom: {},
  createdAt: '2026-11-23T09:00:00Z',
  sla: { respondBy: '2026-11-23T12:00:00Z', resolveBy: '2026-11-24T09:00:00Z' },
};

describe('fields the rules read', () => {
  const { ruleSet } = compileRuleSet(SOURCE, { customFields: [{ name: 'contract', type: 'string' }] });

  it('are the order paths of the enabled rules that fit the node', () => {
    expect([...orderFieldsReadAt(ruleSet!, SOURCE, { id: 'g', kind: 'assign_service_group' })].sort()).toEqual(['custom.contract', 'customer.tier']);
  });

  it('at an engineer step include what the earliest slot reads', () => {
    expect([...orderFieldsReadAt(ruleSet!, SOURCE, { id: 'e', kind: 'assign_engineer' })].sort()).toEqual([
      'duration',
      'location',
      'priority',
      'requiredSkills',
      'window.end',
      'window.start',
    ]);
  });

  it('changed by an edit: as the rules would read them', () => {
    const after: OrderData = { ...order, customer: { ...order.customer, tier: 'Gold' }, custom: { contract: 'SLA' }, address: { ...order.address } };
    expect(changedOrderFields(order, after)).toEqual(['customer.tier', 'custom.contract']);
    expect(changedOrderFields(order, { ...order, address: { ...order.address } })).toEqual([]);
  });
});
