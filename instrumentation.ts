// Runs once when the server process starts (next dev and next start), before any request. The
// Node.js part lives in its own module so the Edge build never compiles it.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServerProcess } = await import('./server/startup');
    await startServerProcess();
  }
}
