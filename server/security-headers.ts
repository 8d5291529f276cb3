// The Content-Security-Policy every page is sent with (proxy.ts builds one per request, with a fresh
// nonce). The static headers (nosniff, Referrer-Policy, X-Frame-Options, Permissions-Policy, HSTS)
// are set for every path, pages, API and assets alike, by headers() in next.config.mjs.
//
// No imports beyond the platform: proxy.ts runs this before any route code, and unit tests load it
// directly.

/** Request header that carries the nonce to server components (`(await headers()).get(NONCE_HEADER)`). */
export const NONCE_HEADER = 'x-nonce';

/** A fresh nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The CSP source that allows a Leaflet tile URL template, e.g.
 * `https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png` → `https://*.tile.openstreetmap.org`.
 * A placeholder in the host's first label becomes CSP's `*.` wildcard; anything a CSP source cannot
 * express (a placeholder elsewhere in the host, a scheme other than http(s), no host) gives null, so
 * no origin is allowed rather than a wrong one.
 */
export function tileSource(template: string | undefined | null): string | null {
  const url = template?.trim();
  if (!url) return null;
  const match = /^(https?):\/\/([^/?#]+)/i.exec(url);
  if (!match || match[2].includes('@')) return null;
  const scheme = match[1].toLowerCase();
  const authority = match[2].toLowerCase();
  const hostPort = /^(.*?)(:\d+)?$/.exec(authority)!;
  const labels = hostPort[1].split('.');
  const port = hostPort[2] ?? '';
  if (labels.length === 0 || labels.some((l) => l === '')) return null;
  if (labels[0].includes('{')) {
    if (labels.length < 2) return null;
    labels[0] = '*';
  }
  if (!labels.every((l, i) => (i === 0 && l === '*') || /^[a-z0-9-]+$/.test(l))) return null;
  return `${scheme}://${labels.join('.')}${port}`;
}

export interface CspOptions {
  nonce: string;
  /** `next dev`: React's dev build needs eval (for server error stacks); never in production. */
  dev: boolean;
  /** Map tile URL templates that may be configured (NEXT_PUBLIC_MAP_TILE_URL, MAP_TILE_URL). */
  tileUrls?: readonly (string | undefined | null)[];
  /** The page was requested over https: ask the browser to upgrade any http sub-request too. */
  https?: boolean;
}

/** The page CSP as a header value. */
export function contentSecurityPolicy({ nonce, dev, tileUrls = [], https = false }: CspOptions): string {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(nonce)) throw new Error('A CSP nonce is base64');
  const tiles = [...new Set(tileUrls.map(tileSource).filter((s): s is string => s !== null))];
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    // Scripts from the app's own origin (Next.js chunks, loaded by its runtime) and the inline
    // scripts Next.js renders, which carry this request's nonce (Next.js reads it from the CSP
    // request header proxy.ts sets). No 'strict-dynamic': a trusted script cannot pull in scripts
    // from elsewhere. No 'unsafe-inline', no eval outside development.
    ['script-src', "'self'", `'nonce-${nonce}'`, ...(dev ? ["'unsafe-eval'"] : [])],
    // Styles: 'unsafe-inline' (and so no nonce here, which would switch it off). Monaco creates its
    // <style> elements at run time without a nonce (monaco-editor's createStyleSheet), and React
    // Flow, Leaflet and our own components server-render style="…" attributes, which no nonce can
    // cover. CSS cannot run script; scripts stay nonce-only.
    ['style-src', "'self'", "'unsafe-inline'"],
    // data: for the small images CSS inlines (Leaflet, Monaco), blob: for generated images, and the
    // map tile server when one is configured.
    ['img-src', "'self'", 'data:', 'blob:', ...tiles],
    ['font-src', "'self'", 'data:'],
    // tRPC, the /api/live event stream and, in development, the HMR websocket (same origin: 'self'
    // covers ws: to the page's own host).
    ['connect-src', "'self'"],
    // Monaco's editor worker: a bundled file, which the bundler may start through a blob: URL.
    ['worker-src', "'self'", 'blob:'],
    ['manifest-src', "'self'"],
    ['frame-src', "'none'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  if (https) directives.push(['upgrade-insecure-requests']);
  return directives.map((d) => d.join(' ')).join('; ');
}
