import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { Shell } from '../../components/shell/shell';
import { navigationFor } from '../../server/navigation';
import { getRequestContext } from '../../server/rsc';

export const dynamic = 'force-dynamic';

const ROLE_LABELS = {
  admin: 'Admin',
  dispatcher: 'Dispatcher',
  group_dispatcher: 'Service group dispatcher',
  provider_dispatcher: 'Provider dispatcher',
  engineer: 'Engineer',
  provider_engineer: 'Provider engineer',
} as const;

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { principal } = await getRequestContext();
  if (!principal) redirect('/sign-in');
  return (
    <Shell
      nav={navigationFor(principal.role)}
      user={{ name: principal.name, email: principal.email, roleLabel: ROLE_LABELS[principal.role] }}
      portal={principal.role === 'provider_dispatcher' || principal.role === 'provider_engineer'}
    >
      {children}
    </Shell>
  );
}
