// What the Node.js server does once at start-up, before any request (see instrumentation.ts).
import { ConfigError, serverConfig } from './config';
import { recordPeerAddresses } from './peer-address';

export async function startServerProcess(): Promise<void> {
  try {
    serverConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Refuse to start: a server without its own secret would sign sessions with a guessable one.
    console.error(`Dispatch Studio cannot start: ${error.message}`);
    process.exit(1);
  }
  await recordPeerAddresses();
}
