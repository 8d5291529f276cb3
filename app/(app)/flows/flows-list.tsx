'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent } from 'react';
import { download } from '../../../components/flow-editor/download';
import { formatDateTime } from '../../../components/ui';
import { NewDraftDialog, VersionedList, type ListControl } from '../../../components/versioned';
import { messageOf } from '../../../lib/form-errors';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';

export function FlowsList() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { data, isLoading, error } = useQuery(trpc.flows.list.queryOptions(undefined, { staleTime: 0, refetchOnMount: 'always' }));
  return (
    <VersionedList
      label="Flows"
      noun="Flow"
      hrefOf={(id) => `/flows/${id}`}
      rows={data}
      loading={isLoading}
      error={error}
      listKey={trpc.flows.list.queryKey()}
      newLabel="New flow"
      newDialog={(onClose) => <NewFlowDialog onClose={onClose} />}
      toolbar={(list) => <ImportFlow list={list} />}
      nameBadge={(f) => f.isDefault && <span className="badge"> default</span>}
      columns={[
        { header: 'Latest version', cell: (f) => (f.latestVersion ? `v${f.latestVersion}` : '—') },
        { header: 'Changed by', cell: (f) => f.draftUpdatedBy ?? '—' },
        { header: 'Changed', cell: (f) => formatDateTime(f.draftUpdatedAt) },
        { header: 'Open orders', cell: (f) => f.openOrders },
      ]}
      actions={(f, list) => (
        <button
          type="button"
          className="button small"
          aria-label={`Export ${f.name}`}
          onClick={() => void download(client, f.id, f.name, null).catch((e) => list.announce(`Could not export: ${messageOf(e)}`))}
        >
          Export
        </button>
      )}
      duplicate={trpc.flows.duplicate.mutationOptions()}
      deleteDraft={trpc.flows.deleteDraft.mutationOptions()}
      deleteNote={<p>This flow was never published, so no order runs on it. Deleting it cannot be undone.</p>}
    />
  );
}

/** Import a `.flow.json` file as a new draft. */
function ImportFlow({ list }: { list: ListControl }) {
  const trpc = useTRPC();
  const importFlow = useMutation(trpc.flows.import.mutationOptions());
  const importId = useId();

  async function onImport(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      const { flow, problems } = await importFlow.mutateAsync({ text: await file.text() });
      const errors = problems.filter((p) => p.severity === 'error').length;
      list.announce(`Imported “${flow.name}”${errors ? ` with ${errors} problem${errors === 1 ? '' : 's'} to fix before publishing` : ''}.`);
      await list.refresh();
    } catch (err) {
      list.announce(`Could not import ${file.name}: ${messageOf(err)}`);
    }
  }

  return (
    <>
      <label htmlFor={importId} className="button fe-import">
        Import flow file
      </label>
      <input id={importId} type="file" accept=".json,.flow.json,application/json" className="sr-only" onChange={(e) => void onImport(e)} />
      <span className="spacer" />
    </>
  );
}

function NewFlowDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.flows.templates.queryOptions());
  const [template, setTemplate] = useState('');
  const id = useId();
  return (
    <NewDraftDialog
      noun="flow"
      options={trpc.flows.create.mutationOptions()}
      input={(name) => ({ name, ...(template ? { template: template as never } : {}) })}
      hrefOf={(flowId) => `/flows/${flowId}`}
      onClose={onClose}
    >
      <div className="field">
        <label htmlFor={`${id}-template`}>Start from</label>
        <select id={`${id}-template`} value={template} onChange={(e) => setTemplate(e.target.value)}>
          <option value="">An empty canvas (start and end)</option>
          {templates.data?.map((t) => (
            <option key={t.key} value={t.key}>
              Template: {t.name}
            </option>
          ))}
        </select>
        {template && <p className="hint muted">{templates.data?.find((t) => t.key === template)?.description}</p>}
      </div>
    </NewDraftDialog>
  );
}
