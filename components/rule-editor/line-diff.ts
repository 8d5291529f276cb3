// A line diff for the versions panel: the longest common subsequence of lines, after the common
// head and tail are set aside (edits to a rule set are usually local). Pure, for tests.

export interface DiffLine {
  type: 'same' | 'added' | 'removed';
  text: string;
  /** 1-based line in the old text (same, removed). */
  oldLine: number | null;
  /** 1-based line in the new text (same, added). */
  newLine: number | null;
}

/** Beyond this many cells the middle is shown as removed then added, not aligned. */
const MAX_CELLS = 4_000_000;

const splitLines = (text: string) => (text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n'));

export function lineDiff(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ type: 'same', text: a[i], oldLine: i + 1, newLine: i + 1 });
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const n = am.length;
  const m = bm.length;
  if (n * m > MAX_CELLS) {
    am.forEach((text, i) => out.push({ type: 'removed', text, oldLine: head + i + 1, newLine: null }));
    bm.forEach((text, j) => out.push({ type: 'added', text, oldLine: null, newLine: head + j + 1 }));
  } else {
    // lcs[i][j]: length of the LCS of am[i..] and bm[j..], one flat array.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = am[i] === bm[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        out.push({ type: 'same', text: am[i], oldLine: head + i + 1, newLine: head + j + 1 });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
        // Removals before additions where both keep the subsequence.
        out.push({ type: 'removed', text: am[i], oldLine: head + i + 1, newLine: null });
        i++;
      } else {
        out.push({ type: 'added', text: bm[j], oldLine: null, newLine: head + j + 1 });
        j++;
      }
    }
  }
  for (let k = tail; k > 0; k--) {
    out.push({ type: 'same', text: a[a.length - k], oldLine: a.length - k + 1, newLine: b.length - k + 1 });
  }
  return out;
}

export function diffCounts(lines: readonly DiffLine[]) {
  return { added: lines.filter((l) => l.type === 'added').length, removed: lines.filter((l) => l.type === 'removed').length };
}

/** Changed lines with `context` unchanged lines around them; runs of hidden lines become one gap. */
export function withContext(lines: readonly DiffLine[], context = 3): Array<DiffLine | { type: 'gap'; hidden: number }> {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, i) => {
    if (l.type === 'same') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  const out: Array<DiffLine | { type: 'gap'; hidden: number }> = [];
  let hidden = 0;
  lines.forEach((l, i) => {
    if (keep[i]) {
      if (hidden) out.push({ type: 'gap', hidden });
      hidden = 0;
      out.push(l);
    } else hidden++;
  });
  if (hidden) out.push({ type: 'gap', hidden });
  return out;
}
