import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outlineOf, ruleAt } from './outline';
import { suggestionOf, toMarkers } from './language';
import { checkRuleSet } from '../../dsl';

const metro = readFileSync(new URL('../../engine/templates/metro-auto-dispatch.rules', import.meta.url), 'utf8');

describe('the outline', () => {
  it('lists the rules of the demo rule set with line, target and priority', () => {
    const rules = outlineOf(metro);
    expect(rules.map((r) => [r.name, r.target, r.priority])).toEqual([
      ['platinum-manual', 'manual', 1000],
      ['urgent-hvac-north', 'service_group', 100],
      ['installs-to-partners', 'service_group', null],
      ['provider-by-region', 'service_provider', null],
      ['nearest-skilled-engineer', 'engineer', null],
      ['nearest-provider-engineer', 'provider_engineer', null],
    ]);
    const lines = metro.split('\n');
    for (const r of rules) expect(lines[r.line - 1].trimStart().startsWith(`rule "${r.name}"`)).toBe(true);
    expect(ruleAt(rules, rules[1].line + 2)?.name).toBe('urgent-hvac-north');
    expect(ruleAt(rules, 1)).toBeNull();
  });

  it('reads rules that do not parse yet, and ignores "rule" in comments and strings', () => {
    const rules = outlineOf('# rule "not-me"\nrule "half" when\nrule\nrule "x\\"y" disabled when true assign "rule"');
    expect(rules.map((r) => [r.name, r.line, r.disabled])).toEqual([
      ['half', 2, false],
      ['(unnamed rule)', 3, false],
      ['x"y', 4, true],
    ]);
  });
});

describe('markers and quick fixes', () => {
  const fake = { MarkerSeverity: { Error: 8, Warning: 4 } } as never;

  it('turns diagnostics into markers with the same range and the stable code', () => {
    const diagnostics = checkRuleSet('rule "a"\n  when order.priorty == "High"\n  assign manual\n');
    expect(toMarkers(fake, diagnostics)).toEqual([
      {
        severity: 8,
        code: 'unknown-field',
        source: 'rules',
        message: diagnostics[0].message,
        startLineNumber: 2,
        startColumn: 14,
        endLineNumber: 2,
        endColumn: 21,
      },
    ]);
    expect(suggestionOf(diagnostics[0].message)).toBe('priority');
    expect(suggestionOf('unknown name "x"')).toBeNull();
  });
});
