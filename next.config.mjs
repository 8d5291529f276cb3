/* global process */
// Security headers for every path: pages, API routes and static assets. The page CSP, which needs a
// fresh nonce per request, is set by proxy.ts (see server/security-headers.ts).
// headers() is read when the app is built: `next build` always runs as production, so the built app
// sends HSTS and `next dev` does not.
const securityHeaders = (production) => [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ...(production ? [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files next to its own module; keep it (and pg) out of the bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pg-boss'],
  typedRoutes: false,
  // Parallel builds (benchmarks, a second checkout's tests) can keep theirs apart.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // The dev server answers at http://127.0.0.1:3000 as well as localhost (HMR, dev assets).
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders(process.env.NODE_ENV === 'production') },
      // API answers are data, never documents: nothing in them may load or run, or be framed.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
