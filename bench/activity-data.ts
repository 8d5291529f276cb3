// The data bench:activity measures on: the demo company (users, flows, directory, no orders) and
// `orders` orders on the demo flow (seed's group-provider-engineer, version 1) with their history,
// `inPeriod` of them moving in the last 24 hours and the rest over the 90 days before. Each order
// takes the flow's path as the engine writes it (created, queued or auto-assigned, assigned, passed,
// accepted, started, completed), some stopping on the way, some declined by the engineer or
// rejected by the group back along the path, some breaching their SLA where they wait.
import { sql } from 'drizzle-orm';
import type { Db } from '../drizzle/client';
import { seedDemoData } from '../drizzle/seed/seed';

const VERSION = 'flow-group-provider-engineer-v1';
const MIN = 60_000;

interface Event {
  o: string;
  t: string;
  n: string | null;
  at: number;
  k: number;
}

/** A small deterministic generator, so every run measures the same data. */
function random(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

export async function seedActivityBench(db: Db, { orders, inPeriod, now }: { orders: number; inPeriod: number; now: number }): Promise<{ events: number }> {
  await seedDemoData(db, { orders: 0 });
  const rnd = random(20261201);
  let events = 0;
  const CHUNK = 5000;
  for (let start = 0; start < orders; start += CHUNK) {
    const rows: Record<string, unknown>[] = [];
    const ev: Event[] = [];
    for (let i = start; i < Math.min(orders, start + CHUNK); i++) {
      const id = `ba-o-${i}`;
      const recent = i < inPeriod;
      let t = recent ? now - Math.floor(rnd() * 20 * 60) * MIN : now - 86_400_000 - Math.floor(rnd() * 89 * 24 * 60) * MIN;
      const created = t;
      const step = () => (t = Math.min(now - MIN, t + (1 + Math.floor(rnd() * 45)) * MIN));
      const push = (type: string, node: string | null) => ev.push({ o: id, t: type, n: node, at: t, k: ev.length });
      const stage = i % 10; // 0–1 wait at assign-group, 2 at group-internal, 3 at accept, 4 at work, 5–9 done
      let node = 'assign-group';
      let status = 'pending_assignment';
      push('created', null);
      const auto = i % 5 === 0;
      if (auto) push('auto_assigned', 'assign-group');
      else push('queued', 'assign-group');
      const breach = i % 17 === 0;
      if (stage >= 2) {
        if (!auto) {
          step();
          push('assigned', 'assign-group');
        }
        push('queued', 'group-internal');
        node = 'group-internal';
        // Rejected by the group once: back to the first step, sent again.
        if (i % 33 === 5) {
          step();
          push('rejected', 'group-internal');
          push('queued', 'assign-group');
          step();
          push('assigned', 'assign-group');
          push('queued', 'group-internal');
        }
      }
      if (stage >= 3) {
        step();
        push('assigned', 'group-internal');
        push('entered_node', 'provider-engineer');
        node = 'accept';
        status = 'assigned';
        // Declined by the engineer once: back to the group's step, assigned again.
        if (i % 20 === 7) {
          step();
          push('declined', 'accept');
          push('queued', 'group-internal');
          step();
          push('assigned', 'group-internal');
          push('entered_node', 'provider-engineer');
        }
      }
      if (stage >= 4) {
        step();
        push('accepted', 'accept');
        node = 'work';
        status = 'accepted';
      }
      if (stage >= 5) {
        step();
        push('started', 'work');
        step();
        push('completed', 'work');
        node = 'end';
        status = 'completed';
      }
      const entered = t;
      if (breach && status !== 'completed') {
        step();
        push('sla_breached', node);
      }
      rows.push({
        id,
        number: `BA-${String(i).padStart(7, '0')}`,
        status,
        node,
        entered: new Date(entered).toISOString(),
        created: new Date(created).toISOString(),
        updated: new Date(t).toISOString(),
        group: stage >= 2 ? 'sg-north' : null,
      });
    }
    await db.execute(sql`
      INSERT INTO work_orders (id, number, title, category, priority, customer_name, source, status, respond_by, resolve_by,
        flow_id, flow_version_id, current_node_id, node_path, node_entered_at, service_group_id, created_at, updated_at)
      SELECT r.id, r.number, 'Bench order', 'Plumbing', 'Medium', 'Customer', 'api', r.status::order_status,
             r.created::timestamptz + interval '8 hours', r.created::timestamptz + interval '48 hours',
             'flow-group-provider-engineer', ${VERSION}, r.node, ARRAY['start', 'assign-group'], r.entered::timestamptz, r.group,
             r.created::timestamptz, r.updated::timestamptz
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(id text, number text, status text, node text, entered text, created text, updated text, "group" text)`);
    await db.execute(sql`
      INSERT INTO order_events (order_id, type, actor_type, node_id, created_at)
      SELECT e.o, e.t::order_event_type, 'system', e.n, to_timestamp(e.at / 1000.0)
      FROM json_to_recordset(${JSON.stringify(ev)}::json) AS e(o text, t text, n text, at bigint, k int)
      ORDER BY e.k`);
    events += ev.length;
  }
  await db.execute(sql`VACUUM ANALYZE`);
  return { events };
}
