// What the Node.js server does once at start-up, before any request (see instrumentation.ts).
import { ConfigError, serverConfig } from './config';
import { installRequestHooks } from './request-hooks';

export async function startServerProcess(): Promise<void> {
  let config;
  try {
    config = serverConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Refuse to start: a server without its own secret would sign sessions with a guessable one.
    console.error(`Dispatch Studio cannot start: ${error.message}`);
    process.exit(1);
  }
  // NATIVE_INTAKE=off leaves the intake API to its Next.js route handlers (same handlers, slower).
  const native = process.env.NATIVE_INTAKE === 'off' ? null : (await import('./rest/native')).serveNatively;
  await installRequestHooks({ serveNatively: native, trustForwardedProto: config.trustedProxyHops > 0 });
}
