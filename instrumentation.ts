// Runs once when the server process starts (next dev and next start), before any request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { serverConfig, ConfigError } = await import('./server/config');
  try {
    serverConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Refuse to start: a server without its own secret would sign sessions with a guessable one.
    console.error(`Dispatch Studio cannot start: ${error.message}`);
    process.exit(1);
  }
  const { recordPeerAddresses } = await import('./server/peer-address');
  await recordPeerAddresses();
}
