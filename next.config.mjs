/* global process */
import { createRequire } from 'node:module';

// Security headers for every path: pages, API routes and static assets (server/static-headers.json,
// which the intake's fast path, server/rest/native.ts, sends too). The page CSP, which needs a fresh
// nonce per request, is set by proxy.ts (see server/security-headers.ts).
// headers() is read when the app is built: `next build` always runs as production, so the built app
// sends HSTS and `next dev` does not.
const staticHeaders = createRequire(import.meta.url)('./server/static-headers.json');
const securityHeaders = (production) => [...staticHeaders.everyPath, ...(production ? staticHeaders.productionOnly : [])];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files next to its own module; keep it (and pg) out of the bundle.
  // pdfkit loads its standard fonts through its package's own import map (#standard-fonts/…) at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pg-boss', 'pdfkit'],
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
      { source: '/api/:path*', headers: staticHeaders.api },
    ];
  },
};

export default nextConfig;
