// The web app manifest (served at /manifest.webmanifest, linked from every page by Next.js): the
// studio installs as an app on a phone or a desktop, opening on its home page without the browser's
// bars. The icons are rendered from public/icons/*.svg by scripts/make-icons.ts.
import type { MetadataRoute } from 'next';

export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/',
    name: 'Dispatch Studio',
    short_name: 'Dispatch',
    description: 'Field-service dispatch: flows, rules, queues, and the engineer’s day on site',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    background_color: '#f5f6f8',
    theme_color: '#1f5fbf',
    categories: ['business', 'productivity'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  };
}
