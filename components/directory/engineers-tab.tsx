'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { SearchField, SelectField, Tags, VehicleBadge, timeAgo, type Column } from '../ui';
import { DirectoryList } from './directory-list';
import { EngineerForm } from './engineer-form';
import { STATUS_BADGE, STATUS_LABELS } from './labels';
import type { EngineerRow } from './types';

const COLUMNS: Column<EngineerRow>[] = [
  {
    header: 'Name',
    cell: (e) => (
      <>
        <strong>{e.name}</strong>
        {(e.email || e.phone) && <div className="muted small">{[e.email, e.phone].filter(Boolean).join(' · ')}</div>}
      </>
    ),
  },
  { header: 'Provider', cell: (e) => e.providerName ?? <span className="muted">Internal</span> },
  { header: 'Skills', cell: (e) => <Tags list={e.skills} /> },
  { header: 'Work status', cell: (e) => <span className={STATUS_BADGE[e.status]}>{STATUS_LABELS[e.status]}</span> },
  { header: 'Region', cell: (e) => e.region },
  {
    header: 'Load',
    cell: (e) => (
      <>
        {e.openOrders} / {e.capacity}
      </>
    ),
  },
  {
    header: 'Hours and vehicle',
    cell: (e) => (
      <>
        {e.workingHours ? 'Own hours' : <span className="muted">Company hours</span>}
        <div className="small">
          <VehicleBadge vehicle={e.vehicleId ? { id: e.vehicleId, status: e.vehicleStatus ?? 'ready' } : null} />
        </div>
      </>
    ),
  },
  {
    header: 'Location',
    cell: (e) =>
      e.lat != null && e.lng != null ? (
        <>
          <span className="mono small">
            {e.lat.toFixed(3)}, {e.lng.toFixed(3)}
          </span>
          <div className="muted small">{timeAgo(e.locationAt)}</div>
        </>
      ) : (
        <span className="muted">none</span>
      ),
  },
];

export function EngineersTab() {
  const trpc = useTRPC();
  const engineers = useQuery(trpc.directory.engineers.list.queryOptions());
  const providers = useQuery(trpc.directory.providers.list.queryOptions());
  const users = useQuery(trpc.directory.users.list.queryOptions());
  const [search, setSearch] = useState('');
  const [provider, setProvider] = useState('all');

  const needle = search.trim().toLowerCase();
  const rows = (engineers.data ?? []).filter((e) => {
    if (provider === 'internal' && e.providerId) return false;
    if (provider !== 'all' && provider !== 'internal' && e.providerId !== provider) return false;
    if (!needle) return true;
    return [e.name, e.email ?? '', e.region, e.providerName ?? 'internal', ...e.skills].some((s) => s.toLowerCase().includes(needle));
  });

  return (
    <DirectoryList
      label="Engineers"
      toolbar={
        <>
          <SearchField label="Search engineers" placeholder="Name, email, skill or region" value={search} onChange={setSearch} />
          <SelectField
            label="Provider"
            value={provider}
            onChange={setProvider}
            options={[{ value: 'all', label: 'All' }, { value: 'internal', label: 'Internal' }, ...(providers.data ?? []).map((p) => ({ value: p.id, label: p.name }))]}
          />
        </>
      }
      count={engineers.data ? `${rows.length} of ${engineers.data.length} engineers` : ''}
      newLabel="New engineer"
      ready={!!(engineers.data && providers.data && users.data)}
      error={engineers.error ?? providers.error ?? users.error}
      columns={COLUMNS}
      rows={engineers.data && rows}
      loading={engineers.isLoading}
      empty={engineers.data?.length ? 'No engineer matches.' : 'No engineers yet.'}
      setActive={trpc.directory.engineers.setActive.mutationOptions()}
      nameOf={(e) => e.name}
      whatOf={(e) => `Engineer “${e.name}”`}
      form={(engineer, done) => <EngineerForm engineer={engineer} engineers={engineers.data!} providers={providers.data!} users={users.data!} {...done} />}
    />
  );
}
