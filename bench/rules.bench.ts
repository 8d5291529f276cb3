// npm run bench:rules — one run, same machine, peers and ours side by side.
//  1. A realistic 50-rule set deciding 10,000 orders: our compiled rules with the full trace kept
//     (the headline: every production decision keeps its trace), json-rules-engine, zen-engine
//     with and without its trace, and a hand-written TypeScript function; all four must agree.
//  2. Parse + check + compile of a 1,000-rule file.
//  3. Selection (where + rank by distance, 1 collaborator) over 1k, 10k and 100k engineers.
//  4. Slot selection: 10,000 engineers with shifts and bookings, orders with a window and a
//     duration, the engineer who can start first (RULES.md "The earliest slot").
//  5. Why not this candidate: explaining one engineer of 10,000 for a decision (RULES.md).
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { compileRuleSet, createDirectory, evaluate, whyNot, type NodeContext, type OrderData } from '../dsl/index';
import { decideByHand } from './handwritten';
import { fmt, median, percentile } from './stats';
import {
  NOW,
  groupDirectory,
  makeEngineers,
  makeOrders,
  makeScheduledEngineers,
  orderedSpecs,
  peerFacts,
  rng,
  ruleSpecs,
  toDsl,
  toJsonRules,
  toZenDecision,
} from './rules-spec';

const require = createRequire(import.meta.url);
const version = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

const ORDERS = 10_000;
const nowDate = new Date(NOW);
const nowMs = nowDate.getTime();
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

/**
 * Best time of `rounds` runs of each synchronous pass, the passes interleaved round by round so
 * that noise from a shared machine falls on all of them alike; one warm-up run each first.
 */
function timeInterleaved(rounds: number, passes: Array<() => void>): number[] {
  for (const p of passes) p();
  const best = passes.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    passes.forEach((p, i) => {
      const t0 = performance.now();
      p();
      best[i] = Math.min(best[i], performance.now() - t0);
    });
  }
  return best;
}

