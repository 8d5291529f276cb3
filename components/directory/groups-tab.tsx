'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import type { Column } from '../ui';
import { Dispatchers, NameCell } from './cells';
import { DirectoryList, ToolbarNote } from './directory-list';
import { GroupForm } from './group-form';
import type { GroupRow } from './types';

export function GroupsTab() {
  const trpc = useTRPC();
  const groups = useQuery(trpc.directory.groups.list.queryOptions());
  const engineers = useQuery(trpc.directory.engineers.list.queryOptions());
  const providers = useQuery(trpc.directory.providers.list.queryOptions());
  const users = useQuery(trpc.directory.users.list.queryOptions());

  const nameOf = new Map<string, string>([
    ...(engineers.data ?? []).map((e) => [e.id, e.name] as const),
    ...(providers.data ?? []).map((p) => [p.id, p.name] as const),
  ]);
  const columns: Column<GroupRow>[] = [
    { header: 'Name', cell: (g) => <NameCell name={g.name} note={g.description} /> },
    { header: 'Kind', cell: (g) => (g.kind === 'engineers' ? 'Engineers' : 'Providers') },
    { header: 'Region', cell: (g) => g.region || '—' },
    {
      header: 'Members',
      cell: (g) => {
        const names = g.memberIds.map((id) => nameOf.get(id) ?? '…');
        return (
          <>
            <span className="count">{g.memberIds.length}</span>{' '}
            <span className="muted small" title={names.join(', ')}>
              {names.slice(0, 3).join(', ')}
              {names.length > 3 ? ` +${names.length - 3} more` : ''}
            </span>
          </>
        );
      },
    },
    { header: 'Dispatchers', cell: (g) => <Dispatchers list={g.dispatchers} /> },
  ];

  return (
    <DirectoryList
      label="Service groups"
      toolbar={<ToolbarNote>A group holds either internal engineers or provider enterprises, and the dispatchers who work its queue.</ToolbarNote>}
      newLabel="New service group"
      ready={!!(engineers.data && providers.data && users.data)}
      error={groups.error ?? engineers.error ?? providers.error ?? users.error}
      columns={columns}
      rows={groups.data}
      loading={groups.isLoading}
      empty="No service groups yet."
      setActive={trpc.directory.groups.setActive.mutationOptions()}
      nameOf={(g) => g.name}
      whatOf={(g) => `Service group “${g.name}”`}
      form={(group, done) => <GroupForm group={group} engineers={engineers.data!} providers={providers.data!} users={users.data!} {...done} />}
    />
  );
}
