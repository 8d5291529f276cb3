import { describe, expect, it } from 'vitest';
import { emptyHistory, record, redo, undo } from './history';

describe('history', () => {
  it('undoes and redoes one step at a time', () => {
    let h = emptyHistory<string>();
    h = record(h, 'a', null, 0);
    h = record(h, 'b', null, 10);
    const u1 = undo(h, 'c')!;
    expect(u1.state).toBe('b');
    const u2 = undo(u1.history, u1.state)!;
    expect(u2.state).toBe('a');
    expect(undo(u2.history, u2.state)).toBeNull();
    const r1 = redo(u2.history, u2.state)!;
    expect(r1.state).toBe('b');
    const r2 = redo(r1.history, r1.state)!;
    expect(r2.state).toBe('c');
    expect(redo(r2.history, r2.state)).toBeNull();
  });

  it('folds typing in one field into one step, within the window', () => {
    let h = emptyHistory<string>();
    h = record(h, '', 'label:x', 0);
    h = record(h, 'A', 'label:x', 300);
    h = record(h, 'AB', 'label:x', 600);
    expect(h.past).toEqual(['']);
    h = record(h, 'ABC', 'label:x', 5000);
    expect(h.past).toEqual(['', 'ABC']);
    h = record(h, 'ABCD', 'label:y', 5100);
    expect(h.past).toHaveLength(3);
  });

  it('keeps a whole drag as one step however long it takes', () => {
    let h = emptyHistory<number>();
    for (let t = 0; t < 20; t++) h = record(h, t, 'drag:1', t * 2000);
    expect(h.past).toEqual([0]);
    h = record(h, 99, 'drag:2', 50_000);
    expect(h.past).toEqual([0, 99]);
  });

  it('drops the redo future on a new change and never folds across an undo', () => {
    let h = emptyHistory<string>();
    h = record(h, 'a', 'label:x', 0);
    const u = undo(h, 'b')!;
    expect(u.history.future).toEqual(['b']);
    const h2 = record(u.history, 'a', 'label:x', 100);
    expect(h2.future).toEqual([]);
    expect(h2.past).toEqual(['a']);
  });
});
