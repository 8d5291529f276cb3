// The language's functions, each written once: name, parameters and result type (the checker),
// signature and doc (hover and completion), and how it compiles to a closure (the compiler).
// Adding a function is adding an entry here.
import type { Expr } from './ast';
import { haversineKm } from './geometry';
import { DEFAULT_TRAVEL, travelMinutes } from './schedule';
import { DISTANCE, DURATION, NUMBER, POINT, STRING, ownTable, showType, type Ty } from './schema';
import type { LatLng, OrderData, TravelData } from './types';

/** What a function's closure may read: the order, the time of the evaluation (epoch ms), the directory (null in a gateway condition). */
export interface FnEnv {
  o: OrderData;
  now: number;
  dir: { readonly travel: TravelData } | null;
}

export type ArgFn<E extends FnEnv> = (env: E) => unknown;

export interface Param {
  name: string;
  /** As the checker's messages and the signature say it: `number`, `list or string`. */
  type: string;
  accepts: (t: Ty) => boolean;
}

/** What the compiler offers a function's compile: fusing order reads, literal arguments. */
export interface FunctionCompiler {
  /** The reader of an order field, to read it inside the function's own closure; null for anything else. */
  orderReader(e: Expr): ((o: OrderData) => unknown) | null;
  /** A literal argument's value (quantities in base units); undefined when not a literal. */
  literal(e: Expr): { value: unknown } | undefined;
}

export interface LangFunction {
  name: string;
  params: readonly Param[];
  result: Ty;
  doc: string;
  /** `name(p: type, …): result`, derived. */
  signature: string;
  /**
   * For `hours_until` and the like over a time: the time's distance from now in units of `scale`
   * ms, `until` it (t - now) or since it (now - t). Lets the compiler fuse `f(order.x) < k`.
   */
  time?: { scale: number; until: boolean };
  /** Called with as many arguments as params (the checker saw to it). */
  compile<E extends FnEnv>(args: ArgFn<E>[], exprs: readonly Expr[], c: FunctionCompiler): ArgFn<E>;
}

const is =
  (k: Ty['k']) =>
  (t: Ty): boolean =>
    t.k === k;
const stringLike = (t: Ty): boolean => t.k === 'string' || t.k === 'enum';

const NUMBER_P = (name: string): Param => ({ name, type: 'number', accepts: is('number') });
const POINT_P = (name: string): Param => ({ name, type: 'point', accepts: is('point') });
const TIME_P = (name: string): Param => ({ name, type: 'time', accepts: is('time') });
const STRING_P = (name: string): Param => ({ name, type: 'string', accepts: stringLike });

function fn(f: Omit<LangFunction, 'signature'>): LangFunction {
  return { ...f, signature: `${f.name}(${f.params.map((p) => `${p.name}: ${p.type}`).join(', ')}): ${showType(f.result)}` };
}

/** hours_until, minutes_since, …: a time's distance from now, in hours or minutes. */
function timeFn(name: string, scale: number, until: boolean, doc: string): LangFunction {
  return fn({
    name,
    params: [TIME_P('t')],
    result: NUMBER,
    doc,
    time: { scale, until },
    compile(args, exprs, c) {
      const read = c.orderReader(exprs[0]);
      if (read) {
        return until
          ? (env) => {
              const t = read(env.o);
              return typeof t === 'number' ? (t - env.now) / scale : null;
            }
          : (env) => {
              const t = read(env.o);
              return typeof t === 'number' ? (env.now - t) / scale : null;
            };
      }
      const f = args[0];
      return until
        ? (env) => {
            const t = f(env);
            return typeof t === 'number' ? (t - env.now) / scale : null;
          }
        : (env) => {
            const t = f(env);
            return typeof t === 'number' ? (env.now - t) / scale : null;
          };
    },
  });
}

/** A `point(lat, lng)` of literals: the point (null if not numbers); undefined for anything else. */
function fixedPoint(e: Expr, c: FunctionCompiler): LatLng | null | undefined {
  if (e.kind !== 'call' || e.name !== 'point' || e.args.length !== 2) return undefined;
  const lat = c.literal(e.args[0]);
  const lng = c.literal(e.args[1]);
  if (lat === undefined || lng === undefined) return undefined;
  return typeof lat.value === 'number' && typeof lng.value === 'number' ? { lat: lat.value, lng: lng.value } : null;
}

