// A bare HTTP server over the intake handlers, for the crash test: it runs in a child process the
// test can SIGKILL in the middle of a batch. Usage: node --import tsx server/rest/testing/batch-server.ts <postgres-url>
// Prints one JSON line `{"port": …}` once it listens.
import http from 'node:http';
import { openDatabase } from '../../../drizzle/client';
import { createEngine } from '../../../engine/dispatch';
import { handleBatchWorkOrders, handleCreateWorkOrder, handleGetWorkOrder } from '../work-orders';

const url = process.argv[2];
if (!url?.startsWith('postgres')) {
  console.error('usage: batch-server.ts <postgres-url>');
  process.exit(2);
}
const database = await openDatabase({ url, poolMax: 4 });
const deps = createEngine({ db: database.db });

async function toRequest(req: http.IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  return new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, { method: req.method, headers, body });
}

const server = http.createServer(async (req, res) => {
  try {
    const request = await toRequest(req);
    const path = new URL(request.url).pathname;
    const response =
      path === '/api/v1/work-orders/batch' && req.method === 'POST'
        ? await handleBatchWorkOrders(request, deps)
        : path === '/api/v1/work-orders' && req.method === 'POST'
          ? await handleCreateWorkOrder(request, deps)
          : path.startsWith('/api/v1/work-orders/') && req.method === 'GET'
            ? await handleGetWorkOrder(request, deps, decodeURIComponent(path.slice('/api/v1/work-orders/'.length)))
            : new Response('{"error":{"code":"not_found","message":"No such route"}}', { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    console.error(error);
    res.writeHead(500).end();
  }
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : null }));
});

const stop = () => server.close(() => void database.close().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
