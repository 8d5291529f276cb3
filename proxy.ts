// Every page gets a Content-Security-Policy with a fresh nonce (server/security-headers.ts says what
// it allows and why). The CSP goes on the request too: Next.js reads the nonce from it while rendering
// and puts it on its own scripts, which is why every page renders per request (app/layout.tsx).
// The static headers (nosniff, Referrer-Policy, HSTS, …) come from headers() in next.config.mjs, for
// pages, API routes and assets alike.
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, createNonce, NONCE_HEADER } from './server/security-headers';

export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const forwardedProto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === 'development',
    tileUrls: [process.env.NEXT_PUBLIC_MAP_TILE_URL, process.env.MAP_TILE_URL],
    https: process.env.NODE_ENV === 'production' && (forwardedProto ?? request.nextUrl.protocol.replace(':', '')) === 'https',
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(NONCE_HEADER, nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes answer JSON (next.config.mjs gives them a deny-all CSP), and static
      // assets and prefetches are not documents.
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
