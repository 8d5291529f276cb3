import { SlaPolicySettings } from '../../../components/settings/sla-policy-form';
import { requirePage } from '../../../server/rsc';

export const metadata = { title: 'Settings' };

export default async function SettingsPage() {
  await requirePage('/settings');
  return (
    <>
      <h1>Settings</h1>
      <SlaPolicySettings />
    </>
  );
}
