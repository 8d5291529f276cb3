'use client';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { authClient } from '../../lib/auth-client';
import { useLive } from '../../lib/use-live';
import type { NavItem } from '../../server/navigation';
import { NotificationBell } from './notification-bell';
import { QueueCount } from './queue-count';

export function Shell({
  nav,
  user,
  portal,
  children,
}: {
  nav: NavItem[];
  user: { name: string; email: string; roleLabel: string };
  portal: boolean;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  useLive();
  async function signOut() {
    await authClient.signOut();
    router.replace('/sign-in');
    router.refresh();
  }
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          {portal ? 'Provider portal' : 'Dispatch Studio'}
        </Link>
        <nav aria-label="Main" className="mainnav">
          <ul>
            {nav.map((item) => {
              const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={current ? 'page' : undefined}>
                    {item.label}
                  </Link>
                  {item.href === '/queues' && <QueueCount />}
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="usermenu">
          <NotificationBell />
          <span className="who">
            <strong>{user.name}</strong>
            <span className="muted"> · {user.roleLabel}</span>
          </span>
          <button type="button" className="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
