/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files next to its own module; keep it (and pg) out of the bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pg-boss'],
  typedRoutes: false,
};

export default nextConfig;
