import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatRuleSet } from './index';

const example = readFileSync(new URL('./fixtures/example.rules', import.meta.url), 'utf8');

describe('formatRuleSet', () => {
  it('lays out the RULES.md example canonically, keeping its comments', () => {
    const { text, diagnostics } = formatRuleSet(example);
    expect(diagnostics).toEqual([]);
    expect(text).toBe(`# Urgent HVAC work in the north goes straight to the North Metro group
rule "urgent-hvac-north"
  priority 100
  when order.priority in ["High", "Urgent"]
    and order.category == "HVAC"
    and distance(order.location, point(40.7128, -74.0060)) < 30 km
  assign service_group "North Metro"

# Nearest available engineer with every required skill, least loaded first
rule "nearest-skilled-engineer"
  when order.category != "Install"
    and hours_until(order.sla.resolveBy) < 48
  assign engineer
    where engineer.skills contains all order.requiredSkills
      and engineer.status == "available"
      and engineer.openOrders < engineer.capacity
      and distance(engineer.location, order.location) <= 50 km
    rank by distance(engineer.location, order.location) asc, engineer.openOrders asc
    with 1 collaborator

# Platinum customers are always dispatched by hand
rule "platinum-manual"
  priority 1000
  at assign_engineer, assign_provider_engineer
  when order.customer.tier == "Platinum"
  assign manual
`);
    expect(formatRuleSet(text!).text).toBe(text);
  });

  it('normalises spacing, parentheses and the collaborator word', () => {
    const src = 'rule   "a"   disabled priority 2 at own-engineer,"x y" when ((order.priority=="High")) and (1+2)*3>4 or not(order.tags contains "a")\nassign engineer where (engineer.rating>4) rank by engineer.rating desc with 2 collaborator';
    expect(formatRuleSet(src).text).toBe(`rule "a"
  priority 2
  at own-engineer, "x y"
  disabled
  when order.priority == "High" and (1 + 2) * 3 > 4
    or not order.tags contains "a"
  assign engineer
    where engineer.rating > 4
    rank by engineer.rating desc
    with 2 collaborators
`);
  });

  it('keeps comments in place: own-line ones above, trailing ones at the end of the line', () => {
    const src = `# header

# about a
rule "a" # trailing on the rule line
  # before when
  when order.priority == "High" # after the first condition
    and order.category == "HVAC"
  assign manual
# at the end
`;
    const out = formatRuleSet(src).text!;
    expect(out).toBe(`# header

# about a
rule "a" # trailing on the rule line
  # before when
  when order.priority == "High" # after the first condition
    and order.category == "HVAC"
  assign manual

# at the end
`);
    expect(formatRuleSet(out).text).toBe(out);
  });

  it('keeps a comment written inside an expression that gets joined onto one line', () => {
    const src = 'rule "a" when (order.priority == "High" # why\n or order.priority == "Urgent") and true assign manual';
    const out = formatRuleSet(src).text!;
    expect(out).toContain('# why');
    expect(formatRuleSet(out).text).toBe(out);
  });

  it('escapes strings and quotes node ids that are not plain words', () => {
    const src = 'rule "say \\"hi\\" \\\\ now" at "a b", "when", node-2 when order.title == "\\"" assign manual';
    const out = formatRuleSet(src).text!;
    expect(out).toContain('rule "say \\"hi\\" \\\\ now"');
    expect(out).toContain('at "a b", "when", node-2');
    expect(formatRuleSet(out).text).toBe(out);
  });

  it('returns null with the syntax errors when the text does not parse', () => {
    const r = formatRuleSet('rule "a" when assign manual');
    expect(r.text).toBeNull();
    expect(r.diagnostics[0].code).toBe('syntax');
  });

  it('formats an empty or comment-only file', () => {
    expect(formatRuleSet('').text).toBe('');
    expect(formatRuleSet('  # only\n').text).toBe('# only\n');
  });
});
