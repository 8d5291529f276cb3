'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { Tags, type Column } from '../ui';
import { DirectoryList, ToolbarNote } from './directory-list';
import { ProviderForm } from './provider-form';
import { Dispatchers, NameCell } from './cells';
import type { ProviderRow } from './types';

const COLUMNS: Column<ProviderRow>[] = [
  { header: 'Name', cell: (p) => <NameCell name={p.name} note={p.contactEmail} /> },
  {
    header: 'Connected tenant',
    cell: (p) => (
      <>
        {p.tenantName} <div className="muted small mono">{p.tenantId}</div>
      </>
    ),
  },
  { header: 'Regions', cell: (p) => p.regions.join(', ') || '—' },
  { header: 'Skills', cell: (p) => <Tags list={p.skills} /> },
  { header: 'Capacity', cell: (p) => p.capacity },
  { header: 'Engineers', cell: (p) => p.engineerCount },
  { header: 'Dispatchers', cell: (p) => <Dispatchers list={p.dispatchers} /> },
];

export function ProvidersTab() {
  const trpc = useTRPC();
  const { data, isLoading, error } = useQuery(trpc.directory.providers.list.queryOptions());
  return (
    <DirectoryList
      label="Providers"
      toolbar={<ToolbarNote>Outside enterprises connected by tenant. Their dispatchers work orders in the provider portal.</ToolbarNote>}
      newLabel="New provider"
      error={error}
      columns={COLUMNS}
      rows={data}
      loading={isLoading}
      empty="No providers yet."
      setActive={trpc.directory.providers.setActive.mutationOptions()}
      nameOf={(p) => p.name}
      whatOf={(p) => `Provider “${p.name}”`}
      form={(provider, done) => <ProviderForm provider={provider} {...done} />}
    />
  );
}
