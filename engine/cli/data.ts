// The scheduling keys of a *.data.json (FORMATS.md): checked with a message naming the path of
// the bad value, and entries of the same engineer or order merged by id (the scheduling keys may
// come in entries of their own).

export interface DataProblem {
  /** Dotted path into the file (`engineers.0.shifts.1.end`), as locateFlowPath takes it. */
  path: string;
  message: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isIso(v: unknown): v is string {
  return typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A span [start, end): two ISO times, the end not before the start (`strict`: after it). */
function checkSpan(v: unknown, path: string, out: DataProblem[], strict: boolean): void {
  if (!isObject(v)) {
    out.push({ path, message: 'must be an object with "start" and "end"' });
    return;
  }
  for (const k of ['start', 'end'] as const) {
    if (!isIso(v[k])) out.push({ path: `${path}.${k}`, message: `${JSON.stringify(v[k] ?? null)} is not an ISO time` });
  }
  if (isIso(v.start) && isIso(v.end)) {
    const a = Date.parse(v.start);
    const b = Date.parse(v.end);
    if (strict ? !(b > a) : b < a) out.push({ path: `${path}.end`, message: `ends ${b === a ? 'when' : 'before'} it starts` });
  }
}

function checkPoint(v: unknown, path: string, out: DataProblem[]): void {
  if (v == null) return;
  if (!isObject(v) || typeof v.lat !== 'number' || typeof v.lng !== 'number' || Math.abs(v.lat) > 90 || Math.abs(v.lng) > 180) {
    out.push({ path, message: 'must be null or { "lat": -90..90, "lng": -180..180 }' });
  }
}

function checkList(v: unknown, path: string, out: DataProblem[], each: (x: unknown, path: string) => void): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) {
    out.push({ path, message: 'must be a list' });
    return;
  }
  v.forEach((x, i) => each(x, `${path}.${i}`));
}

/** Problems with the scheduling keys of a data file (travel, engineers' vehicle/shifts/bookings, orders' durationMinutes/window). */
export function checkScheduling(data: unknown): DataProblem[] {
  const out: DataProblem[] = [];
  if (!isObject(data)) return out;
  const travel = data.travel;
  if (travel !== undefined) {
    if (!isObject(travel)) out.push({ path: 'travel', message: 'must be an object { "speedKmh", "minimumMinutes" }' });
    else {
      if (travel.speedKmh !== undefined && !(typeof travel.speedKmh === 'number' && travel.speedKmh > 0 && Number.isFinite(travel.speedKmh))) {
        out.push({ path: 'travel.speedKmh', message: 'must be a number of km/h above 0' });
      }
      if (travel.minimumMinutes !== undefined && !(typeof travel.minimumMinutes === 'number' && travel.minimumMinutes >= 0 && Number.isFinite(travel.minimumMinutes))) {
        out.push({ path: 'travel.minimumMinutes', message: 'must be a number of minutes, 0 or more' });
      }
    }
  }
  checkList(data.engineers, 'engineers', out, (e, path) => {
    if (!isObject(e)) return;
    const v = e.vehicle;
    if (v != null && (!isObject(v) || typeof v.id !== 'string' || (v.status !== 'ready' && v.status !== 'maintenance'))) {
      out.push({ path: `${path}.vehicle`, message: 'must be null or { "id": string, "status": "ready" | "maintenance" }' });
    }
    checkList(e.shifts, `${path}.shifts`, out, (x, p) => checkSpan(x, p, out, true));
    checkList(e.bookings, `${path}.bookings`, out, (x, p) => {
      checkSpan(x, p, out, true);
      if (!isObject(x)) return;
      if (x.order != null && typeof x.order !== 'string') out.push({ path: `${p}.order`, message: 'must be an order id or null' });
      checkPoint(x.location, `${p}.location`, out);
    });
  });
  checkList(data.orders, 'orders', out, (o, path) => {
    if (!isObject(o)) return;
    const d = o.durationMinutes;
    if (d != null && !(typeof d === 'number' && d > 0 && Number.isFinite(d))) {
      out.push({ path: `${path}.durationMinutes`, message: `${JSON.stringify(d)} is not a number of minutes above 0` });
    }
    if (o.window != null) checkSpan(o.window, `${path}.window`, out, false);
  });
  return out;
}

/** Entries with the same id merged into the first one's place, later keys over earlier ones. */
export function mergeById<T extends { id: string }>(items: readonly T[]): T[] {
  const at = new Map<string, number>();
  const out: T[] = [];
  for (const it of items) {
    const id = it?.id;
    const i = typeof id === 'string' ? at.get(id) : undefined;
    if (i === undefined) {
      if (typeof id === 'string') at.set(id, out.length);
      out.push(it);
    } else out[i] = { ...out[i], ...it };
  }
  return out;
}
