import { describe, expect, it } from 'vitest';
import { diffCounts, lineDiff, withContext } from './line-diff';

const render = (old: string, next: string) => lineDiff(old, next).map((l) => `${l.type === 'same' ? ' ' : l.type === 'added' ? '+' : '-'}${l.text}`);

describe('lineDiff', () => {
  it('keeps equal texts as they are', () => {
    expect(render('a\nb\n', 'a\nb\n')).toEqual([' a', ' b']);
    expect(lineDiff('', '')).toEqual([]);
  });

  it('finds one changed line among equal ones, with both line numbers', () => {
    const diff = lineDiff('rule "a"\n  when x\n  assign manual\n', 'rule "a"\n  when y\n  assign manual\n');
    expect(diff.map((l) => [l.type, l.text, l.oldLine, l.newLine])).toEqual([
      ['same', 'rule "a"', 1, 1],
      ['removed', '  when x', 2, null],
      ['added', '  when y', null, 2],
      ['same', '  assign manual', 3, 3],
    ]);
    expect(diffCounts(diff)).toEqual({ added: 1, removed: 1 });
  });

  it('aligns moved and inserted lines by their longest common subsequence', () => {
    expect(render('a\nb\nc\nd', 'a\nx\nb\nd\ne')).toEqual([' a', '+x', ' b', '-c', ' d', '+e']);
    expect(render('', 'a\nb')).toEqual(['+a', '+b']);
    expect(render('a\nb', '')).toEqual(['-a', '-b']);
  });

  it('reads CRLF as LF and ignores one final newline', () => {
    expect(render('a\r\nb\r\n', 'a\nb')).toEqual([' a', ' b']);
  });

  it('shows changes with context and counts the hidden lines', () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const next = old.replace('line 10', 'line ten');
    const shown = withContext(lineDiff(old, next), 2);
    expect(shown[0]).toEqual({ type: 'gap', hidden: 7 });
    expect(shown.filter((l) => l.type !== 'gap').map((l) => (l as { text: string }).text)).toEqual(['line 8', 'line 9', 'line 10', 'line ten', 'line 11', 'line 12']);
    expect(shown[shown.length - 1]).toEqual({ type: 'gap', hidden: 8 });
  });
});
