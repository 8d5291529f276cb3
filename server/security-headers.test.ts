import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, tileSource } from './security-headers';

/** The CSP as directive → sources. */
function parse(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

describe('createNonce', () => {
  it('is 128 random bits in base64, fresh each time', () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(new Set(Array.from({ length: 50 }, createNonce)).size).toBe(50);
  });
});

describe('contentSecurityPolicy', () => {
  const nonce = 'AAECAwQFBgcICQoLDA0ODw==';

  it('in production: scripts from the app with the nonce only, nothing framed, no plugins', () => {
    const csp = parse(contentSecurityPolicy({ nonce, dev: false }));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    const all = [...csp.values()].flat();
    expect(all).not.toContain("'unsafe-eval'");
    expect(all).not.toContain("'strict-dynamic'");
    expect(all.filter((s) => /^https?:/.test(s))).toEqual([]);
  });

  it("allows eval only in development (React's dev build needs it)", () => {
    expect(parse(contentSecurityPolicy({ nonce, dev: true })).get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`, "'unsafe-eval'"]);
  });

  it('style-src allows inline styles and carries no nonce (a nonce would switch unsafe-inline off)', () => {
    const style = parse(contentSecurityPolicy({ nonce, dev: false })).get('style-src')!;
    expect(style).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('allows the configured map tile server for images, and nothing else', () => {
    const csp = parse(
      contentSecurityPolicy({ nonce, dev: false, tileUrls: ['https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', undefined, '', 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}{r}.png'] }),
    );
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://*.tile.openstreetmap.org']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('asks for upgrade-insecure-requests over https', () => {
    expect(parse(contentSecurityPolicy({ nonce, dev: false, https: true })).has('upgrade-insecure-requests')).toBe(true);
  });

  it('refuses a nonce that could smuggle in another directive', () => {
    expect(() => contentSecurityPolicy({ nonce: "x'; script-src *", dev: false })).toThrow();
  });
});

describe('tileSource', () => {
  it.each([
    ['https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://*.tile.openstreetmap.org'],
    ['https://tiles.example.com/{z}/{x}/{y}.png', 'https://tiles.example.com'],
    ['http://localhost:8080/tiles/{z}/{x}/{y}.png', 'http://localhost:8080'],
    ['HTTPS://Tiles.Example.COM:8443/{z}/{x}/{y}.png?key=abc', 'https://tiles.example.com:8443'],
    ['  https://a.example.org/{z}/{x}/{y}.png  ', 'https://a.example.org'],
    // CSP wildcards only a whole first label: the smallest source that covers every subdomain.
    ['https://tiles-{s}.example.com/{z}/{x}/{y}.png', 'https://*.example.com'],
  ])('%s → %s', (template, source) => {
    expect(tileSource(template)).toBe(source);
  });

  it.each([undefined, null, '', '/tiles/{z}/{x}/{y}.png', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'https://a.{s}.example.com/{z}.png', 'https://{s}/{z}.png', "https://a.example.com';script-src/x", 'https://user@evil.example/x'])(
    'no source for %s',
    (template) => {
      expect(tileSource(template)).toBeNull();
    },
  );
});
