// Starts the built app (`next start`) on a fresh embedded database, unless E2E_BASE_URL points at
// a running one. Run `npm run build` first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

let server: ChildProcess | null = null;
let dataDir: string | null = null;

async function waitForServer(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/sign-in`);
      if (res.ok) return;
      lastError = new Error(`status ${res.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app did not start at ${url}: ${String(lastError)}`);
}

export default async function setup(project: TestProject) {
  let baseUrl = process.env.E2E_BASE_URL;
  if (!baseUrl) {
    const port = Number(process.env.E2E_PORT ?? 3210);
    baseUrl = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ds-e2e-'));
    server = spawn(path.join('node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
      env: {
        ...process.env,
        PGLITE_DIR: path.join(dataDir, 'pglite'),
        DATABASE_URL: '',
        NEXT_TELEMETRY_DISABLED: '1',
        AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-0123',
        AUTH_URL: baseUrl,
        MAP_TILE_URL: '',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    await waitForServer(baseUrl, 120_000);
  }
  project.provide('baseUrl', baseUrl);
  return async () => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
