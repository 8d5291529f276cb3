import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completionsAt, createDirectory, highlight, hoverAt, tokenCategories, KEYWORDS_BY_CATEGORY, type DirectoryData } from './index';
import { KEYWORD_TOKENS, keywordOf } from './tokens';

const data = JSON.parse(readFileSync(new URL('./fixtures/demo.data.json', import.meta.url), 'utf8')) as DirectoryData;
const directory = createDirectory(data);

/** Completion labels with the cursor at the end of the text. */
function labels(src: string, options = {}): string[] {
  const lines = src.split('\n');
  return completionsAt(src, { line: lines.length, column: lines[lines.length - 1].length + 1 }, options).map((c) => c.label);
}

describe('completion', () => {
  it('offers the keywords the grammar allows next', () => {
    expect(labels('')).toEqual(['rule']);
    expect(labels('rule "a" ').sort()).toEqual(['at', 'disabled', 'priority', 'when']);
    expect(labels('rule "a" when true assign ').sort()).toEqual(['engineer', 'manual', 'provider_engineer', 'service_group', 'service_provider']);
    expect(labels('rule "a" when true assign engineer where true ')).toEqual(expect.arrayContaining(['rank', 'with', 'and', 'or', 'rule']));
  });

  it('offers fields one level down after a dot, filtered by what is typed', () => {
    expect(labels('rule "a" when order.customer.')).toEqual(['name', 'tier']);
    expect(labels('rule "a" when order.pri')).toEqual(['priority']);
    expect(labels('rule "a" when order.custom.', { customFields: data.customFields })).toEqual(['contract', 'maxKm', 'vip']);
    expect(labels('rule "a" when true assign engineer where engineer.ra')).toEqual(['rating']);
  });

  it('offers engineer fields only inside an engineer selection', () => {
    expect(labels('rule "a" when ')).not.toContain('engineer.rating');
    expect(labels('rule "a" when true assign engineer where ')).toContain('engineer.rating');
    expect(labels('rule "a" when true assign service_provider where ')).toContain('provider.rating');
  });

  it('offers enum values after a comparison with an enum field, and ranks fields of the same type first', () => {
    const items = completionsAt('rule "a" when order.priority == ', { line: 1, column: 33 });
    expect(items.filter((i) => i.kind === 'value').map((i) => i.label)).toEqual(['"Low"', '"Medium"', '"High"', '"Urgent"']);
    const inList = labels('rule "a" when order.customer.tier in ["Gold", ');
    expect(inList).toEqual(expect.arrayContaining(['"Standard"', '"Platinum"']));
    const num = completionsAt('rule "a" when order.custom.maxKm < ', { line: 1, column: 36 }, { customFields: data.customFields });
    const best = num.filter((i) => i.kind === 'field').sort((a, b) => (a.sortText < b.sortText ? -1 : 1))[0];
    expect(best.detail).toBe('number');
  });

  it('offers directory names after a target kind', () => {
    expect(labels('rule "a" when true assign service_group ', { directory })).toEqual(['"North Metro"', '"Old Crew"', '"Partner Network"', '"South Side"']);
    expect(labels('rule "a" when true assign provider_engineer "F', { directory })).toEqual(['"Finn Hale"']);
  });

  it('offers units after a number only', () => {
    expect(labels('rule "a" when distance(order.location, order.location) < 30 ')).toEqual(expect.arrayContaining(['km', 'm', 'mi', 'min', 'h', 'd']));
    expect(labels('rule "a" when order.category == "x" ')).not.toContain('km');
  });
});

describe('hover', () => {
  it('shows a field’s type and meaning', () => {
    const h = hoverAt('rule "a" when order.customer.tier == "Gold" assign manual', { line: 1, column: 31 });
    expect(h!.contents).toContain('`order.customer.tier`: enum Standard, Gold, Platinum');
    expect(h!.range).toEqual({ start: { line: 1, column: 30 }, end: { line: 1, column: 34 } });
    expect(hoverAt('rule "a" when order.customer.tier == "Gold"', { line: 1, column: 22 })!.contents).toMatch(/^`order.customer`/);
    expect(hoverAt('rule "a" when true assign engineer where engineer.rating > 3', { line: 1, column: 52 })!.contents).toContain('number');
    expect(hoverAt('rule "a" when order.custom.vip', { line: 1, column: 28 }, { customFields: data.customFields })!.contents).toContain('bool');
  });

  it('shows a function’s signature, a unit, a keyword', () => {
    expect(hoverAt('rule "a" when hours_until(order.createdAt) < 1', { line: 1, column: 16 })!.contents).toContain('hours_until(t: time): number');
    expect(hoverAt('x < 3 km', { line: 1, column: 7 })!.contents).toContain('kilometres');
    expect(hoverAt('rule "a"', { line: 1, column: 2 })!.contents).toContain('Starts a rule');
    expect(hoverAt('rule "a"', { line: 1, column: 6 })).toBeNull();
  });
});

describe('highlighting from tokens.ts', () => {
  it('maps every keyword token to a category, and keywords by category', () => {
    const cats = tokenCategories();
    for (const t of KEYWORD_TOKENS) expect(cats[t.name], t.name).toBeDefined();
    expect(KEYWORDS_BY_CATEGORY.unit.sort()).toEqual(['d', 'h', 'km', 'm', 'mi', 'min']);
    expect(KEYWORDS_BY_CATEGORY.keyword).toContain('rule');
    expect(KEYWORDS_BY_CATEGORY.operator).toContain('contains');
    expect(KEYWORD_TOKENS.map(keywordOf)).toContain('service_group');
  });

  it('categorises every token of a text, comments included', () => {
    const src = 'rule "a" # note\n  when len(order.tags) >= 3 km';
    expect(highlight(src).map((t) => [src.slice(t.startOffset, t.startOffset + t.length), t.category])).toEqual([
      ['rule', 'keyword'],
      ['"a"', 'string'],
      ['# note', 'comment'],
      ['when', 'keyword'],
      ['len', 'function'],
      ['(', 'delimiter'],
      ['order', 'keyword'],
      ['.', 'delimiter'],
      ['tags', 'identifier'],
      [')', 'delimiter'],
      ['>=', 'operator'],
      ['3', 'number'],
      ['km', 'unit'],
    ]);
  });

  it('tells keywords from longer names that start with them', () => {
    const cats = highlight('minutes_since min mi m desc d distance').map((t) => t.category);
    expect(cats).toEqual(['identifier', 'unit', 'unit', 'unit', 'keyword', 'unit', 'identifier']);
  });
});
