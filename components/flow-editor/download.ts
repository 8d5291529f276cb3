'use client';
// Export: the flow file from the server, saved by the browser as `<name>.flow.json`.
import type { useTRPCClient } from '../../lib/trpc';

/** Saves the flow file as `<name>.flow.json`. */
export async function download(client: ReturnType<typeof useTRPCClient>, id: string, name: string, version: number | null) {
  const text = await client.flows.export.query({ id, ...(version !== null ? { version } : {}) });
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.flow.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
