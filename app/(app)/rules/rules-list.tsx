'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { DeleteDraftDialog, DuplicateDialog, NameField } from '../../../components/directory/draft-dialogs';
import { FormDialog } from '../../../components/directory/form-dialog';
import { StatusLine, useStatus } from '../../../components/directory/row-status';
import { formatDateTime } from '../../../components/orders/format';
import { fieldErrorsOf, messageOf } from '../../../lib/form-errors';
import { useTRPC } from '../../../lib/trpc';

interface RuleSetRow {
  id: string;
  name: string;
  status: 'draft' | 'published';
}

const STARTER = `# One rule per block; the first rule that holds and finds an assignee decides.
rule "first-rule"
  when order.priority == "Urgent"
  assign manual
`;

export function RulesList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data, isLoading, error } = useQuery(trpc.rules.list.queryOptions(undefined, { staleTime: 0, refetchOnMount: 'always' }));
  const { status, announce } = useStatus();
  const [dialog, setDialog] = useState<{ type: 'new' } | { type: 'duplicate' | 'delete'; ruleSet: RuleSetRow } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.rules.list.queryKey() });

  return (
    <section aria-label="Rule sets">
      <div className="toolbar">
        <button type="button" className="button primary" onClick={() => setDialog({ type: 'new' })}>
          New rule set
        </button>
      </div>
      <StatusLine text={status} />
      {error && <p role="alert" className="error">Could not load rule sets: {error.message}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Rule set</th>
              <th scope="col">Status</th>
              <th scope="col">Version</th>
              <th scope="col">Author</th>
              <th scope="col">Used by</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {isLoading && (
              <tr>
                <td colSpan={6} className="muted">Loading…</td>
              </tr>
            )}
            {data?.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">No rule sets yet.</td>
              </tr>
            )}
            {data?.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/rules/${r.id}`}>
                    <strong>{r.name}</strong>
                  </Link>
                  {r.description && <div className="muted small">{r.description}</div>}
                </td>
                <td>
                  <span className={`badge ${r.status === 'published' ? 'ok' : ''}`}>{r.status === 'published' ? 'Published' : 'Draft'}</span>
                  {r.status === 'published' && r.unpublishedChanges && <div className="muted small">draft has unpublished changes</div>}
                </td>
                <td>
                  {r.latestVersion ? `v${r.latestVersion}` : '—'}
                  {r.publishedAt && <div className="muted small">{formatDateTime(r.publishedAt)}</div>}
                </td>
                <td>
                  {r.publishedBy ? (
                    <>
                      {r.publishedBy}
                      <div className="muted small">published</div>
                    </>
                  ) : (
                    '—'
                  )}
                  {r.draftUpdatedBy && (r.unpublishedChanges || !r.publishedBy) && (
                    <div className="muted small">
                      draft: {r.draftUpdatedBy}, {formatDateTime(r.draftUpdatedAt)}
                    </div>
                  )}
                </td>
                <td>
                  {r.usedBy.length === 0 ? (
                    <span className="muted">No flow</span>
                  ) : (
                    <ul className="rl-used">
                      {r.usedBy.map((u) => (
                        <li key={u.flowId}>
                          <Link href={`/flows/${u.flowId}`}>{u.flowName}</Link>{' '}
                          <span className="muted small">
                            {[u.versions.length ? `v${u.versions.join(', v')}` : null, u.draft ? 'draft' : null].filter(Boolean).join(' · ')}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <div className="row-actions">
                    <Link className="button small" href={`/rules/${r.id}`} aria-label={`Open ${r.name}`}>
                      Open
                    </Link>
                    <button type="button" className="button small" aria-label={`Duplicate ${r.name}`} onClick={() => setDialog({ type: 'duplicate', ruleSet: r })}>
                      Duplicate
                    </button>
                    {r.status === 'draft' && (
                      <button type="button" className="button small danger" aria-label={`Delete ${r.name}`} onClick={() => setDialog({ type: 'delete', ruleSet: r })}>
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
      {dialog?.type === 'new' && <NewRuleSetDialog onClose={() => setDialog(null)} />}
      {dialog?.type === 'duplicate' && (
        <DuplicateDialog
          item={dialog.ruleSet}
          options={trpc.rules.duplicate.mutationOptions()}
          note={<p className="muted">The copy starts as a draft with the current draft text.</p>}
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
          item={dialog.ruleSet}
          options={trpc.rules.deleteDraft.mutationOptions()}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            announce(`Deleted the draft “${dialog.ruleSet.name}”.`);
            void refresh();
          }}
        >
          <p>This rule set was never published, so no flow runs it. Deleting it cannot be undone.</p>
        </DeleteDraftDialog>
      )}
    </section>
  );
}

function NewRuleSetDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.rules.create.mutationOptions());
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const id = useId();
  const errors = fieldErrorsOf(create.error);
  const nameError = errors.name?.[0];
  return (
    <FormDialog
      title="New rule set"
      submitLabel="Create rule set"
      pending={create.isPending}
      formError={create.error && !nameError ? messageOf(create.error) : null}
      onClose={onClose}
      onSubmit={() => create.mutate({ name, description: description || undefined, source: STARTER }, { onSuccess: (row) => router.push(`/rules/${row.id}`) })}
    >
      <NameField label="Name" value={name} onChange={setName} error={nameError} />
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <input id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
    </FormDialog>
  );
}
