// Runs in the browser before the app's own code (Next.js instrumentation-client convention).
//
// zod 4 probes once for eval (`new Function("")`) when the first object schema is built, to compile
// faster parsers. The page CSP allows no eval (server/security-headers.ts), so the browser refuses the
// probe and reports a CSP violation, although zod catches the error and parses the ordinary way.
// jitless skips the probe; parsing gives the same results. zod keeps this setting on globalThis, so it
// holds for every copy of zod in the bundle.
import { config } from 'zod';

config({ jitless: true });
