import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Dispatch Studio', template: '%s · Dispatch Studio' },
  description: 'Field-service dispatch: flows, rules and queues',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page, the not-found page included, renders per request: Next.js puts the request's CSP
  // nonce (proxy.ts) on its scripts only while rendering, and a page built ahead of time has none.
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
