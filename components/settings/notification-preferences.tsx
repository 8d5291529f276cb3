'use client';
// The user's own notification settings: push on this device (and the other devices it is on), and
// per kind of notification which channels reach them: the in-app list, push, e-mail. Every change
// is saved at once, on the server, for the signed-in user only.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { messageOf } from '../../lib/form-errors';
import { useTRPC } from '../../lib/trpc';
import { DataTable, LoadError, Panel, StatusLine, TimeAgo, useStatus } from '../ui';
import { currentSubscription, deviceLabel, pushSupport, subscribeThisBrowser, unsubscribeThisBrowser, type PushSupport } from './push-client';

type Channel = 'inApp' | 'push' | 'email';
const CHANNELS: { key: Channel; label: string }[] = [
  { key: 'inApp', label: 'In the app' },
  { key: 'push', label: 'Push' },
  { key: 'email', label: 'E-mail' },
];

export function NotificationPreferences() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { status, announce } = useStatus();
  const [support, setSupport] = useState<PushSupport | null>(null);
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const channels = useQuery(trpc.delivery.channels.queryOptions());
  const prefs = useQuery(trpc.delivery.preferences.queryOptions());
  const devices = useQuery(trpc.delivery.devices.queryOptions(endpoint ? { currentEndpoint: endpoint } : undefined));
  const subscribe = useMutation(trpc.delivery.subscribe.mutationOptions());
  const unsubscribe = useMutation(trpc.delivery.unsubscribe.mutationOptions());
  const setPreference = useMutation(trpc.delivery.setPreference.mutationOptions());
  const refreshDevices = () => queryClient.invalidateQueries(trpc.delivery.devices.pathFilter());

  // What this browser can do, and whether it is subscribed already (only known in the browser).
  useEffect(() => {
    let live = true;
    const s = pushSupport();
    setSupport(s);
    if (s === 'supported') void currentSubscription().then((sub) => live && setEndpoint(sub?.endpoint ?? null));
    return () => {
      live = false;
    };
  }, []);

  const publicKey = channels.data?.push.publicKey ?? null;
  const thisDevice = devices.data?.find((d) => d.current) ?? null;

  // A browser subscribed with the current key but unknown to the server (another user took it over,
  // or the server forgot it) is re-sent when the page opens, so what the page shows is true.
  useEffect(() => {
    if (!publicKey || !endpoint || !devices.data || thisDevice || busy) return;
    void currentSubscription().then((sub) => {
      if (sub && sub.endpoint === endpoint) subscribe.mutate({ ...sub, label: deviceLabel() }, { onSettled: refreshDevices });
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [publicKey, endpoint, devices.data, thisDevice]);

  async function turnOn() {
    if (!publicKey) return;
    setBusy(true);
    setError(null);
    try {
      const sub = await subscribeThisBrowser(publicKey);
      await subscribe.mutateAsync({ ...sub, label: deviceLabel() });
      setEndpoint(sub.endpoint);
      await refreshDevices();
      announce('Push is on for this device');
    } catch (e) {
      setError(messageOf(e) ?? 'Push could not be turned on');
    } finally {
      setBusy(false);
    }
  }

  async function turnOff(device: { id: string; label: string; current: boolean }) {
    setBusy(true);
    setError(null);
    try {
      if (device.current) await unsubscribeThisBrowser();
      await unsubscribe.mutateAsync({ id: device.id });
      if (device.current) setEndpoint(null);
      await refreshDevices();
      announce(`Push is off for ${device.current ? 'this device' : device.label || 'that device'}`);
    } catch (e) {
      setError(messageOf(e) ?? 'Push could not be turned off');
    } finally {
      setBusy(false);
    }
  }

  // The choices being saved, shown at once (a React state, so the box changes with the click itself).
  const [saving, setSaving] = useState<Record<string, Record<Channel, boolean>>>({});
  const shown = (p: { kind: string } & Record<Channel, boolean>, channel: Channel) => saving[p.kind]?.[channel] ?? p[channel];

  function choose(kind: string, label: string, channel: Channel, value: boolean) {
    const current = prefs.data?.find((p) => p.kind === kind);
    if (!current) return;
    const base = saving[kind] ?? { inApp: current.inApp, push: current.push, email: current.email };
    const next = { ...base, [channel]: value };
    setSaving((all) => ({ ...all, [kind]: next }));
    const done = () =>
      setSaving((all) => {
        if (all[kind] !== next) return all; // a later click on this row is being saved
        const { [kind]: _saved, ...rest } = all;
        return rest;
      });
    setPreference.mutate(
      { kind, ...next },
      {
        onSuccess: (list) => {
          queryClient.setQueryData(trpc.delivery.preferences.queryKey(), list);
          done();
          announce(`${label}: ${CHANNELS.find((c) => c.key === channel)!.label.toLowerCase()} ${value ? 'on' : 'off'}`);
        },
        onError: (e) => {
          done();
          setError(messageOf(e) ?? 'Could not save the choice');
        },
      },
    );
  }

  const pushOff = channels.data?.push.off;
  const emailOff = channels.data?.email.off;

  return (
    <>
      <Panel title="Push on this device" intro="Push messages reach this phone or computer even when the studio is closed. Tapping one opens the order.">
        <LoadError error={channels.error} what="Could not load the channels" />
        {pushOff && <p className="muted">{pushOff}.</p>}
        {!pushOff && support === 'insecure' && <p className="muted">Push needs the studio opened over https.</p>}
        {!pushOff && support === 'unsupported' && <p className="muted">This browser does not support push messages.</p>}
        {!pushOff && support === 'supported' && channels.data && (
          <p style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
            {thisDevice ? (
              <>
                <span>
                  Push is <strong>on</strong> for this device ({thisDevice.label || 'this browser'}).
                </span>
                <button type="button" className="button" disabled={busy} onClick={() => turnOff(thisDevice)}>
                  Turn off on this device
                </button>
              </>
            ) : (
              <>
                <span>Push is off for this device.</span>
                <button type="button" className="button primary" disabled={busy || !publicKey} onClick={turnOn}>
                  {busy ? 'Turning on…' : 'Turn on push on this device'}
                </button>
              </>
            )}
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <h3 style={{ fontSize: 15, margin: '16px 0 8px' }}>Devices with push on</h3>
        <LoadError error={devices.error} what="Could not load your devices" />
        <DataTable
          label="Devices with push on"
          rows={devices.data}
          loading={devices.isLoading}
          rowKey={(d) => d.id}
          empty="Push is on for no device."
          columns={[
            { header: 'Device', rowHeader: true, cell: (d) => <>{d.label || 'A browser'}{d.current && <span className="muted"> (this device)</span>}</> },
            { header: 'Push service', cell: (d) => <span className="muted">{d.service}</span> },
            { header: 'Since', cell: (d) => <TimeAgo date={d.createdAt} /> },
            { header: 'Last delivered', cell: (d) => (d.lastSuccessAt ? <TimeAgo date={d.lastSuccessAt} /> : <span className="muted">not yet</span>) },
          ]}
          actions={(d) => (
            <button type="button" className="button small" disabled={busy} onClick={() => turnOff(d)} aria-label={`Turn push off for ${d.current ? 'this device' : d.label || 'this device'}`}>
              Turn off
            </button>
          )}
        />
      </Panel>

      <Panel
        title="What reaches you, and where"
        intro={
          <>
            Choose for each kind of notification. Push goes to every device above
            {channels.data?.email.address ? (
              <>
                ; e-mail to <strong>{channels.data.email.address}</strong>
              </>
            ) : null}
            .{emailOff ? ` ${emailOff}.` : ''}
          </>
        }
      >
        <LoadError error={prefs.error} what="Could not load your choices" />
        <DataTable
          label="Notification channels by kind"
          rows={prefs.data}
          loading={prefs.isLoading}
          rowKey={(p) => p.kind}
          columns={[
            {
              header: 'Notification',
              rowHeader: true,
              cell: (p) => (
                // A row header, read as text (table.data th is styled as a column heading).
                <span style={{ textTransform: 'none', letterSpacing: 'normal', fontSize: 14, color: 'var(--ink)', background: 'transparent' }}>
                  <strong>{p.label}</strong>
                  {p.description && <span className="muted small" style={{ display: 'block', fontWeight: 'normal' }}>{p.description}</span>}
                </span>
              ),
            },
            ...CHANNELS.map((c) => ({
              header: c.label,
              cell: (p: NonNullable<typeof prefs.data>[number]) => (
                <input
                  type="checkbox"
                  checked={shown(p, c.key)}
                  onChange={(e) => choose(p.kind, p.label, c.key, e.target.checked)}
                  aria-label={`${p.label}: ${c.label}`}
                />
              ),
            })),
          ]}
        />
        <StatusLine text={status} />
      </Panel>
    </>
  );
}
