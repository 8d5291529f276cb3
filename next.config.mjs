/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files next to its own module; keep it (and pg) out of the bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pg-boss'],
  typedRoutes: false,
  // Parallel builds (benchmarks, a second checkout's tests) can keep theirs apart.
  distDir: process.env.NEXT_DIST_DIR || '.next',
};

export default nextConfig;
