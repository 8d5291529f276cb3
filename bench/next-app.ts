// The app as it ships, for the benchmarks that call it: `next build` into a dist folder of its
// own (when older than the code, or as BENCH_BUILD says) and `next start` on a database the
// benchmark prepared; the server's resident memory read from /proc; a user signed in over HTTP as
// a browser would, and a browser context holding that session.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const NEXT = path.join(ROOT, 'node_modules', '.bin', 'next');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

/** `next build` into `distDir`; tsconfig.json and next-env.d.ts are put back if the build touched them. */
export function buildApp(distDir: string): number {
  const kept = ['tsconfig.json', 'next-env.d.ts'].filter((f) => existsSync(path.join(ROOT, f))).map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8')] as const);
  const t = performance.now();
  try {
    const result = spawnSync(NEXT, ['build'], {
      cwd: ROOT,
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`next build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  } finally {
    for (const [f, text] of kept) if (readFileSync(path.join(ROOT, f), 'utf8') !== text) writeFileSync(path.join(ROOT, f), text);
  }
  return (performance.now() - t) / 1000;
}

export type BuildPolicy = 'always' | 'never' | 'auto';

/** Builds into `distDir` as `policy` says (auto: when a source is newer than the build), saying what it did. */
export function prepareBuild(distDir: string, policy: BuildPolicy = (process.env.BENCH_BUILD as BuildPolicy | undefined) ?? 'auto'): void {
  if (policy === 'always' || (policy === 'auto' && !buildIsCurrent(distDir))) {
    console.log(`built the production app into ${distDir} in ${buildApp(distDir).toFixed(0)} s`);
  } else if (policy === 'never') {
    console.log(`production build in ${distDir} used as it is (BENCH_BUILD=never)`);
  } else {
    console.log(`production build in ${distDir} is up to date (BENCH_BUILD=always rebuilds)`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Processes in a process group: pid, command name and VmRSS (kB). */
function groupProcesses(pgid: number) {
  const out: { pid: number; comm: string; rssKb: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+) kB/.exec(status);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(entry), comm: cmdline, rssKb: rss ? Number(rss[1]) : 0 });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export interface RunningApp {
  baseUrl: string;
  /** The next-server process (the one answering requests). */
  serverPid(): number;
  /** Its VmRSS in MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * `next start` on the build in `distDir`; resolves once it answers. `nodeArgs` go to the node
 * running it (`--cpu-prof`, which NODE_OPTIONS may not carry); `env` adds to the environment.
 */
export async function startApp(options: { distDir: string; databaseUrl: string; nodeArgs?: string[]; env?: Record<string, string> }): Promise<RunningApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: options.distDir,
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: options.databaseUrl,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      AUTH_URL: baseUrl,
      // The benchmark seeded its own data.
      SEED_DEMO_DATA: 'false',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  let exited: string | null = null;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `next start exited (${signal ?? code})`;
      resolve();
    }),
  );
  const pgid = child.pid!;
  const stop = async () => {
    if (exited) return;
    process.kill(-pgid, 'SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
    if (!exited) process.kill(-pgid, 'SIGKILL');
    // Let the processes of the group write what they write on exit (a CPU profile).
    for (let i = 0; i < 40 && groupProcesses(pgid).length; i++) await new Promise((r) => setTimeout(r, 250));
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(exited);
    try {
      await (await fetch(`${baseUrl}/api/v1/openapi.json`)).arrayBuffer();
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer at ${baseUrl} within 120 s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const server = () => {
    const procs = groupProcesses(pgid);
    return procs.find((p) => p.comm.startsWith('next-server')) ?? procs.sort((a, b) => b.rssKb - a.rssKb)[0];
  };
  return {
    baseUrl,
    serverPid: () => server().pid,
    rssMb: () => server().rssKb / 1024,
    stop,
  };
}

/** What a build is made of: a change to any of them makes the build older than the code. */
const SOURCES = ['app', 'components', 'server', 'engine', 'dsl', 'drizzle', 'lib', 'proxy.ts', 'instrumentation.ts', 'instrumentation-client.ts', 'next.config.mjs', 'package-lock.json'];

function newestSource(entry: string): number {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(full)) if (child !== 'node_modules' && !child.startsWith('.')) newest = Math.max(newest, newestSource(path.join(entry, child)));
  return newest;
}

/** Whether `distDir` holds a build newer than every source file. */
export function buildIsCurrent(distDir: string): boolean {
  const buildId = path.join(ROOT, distDir, 'BUILD_ID');
  return existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...SOURCES.map(newestSource));
}

/** Signs in through better-auth's endpoint (with the Origin a browser sends); answers the session cookie header. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error(`sign-in as ${email} set no cookie`);
  return cookie;
}

/** A browser context on the app holding the session cookie `signIn` answered. */
export async function contextWithSession(browser: Browser, baseUrl: string, cookie: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, ...options });
  await context.addCookies(
    cookie.split('; ').map((c) => {
      const i = c.indexOf('=');
      return { name: c.slice(0, i), value: c.slice(i + 1), url: baseUrl };
    }),
  );
  return context;
}