export const FUNCTIONS: Readonly<Record<string, LangFunction>> = ownTable<LangFunction>({
  point: fn({
    name: 'point',
    params: [NUMBER_P('lat'), NUMBER_P('lng')],
    result: POINT,
    doc: 'A point on the map.',
    compile([f, g], exprs, c) {
      const lat = c.literal(exprs[0]);
      const lng = c.literal(exprs[1]);
      if (lat !== undefined && lng !== undefined) {
        const p = typeof lat.value === 'number' && typeof lng.value === 'number' ? { lat: lat.value, lng: lng.value } : null;
        return () => p;
      }
      return (env) => {
        const lat = f(env);
        const lng = g(env);
        return typeof lat === 'number' && typeof lng === 'number' ? { lat, lng } : null;
      };
    },
  }),
  distance: fn({
    name: 'distance',
    params: [POINT_P('a'), POINT_P('b')],
    result: DISTANCE,
    doc: 'Great-circle distance; null if either point is null.',
    compile([f, g], exprs, c) {
      // Distance to a fixed point (a depot): the point is computed once.
      const fixedAt = exprs.findIndex((x) => fixedPoint(x, c) !== undefined);
      if (fixedAt >= 0) {
        const q = fixedPoint(exprs[fixedAt], c)!;
        if (q === null) return () => null;
        const { lat: qLat, lng: qLng } = q;
        const read = c.orderReader(exprs[1 - fixedAt]);
        if (read) {
          return (env) => {
            const p = read(env.o) as LatLng | null;
            return p == null ? null : haversineKm(p.lat, p.lng, qLat, qLng);
          };
        }
        const other = fixedAt === 0 ? g : f;
        return (env) => {
          const p = other(env) as LatLng | null;
          return p == null ? null : haversineKm(p.lat, p.lng, qLat, qLng);
        };
      }
      return (env) => {
        const p = f(env) as LatLng | null;
        if (p == null) return null;
        const q = g(env) as LatLng | null;
        if (q == null) return null;
        return haversineKm(p.lat, p.lng, q.lat, q.lng);
      };
    },
  }),
  travel_time: fn({
    name: 'travel_time',
    params: [POINT_P('a'), POINT_P('b')],
    result: DURATION,
    doc: "The estimated drive: great-circle distance at the directory's travel speed (default 40 km/h), rounded up to whole minutes, never below its minimum; null if either point is null.",
    compile([f, g]) {
      return (env) => {
        const m = travelMinutes(f(env) as LatLng | null, g(env) as LatLng | null, env.dir?.travel ?? DEFAULT_TRAVEL);
        return m === null ? null : m * 60_000;
      };
    },
  }),
  hours_until: timeFn('hours_until', 3_600_000, true, 'Hours from now until t (negative once past).'),
  minutes_since: timeFn('minutes_since', 60_000, false, 'Minutes from t until now.'),
  hours_since: timeFn('hours_since', 3_600_000, false, 'Hours from t until now.'),
  minutes_until: timeFn('minutes_until', 60_000, true, 'Minutes from now until t.'),
  lower: fn({
    name: 'lower',
    params: [STRING_P('s')],
    result: STRING,
    doc: 'The string in lower case.',
    compile([f]) {
      return (env) => {
        const v = f(env);
        return typeof v === 'string' ? v.toLowerCase() : null;
      };
    },
  }),
  upper: fn({
    name: 'upper',
    params: [STRING_P('s')],
    result: STRING,
    doc: 'The string in upper case.',
    compile([f]) {
      return (env) => {
        const v = f(env);
        return typeof v === 'string' ? v.toUpperCase() : null;
      };
    },
  }),
  len: fn({
    name: 'len',
    params: [{ name: 'x', type: 'list or string', accepts: (t) => stringLike(t) || t.k === 'list' }],
    result: NUMBER,
    doc: 'Number of items of a list, or characters of a string.',
    compile([f]) {
      return (env) => {
        const v = f(env);
        return typeof v === 'string' || Array.isArray(v) ? v.length : null;
      };
    },
  }),
});
