import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODES, compileCondition, compileRuleSet, createDirectory, type CustomFieldDef, type DirectoryData } from './index';

const data = JSON.parse(readFileSync(new URL('./fixtures/demo.data.json', import.meta.url), 'utf8')) as DirectoryData;
const directory = createDirectory(data);
const customFields = data.customFields as CustomFieldDef[];

/** `¦` marks where the diagnostic must start; it is removed from the source. */
function marked(src: string): { text: string; line: number; column: number } {
  const i = src.indexOf('¦');
  if (i < 0) throw new Error('no marker');
  const text = src.slice(0, i) + src.slice(i + 1);
  const before = text.slice(0, i);
  return { text, line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

const when = (cond: string) => `rule "r" when ${cond} assign manual`;
const whereEng = (cond: string) => `rule "r" when true assign engineer where ${cond}`;
const whereProv = (cond: string) => `rule "r" when true assign service_provider where ${cond}`;
const D = 'distance(order.location, order.location)';

const cases: Array<[name: string, src: string, code: string]> = [
  ['misspelled order field', when('order.¦priorty == "High"'), 'unknown-field'],
  ['misspelled nested field', when('order.customer.¦tierr == "Gold"'), 'unknown-field'],
  ['a group of fields is not a value', when('order.¦customer == "x"'), 'unknown-field'],
  ['field of a leaf', when('order.priority.¦x == "x"'), 'unknown-field'],
  ['custom field not declared', when('order.custom.¦contrct == "basic"'), 'unknown-field'],
  ['bare name', when('¦category == "HVAC"'), 'unknown-field'],
  ['now has no fields', when('now.¦hour > 3'), 'unknown-field'],
  ['root alone', when('¦order == "x"'), 'unknown-field'],
  ['engineer field typo in where', whereEng('engineer.¦skils contains "hvac"'), 'unknown-field'],
  ['unknown function', when('¦lenn(order.tags) > 1'), 'unknown-function'],
  ['unknown function near a real one', when('¦hours_til(order.createdAt) < 2'), 'unknown-function'],
  ['too few arguments', when('¦distance(order.location) < 3 km'), 'wrong-arity'],
  ['too many arguments', when('¦lower(order.title, order.category) == "x"'), 'wrong-arity'],
  ['time function on a string', when('hours_until(¦order.title) < 3'), 'type-mismatch'],
  ['string against number', when('order.category == ¦3'), 'type-mismatch'],
  ['ordering a list', when('¦order.tags < 3'), 'type-mismatch'],
  ['time against a number', when('order.createdAt > ¦3'), 'type-mismatch'],
  ['list contains a number', when('order.tags contains ¦3'), 'type-mismatch'],
  ['contains all with a string', whereEng('engineer.skills contains all ¦order.category'), 'type-mismatch'],
  ['mixed list', when('order.category in ["a", ¦1]'), 'type-mismatch'],
  ['starts with a number', when('order.title starts with ¦3'), 'type-mismatch'],
  ['adding strings', when('order.title ¦+ order.category == "x"'), 'type-mismatch'],
  ['rank by a list', 'rule "r" when true assign engineer rank by ¦engineer.skills', 'type-mismatch'],
  ['distance against a bare number', when(`${D} < ¦30`), 'unit-mismatch'],
  ['bare number against a distance', when(`¦30 > ${D}`), 'unit-mismatch'],
  ['distance against a duration', when(`${D} ¦< 2 h`), 'unit-mismatch'],
  ['duration against a bare number', when('now - order.createdAt > ¦2'), 'unit-mismatch'],
  ['distance plus a number', when(`${D} + ¦1 < 3 km`), 'unit-mismatch'],
  ['unit on a string', when('order.category ¦km == 3 km'), 'bad-unit'],
  ['enum value typo', when('order.priority == ¦"Hgh"'), 'bad-enum-value'],
  ['enum value in a list', when('order.priority in ["High", ¦"urgent"]'), 'bad-enum-value'],
  ['enum value on the left', when('¦"Gld" == order.customer.tier'), 'bad-enum-value'],
  ['engineer status value', whereEng('engineer.status == ¦"free"'), 'bad-enum-value'],
  ['custom enum value', when('order.custom.contract == ¦"gold"'), 'bad-enum-value'],
  ['engineer in when', when('¦engineer.status == "available"'), 'scope-engineer'],
  ['engineer in a provider selection', whereProv('¦engineer.rating > 3'), 'scope-engineer'],
  ['provider in when', when('¦provider.rating > 3'), 'scope-provider'],
  ['provider in an engineer selection', whereEng('¦provider.rating > 3'), 'scope-provider'],
  ['duplicate rule', 'rule "a" when true assign manual\nrule ¦"a" when false assign manual', 'duplicate-rule'],
  ['unknown engineer', 'rule "r" when true assign engineer ¦"Nobody"', 'unknown-assignee'],
  ['unknown group', 'rule "r" when true assign service_group ¦"North Metr"', 'unknown-assignee'],
  ['internal engineer as provider engineer', 'rule "r" when true assign provider_engineer ¦"Ana Ruiz"', 'unknown-assignee'],
  ['unknown provider', 'rule "r" when true assign service_provider ¦"CoolFix"', 'unknown-assignee'],
  ['missing when', 'rule "a" ¦assign manual', 'syntax'],
  ['missing target at the end', 'rule "a" when true assign ¦', 'syntax'],
  ['missing right operand', 'rule "a" when order.priority == ¦assign manual', 'syntax'],
  ['rule name not a string', 'rule ¦a when true assign manual', 'syntax'],
  ['unclosed parenthesis', 'rule "a" when (order.tags contains "x" ¦assign manual', 'syntax'],
  ['stray word after a rule', 'rule "a" when true assign manual ¦oops', 'syntax'],
  ['single equals sign', 'rule "a" when order.category ¦= "HVAC" assign manual', 'bad-character'],
  ['unterminated string', 'rule "a" when order.category == ¦"HVAC\n  assign manual', 'unterminated-string'],
  ['unknown escape', 'rule "a" when order.category == "H¦\\nX" assign manual', 'bad-escape'],
  ['priority twice', 'rule "a" priority 1 priority ¦2 when true assign manual', 'duplicate-clause'],
  ['fractional priority', 'rule "a" priority ¦1.5 when true assign manual', 'bad-integer'],
  ['collaborators on a provider', 'rule "a" when true assign service_provider with ¦2 collaborators', 'collaborators-not-allowed'],
  ['engineer rule limited to provider nodes', 'rule "a" at ¦assign_provider when true assign engineer', 'rule-never-fires'],
  ['one at kind does not fit', 'rule "a" at assign_engineer, ¦assign_provider when true assign engineer', 'at-kind-mismatch'],
  ['comparing with null', when('order.location ¦== null'), 'null-comparison'],
  ['when is not a condition', 'rule "a" when ¦order.category assign manual', 'not-a-condition'],
  ['and with a number', when('true and ¦3'), 'not-a-condition'],
  ['inactive group', 'rule "r" when true assign service_group ¦"Old Crew"', 'inactive-assignee'],
  ['chained comparison', when('1 < 2 ¦< 3'), 'syntax'],
  ['not after a comparison operator', when('order.category == ¦not "x"'), 'syntax'],
  ['is null twice', when('order.location is null ¦is null'), 'syntax'],
  ['collaborator count not a number', 'rule "a" when true assign engineer with ¦x collaborators', 'syntax'],
];

describe('diagnostics: code and position of each bad input', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', (_name, src, code) => {
    const { text, line, column } = marked(src);
    const { ruleSet, diagnostics } = compileRuleSet(text, { directory, customFields });
    const hit = diagnostics.find((d) => d.code === code);
    expect(hit, JSON.stringify(diagnostics)).toBeDefined();
    expect(hit!.range.start).toEqual({ line, column });
    expect(hit!.severity).toBe(CODES[code as keyof typeof CODES].severity);
    // Ranges run forwards and stay within the text.
    const end = hit!.range.end;
    expect(end.line > line || (end.line === line && end.column >= column)).toBe(true);
    expect(ruleSet === null).toBe(diagnostics.some((d) => d.severity === 'error'));
  });

  it('suggests the nearest name', () => {
    const { diagnostics } = compileRuleSet(when('order.priorty == "High"'));
    expect(diagnostics[0].message).toContain('did you mean "priority"?');
    const f = compileRuleSet(when('lenn(order.tags) > 1')).diagnostics;
    expect(f[0].message).toContain('did you mean "len"?');
    const e = compileRuleSet(when('order.priority == "Hgh"')).diagnostics;
    expect(e[0].message).toContain('did you mean "High"?');
    const b = compileRuleSet(when('category == "x"')).diagnostics;
    expect(b[0].message).toContain('did you mean "order.category"?');
  });

  it('reports every problem of a file in one pass, across broken rules', () => {
    const src = [
      'rule "one" when order.priorty == "High" assign manual',
      'rule "two" when order.category == assign manual',
      'rule "three" when lenn(order.tags) > 1 assign manual',
      'rule "four" when engineer.rating > 3 assign manual',
    ].join('\n');
    const { ruleSet, diagnostics } = compileRuleSet(src);
    expect(ruleSet).toBeNull();
    const got = diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
    expect(got).toEqual(expect.arrayContaining(['unknown-field@1', 'syntax@2', 'unknown-function@3', 'scope-engineer@4']));
  });

  it('does not cascade: one unknown field gives one diagnostic', () => {
    const { diagnostics } = compileRuleSet(when('order.nope + 1 > 2 and lower(order.nope) == "x"'));
    expect(diagnostics.map((d) => d.code)).toEqual(['unknown-field', 'unknown-field']);
  });

  it('warnings alone still compile', () => {
    const { ruleSet, diagnostics } = compileRuleSet(when('order.location == null'));
    expect(diagnostics.map((d) => d.code)).toEqual(['null-comparison']);
    expect(ruleSet).not.toBeNull();
  });

  it('gateway conditions see order and now only', () => {
    const g = compileCondition('group.name == "x"');
    expect(g.condition).toBeNull();
    expect(g.diagnostics[0]).toMatchObject({ code: 'scope-group', range: { start: { line: 1, column: 1 } } });
    const e = compileCondition('order.priority == "High" and engineer.rating > 2');
    expect(e.diagnostics[0]).toMatchObject({ code: 'scope-engineer', range: { start: { line: 1, column: 30 } } });
    const n = compileCondition('order.category');
    expect(n.diagnostics[0].code).toBe('not-a-condition');
    const s = compileCondition('order.category == "HVAC" or');
    expect(s.diagnostics[0].code).toBe('syntax');
  });

  it('an unknown at name is a node id, not an error', () => {
    const { ruleSet, diagnostics } = compileRuleSet('rule "a" at own-engineer, "pick provider" when true assign engineer');
    expect(diagnostics).toEqual([]);
    expect(ruleSet).not.toBeNull();
  });

  it('applies precedence: or < and < not < comparison < + - < * / < unary minus < unit', async () => {
    const { formatRuleSet } = await import('./index');
    const shape = (cond: string) => {
      const text = formatRuleSet(when(cond)).text!;
      return text.split('\n').filter((l) => /^\s+(when|and|or)/.test(l)).map((l) => l.trim()).join(' | ');
    };
    expect(shape('true or false and false')).toBe('when true | or false and false');
    expect(shape('not 1 < 2 and true')).toBe('when not 1 < 2 | and true');
    expect(shape('1 + 2 * 3 == 7')).toBe('when 1 + 2 * 3 == 7');
    expect(shape('(1 + 2) * 3 == 9')).toBe('when (1 + 2) * 3 == 9');
    expect(shape('1 - (2 - 3) == 2')).toBe('when 1 - (2 - 3) == 2');
    expect(shape('-(1 + 2) km < 1 km')).toBe('when -(1 + 2) km < 1 km');
    expect(shape('not not true')).toBe('when not not true');
    expect(shape('(true or false) and true')).toBe('when (true or false) | and true');
  });

  it('units and times that do fit', () => {
    const ok = [
      when(`${D} < 30 km and ${D} >= 500 m and ${D} < 2 mi`),
      when('now - order.createdAt > 2 h and order.sla.resolveBy - now < 1 d'),
      when('order.createdAt + 30 min < now'),
      when('hours_until(order.sla.resolveBy) < 48 and minutes_since(order.createdAt) > 5'),
      when(`${D} / 2 < 3 km and ${D} * 2 < 3 km and ${D} / (1 km) < 3`),
      when('order.priority >= "High" and order.custom.maxKm km > 3 km'),
      when('len(order.title) > 3 and upper(order.category) == "HVAC" and order.title contains "AC"'),
    ];
    for (const src of ok) expect(compileRuleSet(src, { customFields }).diagnostics, src).toEqual([]);
  });
});
