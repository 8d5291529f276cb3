'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, type ChangeEvent } from 'react';
import { DeleteDraftDialog, DuplicateDialog, NameField } from '../../../components/directory/draft-dialogs';
import { FormDialog } from '../../../components/directory/form-dialog';
import { StatusLine, useStatus } from '../../../components/directory/row-status';
import { download } from '../../../components/flow-editor/download';
import { formatDateTime } from '../../../components/orders/format';
import { fieldErrorsOf, messageOf } from '../../../lib/form-errors';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';

interface FlowRow {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  status: 'draft' | 'published';
  latestVersion: number | null;
}

export function FlowsList() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { data, isLoading, error } = useQuery(trpc.flows.list.queryOptions(undefined, { staleTime: 0, refetchOnMount: 'always' }));
  const { status, announce } = useStatus();
  const [dialog, setDialog] = useState<{ type: 'new' } | { type: 'duplicate' | 'delete'; flow: FlowRow } | null>(null);
  const importFlow = useMutation(trpc.flows.import.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey() });
  const importId = useId();

  async function onImport(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      const { flow, problems } = await importFlow.mutateAsync({ text: await file.text() });
      const errors = problems.filter((p) => p.severity === 'error').length;
      announce(`Imported “${flow.name}”${errors ? ` with ${errors} problem${errors === 1 ? '' : 's'} to fix before publishing` : ''}.`);
      await refresh();
    } catch (err) {
      announce(`Could not import ${file.name}: ${messageOf(err)}`);
    }
  }

  return (
    <section aria-label="Flows">
      <div className="toolbar">
        <button type="button" className="button primary" onClick={() => setDialog({ type: 'new' })}>
          New flow
        </button>
        <label htmlFor={importId} className="button fe-import">
          Import flow file
        </label>
        <input id={importId} type="file" accept=".json,.flow.json,application/json" className="sr-only" onChange={(e) => void onImport(e)} />
        <span className="spacer" />
      </div>
      <StatusLine text={status} />
      {error && <p role="alert" className="error">Could not load flows: {error.message}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Flow</th>
              <th scope="col">Status</th>
              <th scope="col">Latest version</th>
              <th scope="col">Changed by</th>
              <th scope="col">Changed</th>
              <th scope="col">Open orders</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {isLoading && (
              <tr>
                <td colSpan={7} className="muted">Loading…</td>
              </tr>
            )}
            {data?.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">No flows yet.</td>
              </tr>
            )}
            {data?.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link href={`/flows/${f.id}`}>
                    <strong>{f.name}</strong>
                  </Link>
                  {f.isDefault && <span className="badge"> default</span>}
                  {f.description && <div className="muted small">{f.description}</div>}
                </td>
                <td>
                  <span className={`badge ${f.status === 'published' ? 'ok' : ''}`}>{f.status === 'published' ? 'Published' : 'Draft'}</span>
                </td>
                <td>{f.latestVersion ? `v${f.latestVersion}` : '—'}</td>
                <td>{f.draftUpdatedBy ?? '—'}</td>
                <td>{formatDateTime(f.draftUpdatedAt)}</td>
                <td>{f.openOrders}</td>
                <td>
                  <div className="row-actions">
                    <Link className="button small" href={`/flows/${f.id}`} aria-label={`Open ${f.name}`}>
                      Open
                    </Link>
                    <button
                      type="button"
                      className="button small"
                      aria-label={`Export ${f.name}`}
                      onClick={() => void download(client, f.id, f.name, null).catch((e) => announce(`Could not export: ${messageOf(e)}`))}
                    >
                      Export
                    </button>
                    <button type="button" className="button small" aria-label={`Duplicate ${f.name}`} onClick={() => setDialog({ type: 'duplicate', flow: f })}>
                      Duplicate
                    </button>
                    {f.status === 'draft' && (
                      <button type="button" className="button small danger" aria-label={`Delete ${f.name}`} onClick={() => setDialog({ type: 'delete', flow: f })}>
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialog?.type === 'new' && <NewFlowDialog onClose={() => setDialog(null)} />}
      {dialog?.type === 'duplicate' && (
        <DuplicateDialog
          item={dialog.flow}
          options={trpc.flows.duplicate.mutationOptions()}
          onClose={() => setDialog(null)}
          onDone={(name) => {
            setDialog(null);
            announce(`Duplicated as “${name}”.`);
            void refresh();
          }}
        />
      )}
      {dialog?.type === 'delete' && (
        <DeleteDraftDialog
          item={dialog.flow}
          options={trpc.flows.deleteDraft.mutationOptions()}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            announce(`Deleted the draft “${dialog.flow.name}”.`);
            void refresh();
          }}
        >
          <p>This flow was never published, so no order runs on it. Deleting it cannot be undone.</p>
        </DeleteDraftDialog>
      )}
    </section>
  );
}

function NewFlowDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const templates = useQuery(trpc.flows.templates.queryOptions());
  const create = useMutation(trpc.flows.create.mutationOptions());
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const id = useId();
  const nameError = fieldErrorsOf(create.error).name?.[0];
  return (
    <FormDialog
      title="New flow"
      submitLabel="Create flow"
      pending={create.isPending}
      formError={create.error && !nameError ? messageOf(create.error) : null}
      onClose={onClose}
      onSubmit={() =>
        create.mutate(
          { name, ...(template ? { template: template as never } : {}) },
          { onSuccess: (flow) => router.push(`/flows/${flow.id}`) },
        )
      }
    >
      <NameField label="Name" value={name} onChange={setName} error={nameError} />
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
    </FormDialog>
  );
}
