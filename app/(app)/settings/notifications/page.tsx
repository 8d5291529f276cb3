import { redirect } from 'next/navigation';
import { NotificationPreferences } from '../../../../components/settings/notification-preferences';
import { getRequestContext } from '../../../../server/rsc';

export const metadata = { title: 'Notification settings' };

// Every signed-in user's own settings (the rest of Settings is for admins): the server binds each
// call on this page to the caller.
export default async function NotificationSettingsPage() {
  const { principal } = await getRequestContext();
  if (!principal) redirect('/sign-in');
  return (
    <>
      <h1>Notification settings</h1>
      <NotificationPreferences />
    </>
  );
}
