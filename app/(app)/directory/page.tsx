import { Suspense } from 'react';
import { DirectoryTabs } from '../../../components/directory/directory-tabs';
import { requirePage } from '../../../server/rsc';

export const metadata = { title: 'Directory' };

export default async function DirectoryPage() {
  const principal = await requirePage('/directory');
  return (
    <>
      <h1>Directory</h1>
      <p className="muted page-intro">
        Service groups, providers, engineers, users and custom fields. Deactivating keeps every order&apos;s history intact.
      </p>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <DirectoryTabs currentUserId={principal.id} />
      </Suspense>
    </>
  );
}
