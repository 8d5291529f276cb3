// RULES.md "Warnings": rules that can never fire, and `at` names that name no node kind (nor, with
// flows, a node id). Warnings never fail a check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRuleSet } from './index';
import type { FlowNodeRef } from './warnings';

const warnings = (source: string, flowNodes?: FlowNodeRef[]) =>
  checkRuleSet(source, { flowNodes }).filter((d) => d.severity === 'warning');
const codes = (source: string, flowNodes?: FlowNodeRef[]) => warnings(source, flowNodes).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`);

const ENGINEER_RULE = (name: string, extra = '') => `rule "${name}"${extra}
  when order.priority == "High" and order.category == "HVAC"
  assign engineer where engineer.status == "available"
`;

describe('a rule that can never fire', () => {
  it('is reported at its `rule` keyword when an earlier manual rule with `when true` fits every node it may fire at', () => {
    const src = `rule "all-manual" when true assign manual\n${ENGINEER_RULE('nearest')}`;
    const w = warnings(src);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ code: 'unreachable-rule', severity: 'warning', range: { start: { line: 2, column: 1 } } });
    expect(w[0].message).toContain('rule "nearest" can never fire');
    expect(w[0].message).toContain('"all-manual"');
  });

  it("when the manual rule's top-level and terms are a subset of its own, however spaced, parenthesised or written with another unit", () => {
    const src = `rule "manual-first"
  when (order.category   == "HVAC")
  assign manual
rule "a"
  when order.priority == "High" and (order.category == "HVAC" and distance(order.location, point(40.7, -74)) < 30 km)
  assign engineer
rule "b"
  when distance(order.location, point(40.7, -74)) < 30000 m and order.category == "HVAC"
  assign service_provider
`;
    expect(codes(src)).toEqual(['unreachable-rule@4:1', 'unreachable-rule@7:1']);
  });

  it('not when the manual rule comes later, is disabled, asks for more, or does not cover every node', () => {
    const later = `${ENGINEER_RULE('nearest')}rule "all-manual" when true assign manual\n`;
    expect(codes(later)).toEqual([]);
    const lowerPriority = `rule "all-manual" priority -1 when true assign manual\n${ENGINEER_RULE('nearest')}`;
    expect(codes(lowerPriority)).toEqual([]);
    const higherPriority = `${ENGINEER_RULE('nearest')}rule "all-manual" priority 5 when true assign manual\n`;
    expect(codes(higherPriority)).toEqual(['unreachable-rule@1:1']);
    const disabled = `rule "all-manual" disabled when true assign manual\n${ENGINEER_RULE('nearest')}`;
    expect(codes(disabled)).toEqual([]);
    const more = `rule "m" when order.category == "HVAC" and order.customer.tier == "Gold" assign manual\n${ENGINEER_RULE('nearest')}`;
    expect(codes(more)).toEqual([]);
    const other = `rule "m" when order.priority == "Low" assign manual\n${ENGINEER_RULE('nearest')}`;
    expect(codes(other)).toEqual([]);
    // An engineer rule may fire at assign_engineer and group_internal_assign: a manual rule at one of them leaves the other.
    const oneNode = `rule "m" at assign_engineer when true assign manual\n${ENGINEER_RULE('nearest')}`;
    expect(codes(oneNode)).toEqual([]);
    const bothNodes = `rule "m" at assign_engineer, group_internal_assign when true assign manual\n${ENGINEER_RULE('nearest')}`;
    expect(codes(bothNodes)).toEqual(['unreachable-rule@2:1']);
    const sameAt = `rule "m" at assign_engineer when true assign manual\n${ENGINEER_RULE('nearest', ' at assign_engineer')}`;
    expect(codes(sameAt)).toEqual(['unreachable-rule@2:1']);
    const disabledSelf = `rule "all-manual" when true assign manual\n${ENGINEER_RULE('nearest', ' disabled')}`;
    expect(codes(disabledSelf)).toEqual([]);
  });

  it('with flows, a manual rule at a node kind covers a rule at a node id of that kind', () => {
    const src = `rule "m" at assign_engineer when true assign manual\n${ENGINEER_RULE('nearest', ' at own-engineer')}`;
    expect(codes(src, [{ id: 'own-engineer', kind: 'assign_engineer' }])).toEqual(['unreachable-rule@2:1']);
    expect(codes(src, [{ id: 'own-engineer', kind: 'group_internal_assign' }])).toEqual([]);
  });

  it('a later manual rule is shadowed too', () => {
    const src = `rule "everything" when true assign manual\nrule "vip" when order.customer.tier == "Gold" assign manual\n`;
    expect(codes(src)).toEqual(['unreachable-rule@2:1']);
  });
});

describe('`at` names', () => {
  it('without flows, only a near miss of a node kind is reported, at the name, with the suggestion', () => {
    const w = warnings('rule "a" at assign_engineers when true assign engineer\n');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ code: 'unknown-at-name', range: { start: { line: 1, column: 13 } } });
    expect(w[0].message).toContain('did you mean assign_engineer?');
    expect(codes('rule "a" at own-engineer when true assign engineer\n')).toEqual([]);
  });

  it('with flows, a name that is neither a node kind nor a node id of those flows is reported', () => {
    const nodes = [{ id: 'own-engineer', kind: 'assign_engineer' }];
    expect(codes('rule "a" at own-engineer when true assign engineer\n', nodes)).toEqual([]);
    const w = warnings('rule "a" at own-enginer, somewhere when true assign engineer\n', nodes);
    expect(w.map((d) => d.range.start.column)).toEqual([13, 26]);
    expect(w[0].message).toContain('did you mean own-engineer?');
    expect(w[1].message).toContain('"somewhere" is neither a node kind nor a node id');
  });
});

describe('the demo rules', () => {
  it('have no warnings', () => {
    const src = readFileSync(new URL('./fixtures/demo.rules', import.meta.url), 'utf8');
    expect(warnings(src)).toEqual([]);
  });
});
