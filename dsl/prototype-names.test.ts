// Names that every JavaScript object inherits (`constructor`, `__proto__`, `toString`, …) are not
// fields, functions or units of the rules language: the checker reports them as unknown, with a
// line and column, instead of crashing or matching something from Object.prototype.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli/rules';
import { checkRuleSet, compileCondition, compileRuleSet, hoverAt, type CustomFieldDef, type OrderData } from './index';
import { ownEntry, ownTable } from './schema';

const INHERITED = [
  'constructor',
  '__proto__',
  'toString',
  'toLocaleString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__lookupGetter__',
] as const;

const errorsOf = (src: string, customFields: CustomFieldDef[] = []) =>
  checkRuleSet(src, { customFields }).filter((d) => d.severity === 'error');

describe('inherited object property names in rules', () => {
  it.each(INHERITED)('order.%s is an unknown field', (name) => {
    const errors = errorsOf(`rule "r" when order.${name} == "x" assign manual`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'unknown-field', message: expect.stringContaining(`unknown field "${name}" of order`) });
    expect(errors[0].range.start).toEqual({ line: 1, column: 21 });
  });

  it.each(INHERITED)('a nested %s (order.customer.x, engineer.x, provider.x, group.x) is unknown', (name) => {
    const cases = [
      [`rule "r" when order.customer.${name} == "x" assign manual`, 'of order.customer'],
      [`rule "r" when order.sla.${name} > now assign manual`, 'of order.sla'],
      [`rule "r" when true assign engineer where engineer.${name} == "x"`, 'of engineer'],
      [`rule "r" when true assign service_provider where provider.${name} == "x"`, 'of provider'],
      [`rule "r" when group.${name} == "x" assign manual`, 'of group'],
    ];
    for (const [src, where] of cases) {
      const errors = errorsOf(src);
      expect(errors, src).toHaveLength(1);
      expect(errors[0].code, src).toBe('unknown-field');
      expect(errors[0].message, src).toContain(`unknown field "${name}" ${where}`);
    }
  });

  it('a field of a known field that is an inherited name is unknown (not Object.prototype)', () => {
    const errors = errorsOf('rule "r" when order.title.constructor == "x" and order.tags.__proto__ is null assign manual');
    expect(errors.map((e) => e.message)).toEqual(['order.title has no field "constructor"', 'order.tags has no field "__proto__"']);
  });

  it.each(INHERITED)('order.custom.%s is an unknown custom field', (name) => {
    const errors = errorsOf(`rule "r" when order.custom.${name} == "x" assign manual`, [{ name: 'contract', type: 'string' }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'unknown-field', message: expect.stringContaining(`unknown custom field "${name}"`) });
  });

  it.each(INHERITED)('%s(...) is an unknown function', (name) => {
    const errors = errorsOf(`rule "r" when ${name}(order.title) == "x" assign manual`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'unknown-function', message: expect.stringContaining(`unknown function "${name}"`) });
  });

  it('rank by an inherited name is an unknown field, and nothing compiles', () => {
    const src = 'rule "r" when true assign engineer rank by engineer.toString desc, engineer.valueOf';
    const { ruleSet, diagnostics } = compileRuleSet(src);
    expect(ruleSet).toBeNull();
    expect(diagnostics.filter((d) => d.code === 'unknown-field')).toHaveLength(2);
  });

  it('a gateway condition with an inherited name is refused, not compiled into a read of Object.prototype', () => {
    const { condition, diagnostics } = compileCondition('order.constructor == "x" or order.hasOwnProperty is null');
    expect(condition).toBeNull();
    expect(diagnostics.map((d) => d.code)).toEqual(['unknown-field', 'unknown-field']);
  });

  it('a declared custom field named like an inherited property reads only the order\'s own value', () => {
    const customFields: CustomFieldDef[] = [
      { name: 'constructor', type: 'string' },
      { name: 'toString', type: 'number' },
    ];
    const { condition, diagnostics } = compileCondition('order.custom.constructor is null and order.custom.toString is null', { customFields });
    expect(diagnostics).toEqual([]);
    const order = { id: 'o', custom: {} } as unknown as OrderData;
    // Without own values both are null, not Object / Object.prototype.toString.
    expect(condition!(order, new Date())).toBe(true);
    const withValues = { id: 'o', custom: { constructor: 'x', toString: 3 } } as unknown as OrderData;
    expect(condition!(withValues, new Date())).toBe(false);
  });

  it('hover over an inherited name shows nothing instead of throwing', () => {
    const src = 'rule "r" when order.constructor == "x" and toString(order.title) == "y" assign manual';
    expect(() => hoverAt(src, { line: 1, column: 22 })).not.toThrow();
    expect(hoverAt(src, { line: 1, column: 45 })).toBeNull();
  });

  it('lookup tables have no prototype and ownEntry sees only own names', () => {
    const t = ownTable({ a: 1 });
    expect(Object.getPrototypeOf(t)).toBeNull();
    expect('constructor' in t).toBe(false);
    expect(ownEntry(t, 'a')).toBe(1);
    expect(ownEntry({ a: 1 } as Record<string, number>, 'constructor')).toBeUndefined();
    expect(ownEntry({ a: 1 } as Record<string, number>, '__proto__')).toBeUndefined();
  });
});

describe('rules check on a file using inherited names', () => {
  it('reports each as an unknown field or function with its position and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-proto-'));
    const file = join(dir, 'proto.rules');
    writeFileSync(
      file,
      [
        'rule "proto"',
        '  when order.constructor == "a" and order.__proto__ is null',
        '  assign engineer where engineer.toString == "x" and hasOwnProperty(order.id)',
        '',
      ].join('\n'),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = main(['check', file], { out: (l) => out.push(l), write: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(err).toEqual([]);
    expect(out).toEqual([
      `${file}:2:14: error: unknown field "constructor" of order`,
      `${file}:2:43: error: unknown field "__proto__" of order`,
      `${file}:3:34: error: unknown field "toString" of engineer`,
      `${file}:3:54: error: unknown function "hasOwnProperty"`,
    ]);
  });
});
