import Link from 'next/link';
import { ApiKeySettings } from '../../../components/settings/api-keys';
import { AuditLog } from '../../../components/settings/audit-log';
import { ComplianceFieldSettings } from '../../../components/settings/compliance-fields';
import { DeliveryFailures } from '../../../components/settings/delivery-failures';
import { ScheduleSettings } from '../../../components/settings/schedule-settings-form';
import { SlaPolicySettings } from '../../../components/settings/sla-policy-form';
import { requirePage } from '../../../server/rsc';

export const metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const principal = await requirePage('/settings');
  return (
    <>
      <h1>Settings</h1>
      <p>
        <Link href="/settings/notifications">Your notification settings</Link> (push on this device, and e-mail)
      </p>
      <SlaPolicySettings />
      <ScheduleSettings />
      <ComplianceFieldSettings />
      {principal.permissions.includes('manage_api_keys') ? (
        <ApiKeySettings />
      ) : (
        <section className="panel" style={{ marginTop: 16 }}>
          <h2 className="panel-title">API keys</h2>
          <p className="muted">Managing API keys needs the Manage API keys permission.</p>
        </section>
      )}
      <DeliveryFailures />
      <AuditLog />
    </>
  );
}
