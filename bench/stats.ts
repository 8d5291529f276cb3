// What the benchmarks print of their timings: numbers written alike, percentiles, and the latency
// summary of a call timed many times.

/** A number with thousands separators and exactly `digits` decimals. */
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const ascending = (xs: number[]) => [...xs].sort((a, b) => a - b);
const rank = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** The `p`th percentile (nearest rank) of `xs`, which it leaves unsorted. */
export function percentile(xs: number[], p: number): number {
  return rank(ascending(xs), p);
}

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

export interface LatencyStats {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  runs: number;
}

export function latencyStats(ms: number[]): LatencyStats {
  const sorted = ascending(ms);
  return { p50: rank(sorted, 50), p95: rank(sorted, 95), p99: rank(sorted, 99), max: sorted[sorted.length - 1], runs: ms.length };
}

/** Milliseconds of each of `runs` calls of `fn`, one after the other, after `warm` calls untimed. */
export async function timeCalls(fn: () => Promise<unknown>, runs: number, warm = 0): Promise<number[]> {
  for (let i = 0; i < warm; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms;
}

/** The closing line of a benchmark with targets; the exit code says whether all were met. */
export function reportTargets(allMet: boolean): void {
  console.log(allMet ? '\nAll targets met.' : '\nSome targets missed.');
  process.exitCode = allMet ? 0 : 1;
}
