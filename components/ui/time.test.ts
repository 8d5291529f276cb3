import { describe, expect, it } from 'vitest';
import { formatDateTime, splitMinutes, timeAgo } from './time';

describe('timeAgo', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const before = (ms: number) => new Date(now - ms);

  it('says how long ago in minutes, hours and days', () => {
    expect(timeAgo(before(20_000), now)).toBe('just now');
    expect(timeAgo(before(4 * 60_000), now)).toBe('4 min ago');
    expect(timeAgo(before(3 * 3600_000), now)).toBe('3 h ago');
    expect(timeAgo(before(47 * 3600_000), now)).toBe('47 h ago');
    expect(timeAgo(before(3 * 86_400_000), now)).toBe('3 d ago');
  });

  it('takes ISO strings, never says "in", and names a missing date', () => {
    expect(timeAgo(before(10 * 60_000).toISOString(), now)).toBe('10 min ago');
    expect(timeAgo(new Date(now + 60_000), now)).toBe('just now');
    expect(timeAgo(null, now)).toBe('—');
    expect(timeAgo(undefined, now, 'unknown')).toBe('unknown');
  });
});

describe('formatDateTime', () => {
  it('writes a moment in one style, and "—" for none', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('2026-12-01T12:00:00Z')).toMatch(/^Dec 1, 2026/);
  });
});

describe('splitMinutes', () => {
  it('splits a span into days, hours and minutes', () => {
    expect(splitMinutes(1530)).toEqual({ d: 1, h: 1, m: 30 });
    expect(splitMinutes(45)).toEqual({ d: 0, h: 0, m: 45 });
    expect(splitMinutes(90.4)).toEqual({ d: 0, h: 1, m: 30 });
  });
});
