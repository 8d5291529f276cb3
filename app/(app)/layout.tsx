import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { ROLE_LABELS } from '../../components/directory/labels';
import { Shell } from '../../components/shell/shell';
import { navigationFor } from '../../server/navigation';
import { getRequestContext } from '../../server/rsc';

export const dynamic = 'force-dynamic';

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
