// The load generator of `npm run bench:dispatch`, in a process of its own (forked by
// dispatch.bench.ts): POSTs orders to /api/v1/work-orders over keep-alive connections (node's http
// Agent), each with the API key and an Idempotency-Key, `concurrency` at a time, and answers with
// every request's latency. One message from the parent per run: { baseUrl, apiKey, from, count,
// concurrency, tag }.
import http from 'node:http';
import { orderInput, rng } from './dispatch-data';

interface Run {
  baseUrl: string;
  apiKey: string;
  from: number;
  count: number;
  concurrency: number;
  tag: string;
}

export interface RunResult {
  latencies: number[];
  seconds: number;
  statuses: Record<string, number>;
  firstError: string | null;
}

async function run(job: Run): Promise<RunResult> {
  const url = new URL(job.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const r = rng(11 + job.from);
  const bodies = Array.from({ length: job.count }, (_, i) => JSON.stringify(orderInput(job.from + i, r)));
  const statuses: Record<string, number> = {};
  let firstError: string | null = null;
  const post = (body: string, key: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: '/api/v1/work-orders',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${job.apiKey}`,
            'idempotency-key': key,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status !== 201 && !firstError) firstError = `${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 500)}`;
            resolve(status);
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      for (let i = next++; i < job.count; i = next++) {
        const t = performance.now();
        const status = await post(bodies[i], `${job.tag}-${job.from + i}`);
        latencies.push(performance.now() - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies, seconds, statuses, firstError };
}

process.on('message', (job: Run) => {
  run(job).then(
    (result) => process.send!(result),
    (error: unknown) => process.send!({ error: String((error as Error)?.stack ?? error) }),
  );
});
process.send!('ready');
