'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { Tags, type Column } from '../ui';
import { CustomFieldForm } from './custom-field-form';
import { DirectoryList, ToolbarNote } from './directory-list';
import { FIELD_TYPE_LABELS } from './labels';
import type { CustomFieldRow } from './types';

const COLUMNS: Column<CustomFieldRow>[] = [
  { header: 'Label', cell: (c) => <strong>{c.label}</strong> },
  { header: 'Name in rules', cell: (c) => <code>order.custom.{c.name}</code> },
  { header: 'Type', cell: (c) => FIELD_TYPE_LABELS[c.type] },
  { header: 'Values', cell: (c) => (c.type === 'enum' ? <Tags list={c.options} /> : <span className="muted">—</span>) },
  { header: 'Required', cell: (c) => (c.required ? 'Yes' : 'No') },
];

export function CustomFieldsTab() {
  const trpc = useTRPC();
  const { data, isLoading, error } = useQuery(trpc.directory.customFields.list.queryOptions());
  return (
    <DirectoryList
      label="Custom fields"
      toolbar={
        <ToolbarNote>
          Typed fields on every work order. Rules read them as <code>order.custom.&lt;name&gt;</code>; an inactive field keeps its stored values.
        </ToolbarNote>
      }
      newLabel="New custom field"
      error={error}
      columns={COLUMNS}
      rows={data}
      loading={isLoading}
      empty="No custom fields yet."
      setActive={trpc.directory.customFields.setActive.mutationOptions()}
      nameOf={(c) => c.label}
      whatOf={(c) => `Custom field “${c.label}”`}
      form={(field, done) => <CustomFieldForm field={field} {...done} />}
    />
  );
}