/** Best of `passes` runs of an asynchronous pass. */
async function timeAsync(passes: number, pass: () => Promise<void>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < passes; i++) {
    const t0 = performance.now();
    await pass();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * Times the decision of each order in 3 rounds; its latency is its best round (preemption on a
 * shared machine adds milliseconds to random calls). The first round alone is kept too, and how
 * many of its decisions `booked` counts.
 */
function timeDecisions<D>(orders: OrderData[], decide: (order: OrderData) => D, booked: (decision: D) => boolean) {
  const times: number[] = new Array(orders.length).fill(Infinity);
  const firstRound: number[] = [];
  let auto = 0;
  for (let round = 0; round < 3; round++) {
    orders.forEach((order, i) => {
      const t = performance.now();
      const d = decide(order);
      const dt = performance.now() - t;
      times[i] = Math.min(times[i], dt);
      if (round === 0) {
        firstRound.push(dt);
        if (booked(d)) auto++;
      }
    });
  }
  return { times, firstRound, auto };
}

type Key = string;
const key = (outcome: string, rule: string | null, group: string | null): Key => `${outcome}|${rule ?? '-'}|${group ?? '-'}`;

/**
 * Part 1 in two steps: ours and the hand-written function are timed at once, in a fresh process
 * (before the other parts fill the heap); the returned step times the peers and prints it all.
 */
function decisionsBench(): () => Promise<boolean> {
  const orders = makeOrders(ORDERS, 1);
  const specs = ruleSpecs();
  const directory = createDirectory(groupDirectory());
  const source = toDsl(specs);
  const { ruleSet, diagnostics } = compileRuleSet(source, { directory });
  if (!ruleSet) throw new Error(`bench rule set does not compile: ${JSON.stringify(diagnostics)}`);
  const node: NodeContext = { id: 'dispatch', kind: 'assign_service_group' };

  // The timed passes only count outcomes (so no decision is optimised away); which rule and
  // assignee each engine chose is collected afterwards, untimed, for the agreement check.
  // Every decision of ours keeps its trace, as in production (the same loop with a sink that
  // keeps nothing is timed beside it); the readable trace is built when read, from what the
  // decision recorded: reading it and writing it as JSON, as an order's history stores it, is
  // timed on its own.
  const noTrace = { trace: false } as const;
  let sink = 0;
  const oursTraced = () => {
    for (let i = 0; i < ORDERS; i++) if (evaluate(ruleSet, { order: orders[i], node, directory, now: nowDate }).outcome === 'auto') sink++;
  };
  const oursBare = () => {
    for (let i = 0; i < ORDERS; i++) if (evaluate(ruleSet, { order: orders[i], node, directory, now: nowDate }, noTrace).outcome === 'auto') sink++;
  };
  const handPass = () => {
    for (let i = 0; i < ORDERS; i++) if (decideByHand(orders[i], nowMs).outcome === 'auto') sink++;
  };
  const JSON_ORDERS = 1_000;
  let traceBytes = 0;
  const oursStored = () => {
    for (let i = 0; i < JSON_ORDERS; i++) traceBytes += JSON.stringify(evaluate(ruleSet, { order: orders[i], node, directory, now: nowDate }).trace).length;
  };

  const [tTraced, tOurs, tHand] = timeInterleaved(200, [oursTraced, oursBare, handPass]);
  if (sink === 0) throw new Error('no order was auto-assigned');
  const ours = orders.map((order) => {
    const d = evaluate(ruleSet, { order, node, directory, now: nowDate });
    return key(d.outcome, d.rule, d.assignee?.id ?? null);
  });
  const hand = orders.map((order) => {
    const d = decideByHand(order, nowMs);
    return key(d.outcome, d.rule, d.groupId);
  });
  traceBytes = 0;
  const [tStored1k] = timeInterleaved(5, [oursStored]);
  const tStored = (tStored1k * ORDERS) / JSON_ORDERS;
  const avgTraceBytes = traceBytes / (6 * JSON_ORDERS);
  return async () => {

    // The peers are loaded only now, one after the other: zen-engine's native runtime, once
    // started, slows the garbage collector of the whole process (measured: our pass ~2x slower;
    // the hand-written one, which hardly allocates, unchanged), so every engine is timed before
    // zen-engine is loaded, and zen-engine last.
    const { Engine } = await import('json-rules-engine');
    // json-rules-engine: distinct priorities + stop at the first success = first match wins.
    const jre = new Engine([], { allowUndefinedFacts: true });
    for (const r of toJsonRules(orderedSpecs())) jre.addRule(r);
    jre.on('success', () => {
      jre.stop();
    });
    const jreOut: Key[] = new Array(ORDERS);
    const jreDecide = async (i: number) => {
      const res = await jre.run(peerFacts(orders[i], nowMs) as unknown as Record<string, unknown>);
      const ev = res.events[0];
      const p = ev?.params as { rule: string; group: string | null } | undefined;
      jreOut[i] = ev ? key(ev.type === 'manual' ? 'manual' : 'auto', p!.rule, p!.group) : key('manual', null, null);
    };
    for (let i = 0; i < 300; i++) await jreDecide(i);
    const tJre = await timeAsync(2, async () => {
      for (let i = 0; i < ORDERS; i++) await jreDecide(i);
    });

    const { ZenEngine } = await import('@gorules/zen-engine');
    const zen = new ZenEngine();
    const decision = zen.createDecision(toZenDecision(orderedSpecs()));
    const zenOut: Key[] = new Array(ORDERS);
    const zenTraced = { trace: true };
    const zenDecide = async (i: number, opts?: { trace: boolean }) => {
      const res = await decision.evaluate(peerFacts(orders[i], nowMs), opts);
      const r = res.result as { rule?: string; group?: string | null };
      if (opts?.trace && !res.trace) throw new Error('zen-engine returned no trace');
      zenOut[i] = r.rule ? key(r.group ? 'auto' : 'manual', r.rule, r.group ?? null) : key('manual', null, null);
    };
    const zenPass = (inFlight: number, opts?: { trace: boolean }) => async () => {
      for (let i = 0; i < ORDERS; i += inFlight) {
        const batch: Array<Promise<void>> = [];
        for (let j = i; j < Math.min(ORDERS, i + inFlight); j++) batch.push(zenDecide(j, opts));
        await Promise.all(batch);
      }
    };
    for (let i = 0; i < 300; i++) await zenDecide(i);
    const tZenSeq = await timeAsync(3, zenPass(1));
    const tZenPar = await timeAsync(3, zenPass(64));
    const tZenTracedSeq = await timeAsync(3, zenPass(1, zenTraced));
    const tZenTracedPar = await timeAsync(3, zenPass(64, zenTraced));
    const tZen = Math.min(tZenSeq, tZenPar);
    const tZenTraced = Math.min(tZenTracedSeq, tZenTracedPar);
    zen.dispose();

    let agree = 0;
    const firstDiff: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      if (ours[i] === hand[i] && ours[i] === jreOut[i] && ours[i] === zenOut[i]) agree++;
      else if (firstDiff.length < 5) firstDiff.push(`  ${orders[i].id}: ours ${ours[i]} | hand ${hand[i]} | json-rules-engine ${jreOut[i]} | zen ${zenOut[i]}`);
    }
    const outcomes = new Map<string, number>();
    for (const k of ours) {
      const o = k.split('|')[0] + (k.split('|')[1] === '-' ? ' (no rule)' : '');
      outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
    }

    const perSec = (ms: number) => ORDERS / (ms / 1000);
    const zenName = `zen-engine ${version('@gorules/zen-engine')}`;
    const rows: Array<[string, number]> = [
      ['ours, full trace kept (as shipped)', tTraced],
      ['ours, trace read + JSON (as stored)', tStored],
      ['ours, no trace (sink that keeps nothing)', tOurs],
      ['hand-written TypeScript (the floor, no trace)', tHand],
      [`json-rules-engine ${version('json-rules-engine')}`, tJre],
      [`${zenName}, trace on, one by one`, tZenTracedSeq],
      [`${zenName}, trace on, 64 in flight`, tZenTracedPar],
      [`${zenName}, no trace, one by one`, tZenSeq],
      [`${zenName}, no trace, 64 in flight`, tZenPar],
    ];
    console.log(`\n1. ${specs.length} rules deciding ${fmt(ORDERS)} orders at an assign_service_group node (${source.length} chars of rules)`);
    console.log(`   outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(`   HEADLINE: ${fmt(perSec(tTraced))} decisions/s with the full trace (zen-engine with its trace: ${fmt(perSec(tZenTraced))}/s)`);
    console.log(`   ${pad('engine', 50)}${lpad('decisions/s', 14)}${lpad('µs/decision', 13)}${lpad('vs ours (full trace)', 24)}`);
    for (const [name, ms] of rows) {
      const ratio = ms / tTraced;
      const rel = ratio >= 1 ? `ours ${fmt(ratio, 1)}x faster` : `ours ${fmt(1 / ratio, 2)}x slower`;
      console.log(`   ${pad(name, 50)}${lpad(fmt(perSec(ms)), 14)}${lpad(fmt((ms * 1000) / ORDERS, 2), 13)}${lpad(ms === tTraced ? '—' : rel, 24)}`);
    }
    console.log('   (each: best of interleaved rounds — ours and hand-written 200, zen-engine 3, json-rules-engine 2;');
    console.log(`    "as stored": ${fmt(JSON_ORDERS)} orders, best of 5, the trace built from the recorded facts and written as JSON, ${fmt(avgTraceBytes / 1024, 1)} KB a decision)`);
    console.log(`   agreement: ${fmt(agree)}/${fmt(ORDERS)} orders decided identically by all four`);
    for (const d of firstDiff) console.log(d);
    const checks: Array<[string, boolean, string]> = [
      ['≥ 250,000 decisions/s with the full trace', perSec(tTraced) >= 250_000, `${fmt(perSec(tTraced))}/s`],
      ['≥ 10x zen-engine, both with trace', tZenTraced / tTraced >= 10, `${fmt(tZenTraced / tTraced, 1)}x`],
      ['≥ 500x json-rules-engine (ours no trace)', tJre / tOurs >= 500, `${fmt(tJre / tOurs, 0)}x; with the full trace ${fmt(tJre / tTraced, 0)}x`],
      ['≥ 10x zen-engine (its faster mode; ours no trace)', tZen / tOurs >= 10, `${fmt(tZen / tOurs, 1)}x`],
      ['within 1.5x of hand-written (no trace)', tOurs / tHand <= 1.5, `${fmt(tOurs / tHand, 2)}x the hand-written time`],
    ];
    for (const [what, ok, got] of checks) console.log(`   target ${pad(what, 50)} ${ok ? 'MET ' : 'MISS'}  (${got})`);
    return agree === ORDERS;
  };
}

function compileBench(): void {
  const specs = ruleSpecs();
  const r = rng(5);
  const parts: string[] = [];
  for (let i = 0; i < 1000; i++) {
    if (i % 5 === 4) {
      parts.push(`# engineer selection ${i}
rule "select-${i}"
  priority ${i % 7}
  at assign_engineer, own-engineer-${i % 10}
  when order.priority in ["High", "Urgent"] and hours_until(order.sla.resolveBy) < ${12 + (i % 36)}
  assign engineer
    where engineer.skills contains all order.requiredSkills
      and engineer.status == "available"
      and engineer.openOrders < engineer.capacity
      and distance(engineer.location, order.location) <= ${20 + (i % 60)} km
    rank by distance(engineer.location, order.location) asc, engineer.rating desc
    with ${i % 3} collaborators
`);
    } else {
      const s = specs[Math.floor(r() * specs.length)];
      parts.push(toDsl([{ ...s, name: `${s.name}-${i}` }]));
    }
  }
  const source = parts.join('\n');
  const directory = createDirectory(groupDirectory());
  const t0 = performance.now();
  const first = compileRuleSet(source, { directory });
  const cold = performance.now() - t0;
  if (!first.ruleSet) throw new Error(`1,000-rule file does not compile: ${JSON.stringify(first.diagnostics.slice(0, 3))}`);
  const warm: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    compileRuleSet(source, { directory });
    const used = process.cpuUsage(c);
    warm.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  const best = Math.min(...warm);
  const lines = source.split('\n').length;
  console.log(`\n2. parse + check + compile of a 1,000-rule file (${fmt(lines)} lines, ${fmt(source.length / 1024)} KB, ${first.ruleSet.rules.length} rules)`);
  console.log(`   first run (cold JIT) ${fmt(cold, 1)} ms; then 21 runs: best ${fmt(best, 1)} ms, median ${fmt(median(warm), 1)} ms (CPU time: best ${fmt(Math.min(...cpu), 1)} ms, all threads incl. GC)`);
  console.log(`   target < 100 ms: ${best < 100 ? 'MET' : 'MISS'} (best run${median(warm) < 100 ? ' and median' : '; the median is over on this shared machine'})`);
}

/** Parts 3 and 5: the nearest available engineer with the skill, within 50 km, and a colleague. */
const NEAREST_RULE = `rule "nearest"
  when true
  assign engineer
    where engineer.skills contains all order.requiredSkills
      and engineer.status == "available" and engineer.openOrders < engineer.capacity
      and distance(engineer.location, order.location) <= 50 km
    rank by distance(engineer.location, order.location) asc, engineer.openOrders asc
    with 1 collaborator
`;

/** Orders needing one of five skills, spread over the engineers' area; `unlocated` of them with no location. */
function skilledOrders(n: number, seed: number, unlocated: number): OrderData[] {
  const r = rng(seed);
  const skills = ['hvac', 'electrical', 'plumbing', 'install', 'appliance'];
  return makeOrders(n, seed).map((o) => ({
    ...o,
    requiredSkills: [skills[Math.floor(r() * skills.length)]],
    location: r() < unlocated ? null : { lat: 38.5 + r() * 6, lng: -79.5 + r() * 9 },
  }));
}

function selectionBench(): void {
  const src = NEAREST_RULE;
  const node: NodeContext = { id: 'own-engineer', kind: 'assign_engineer' };
  const orders = skilledOrders(2000, 3, 0.05);
  console.log(`\n3. selection: where (skills, status, load, within 50 km) + rank by distance, openOrders, with 1 collaborator; ${fmt(orders.length)} orders`);
  console.log('   latency per order (the trace kept, as shipped) = best of 3 rounds; "p99 1 round" is the first round alone; "p99 read" reads the trace too');
  console.log(`   ${pad('engineers', 11)}${lpad('directory', 11)}${lpad('p50', 10)}${lpad('p99', 10)}${lpad('max', 10)}${lpad('p99 1 round', 13)}${lpad('candidates', 12)}${lpad('auto', 8)}${lpad('p99 read', 12)}`);
  let ok = true;
  for (const n of [1_000, 10_000, 100_000]) {
    const engineers = makeEngineers(n, 2);
    const t0 = performance.now();
    const directory = createDirectory({ serviceGroups: [], providers: [], engineers });
    const built = performance.now() - t0;
    const { ruleSet } = compileRuleSet(src);
    for (let i = 0; i < 200; i++) evaluate(ruleSet!, { order: orders[i], node, directory, now: nowDate });
    const { times, firstRound, auto } = timeDecisions(
      orders,
      (order) => evaluate(ruleSet!, { order, node, directory, now: nowDate }),
      (d) => d.outcome === 'auto',
    );
    const traced: number[] = [];
    let after = 0;
    for (const order of orders) {
      const t = performance.now();
      const d = evaluate(ruleSet!, { order, node, directory, now: nowDate });
      after += d.trace.considered[0]?.selection?.after ?? 0;
      traced.push(performance.now() - t);
    }
    const p99 = percentile(times, 99);
    const rawP99 = percentile(firstRound, 99);
    if (n === 100_000 && p99 >= 2) ok = false;
    const ms = (x: number) => `${fmt(x, 3)} ms`;
    console.log(
      `   ${pad(fmt(n), 11)}${lpad(`${fmt(built)} ms`, 11)}${lpad(ms(percentile(times, 50)), 10)}${lpad(ms(p99), 10)}${lpad(ms(Math.max(...times)), 10)}${lpad(ms(rawP99), 13)}${lpad(fmt(after / orders.length, 1), 12)}${lpad(`${Math.round((auto / orders.length) * 100)}%`, 8)}${lpad(ms(percentile(traced, 99)), 12)}`,
    );
  }
  console.log(`   target p99 < 2 ms at 100k: ${ok ? 'MET' : 'MISS'}  (distance filter answered by the directory's grid index)`);
}

function slotSelectionBench(): void {
  const src = `rule "earliest"
  when true
  assign engineer
    where engineer.earliestStart is not null
    rank by engineer.earliestStart asc
`;
  const node: NodeContext = { id: 'own-engineer', kind: 'assign_engineer' };
  const r = rng(11);
  const day0 = Math.floor(nowMs / 86_400_000) * 86_400_000;
  // Windows of 2–6 hours over the next 5 days (the afternoon of a working day, mostly), 30–180 min of work.
  const orders: OrderData[] = makeOrders(500, 5).map((o) => {
    const start = day0 + (1 + Math.floor(r() * 5)) * 86_400_000 + (8 + Math.floor(r() * 6)) * 3_600_000;
    return {
      ...o,
      location: { lat: 40.5 + r() * 0.5, lng: -74.2 + r() * 0.5 },
      durationMinutes: 30 + Math.floor(r() * 151),
      window: { start: new Date(start).toISOString(), end: new Date(start + (2 + Math.floor(r() * 5)) * 3_600_000).toISOString() },
    };
  });
  const n = 10_000;
  const engineers = makeScheduledEngineers(n);
  const bookings = engineers.reduce((a, e) => a + (e.bookings?.length ?? 0), 0);
  const shifts = engineers.reduce((a, e) => a + (e.shifts?.length ?? 0), 0);
  const t0 = performance.now();
  const directory = createDirectory({ serviceGroups: [], providers: [], engineers });
  const { ruleSet } = compileRuleSet(src);
  // The first decision parses every engineer's shifts and bookings (once per directory).
  evaluate(ruleSet!, { order: orders[0], node, directory, now: nowDate });
  const built = performance.now() - t0;
  for (let i = 0; i < 50; i++) evaluate(ruleSet!, { order: orders[i], node, directory, now: nowDate });
  const { times, firstRound, auto } = timeDecisions(
    orders,
    (order) => evaluate(ruleSet!, { order, node, directory, now: nowDate }),
    (d) => d.outcome === 'auto' && !!d.slot,
  );
  const p99 = percentile(times, 99);
  const ms = (x: number) => `${fmt(x, 3)} ms`;
  console.log(`\n4. slot selection: where engineer.earliestStart is not null, rank by engineer.earliestStart asc; ${fmt(orders.length)} orders with a window (2–6 h) and a duration (30–180 min)`);
  console.log(`   ${fmt(n)} engineers, ${fmt(shifts)} shifts, ${fmt(bookings)} bookings (${fmt(bookings / n, 1)} each, about 5 a working day); directory + first decision (schedules parsed) ${fmt(built)} ms`);
  console.log('   latency per decision (the trace kept; every engineer searched for its earliest slot) = best of 3 rounds; "p99 1 round" is the first round alone');
  console.log(`   p50 ${ms(percentile(times, 50))}   p99 ${ms(p99)}   max ${ms(Math.max(...times))}   p99 1 round ${ms(percentile(firstRound, 99))}   booked ${Math.round((auto / orders.length) * 100)}%`);
  console.log(`   target p99 < 5 ms: ${p99 < 5 ? 'MET' : 'MISS'}`);
}

function whyNotBench(): void {
  const src = `rule "urgent-by-hand"
  when order.priority == "Urgent" and order.customer.tier == "Platinum"
  assign manual

${NEAREST_RULE}`;
  const node: NodeContext = { id: 'own-engineer', kind: 'assign_engineer' };
  const r = rng(13);
  const orders = skilledOrders(2000, 7, 0);
  const n = 10_000;
  const engineers = makeEngineers(n, 2);
  const directory = createDirectory({ serviceGroups: [], providers: [], engineers });
  const { ruleSet } = compileRuleSet(src);
  const decisions = orders.map((order) => evaluate(ruleSet!, { order, node, directory, now: nowDate }));
  // Per order: the candidate ranked just behind the assignee and its collaborator (the "why not
  // them, they were close" question, which ranks every candidate), and any engineer at all.
  const ranked = decisions.map((d) => d.trace.considered.at(-1)?.selection?.top[2]?.id ?? null);
  const anyone = orders.map(() => engineers[Math.floor(r() * n)].id);
  const timeExplain = (ids: Array<string | null>) => {
    const times: number[] = [];
    const reasons = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      orders.forEach((order, i) => {
        const id = ids[i];
        if (id === null) return;
        const t = performance.now();
        const why = whyNot(ruleSet!, { order, node, directory, now: nowDate }, id, decisions[i])!;
        const dt = performance.now() - t;
        times[i] = Math.min(times[i] ?? Infinity, dt);
        if (round === 0) {
          const reason = 'rules' in why ? (why.rules.at(-1)?.reason ?? 'none') : 'chosen' in why ? 'chosen' : 'collaborator';
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      });
    }
    return { times: times.filter((t) => t !== undefined), reasons };
  };
  const ms = (x: number) => `${fmt(x, 3)} ms`;
  console.log(`\n5. why not this candidate: ${fmt(n)} engineers, the rule of part 3 behind a manual rule; ${fmt(orders.length)} decisions, each explained for one engineer (best of 3 rounds)`);
  let worst = 0;
  for (const [label, ids] of [
    ['third-ranked candidate (position among all candidates)', ranked],
    ['any engineer of the directory', anyone],
  ] as const) {
    const { times, reasons } = timeExplain(ids);
    const p99 = percentile(times, 99);
    worst = Math.max(worst, p99);
    const why = [...reasons].map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
    console.log(`   ${pad(label, 56)} p50 ${ms(percentile(times, 50))}   p99 ${ms(p99)}   max ${ms(Math.max(...times))}   (last reason: ${why})`);
  }
  console.log(`   target p99 < 5 ms: ${worst < 5 ? 'MET' : 'MISS'}`);
}

async function main() {
  const cpus = os.cpus();
  console.log(`Rules benchmark — node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${os.platform()} (one run; the machine may be shared)`);
  // `npm run bench:rules -- compile` runs one part only (decisions, compile, selection, slots, why-not).
  const only = new Set(process.argv.slice(2));
  const run = (part: string) => only.size === 0 || only.has(part);
  // Ours and the hand-written function are timed first, in a fresh process; then parts 2 and 3;
  // the peers of part 1 last (zen-engine's native runtime slows the rest of the process). The
  // output is still printed in order.
  const capture = (f: () => void): string[] => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => lines.push(args.join(' '));
    try {
      f();
    } finally {
      console.log = log;
    }
    return lines;
  };
  const peers = run('decisions') ? decisionsBench() : null;
  const compileOut = run('compile') ? capture(compileBench) : [];
  const selectionOut = run('selection') ? capture(selectionBench) : [];
  const slotsOut = run('slots') ? capture(slotSelectionBench) : [];
  const whyNotOut = run('why-not') ? capture(whyNotBench) : [];
  const agreed = peers ? await peers() : true;
  for (const line of [...compileOut, ...selectionOut, ...slotsOut, ...whyNotOut]) console.log(line);
  if (!agreed) {
    console.error('\nFAILED: the engines disagree on some decisions');
    process.exitCode = 1;
  }
}

await main();
