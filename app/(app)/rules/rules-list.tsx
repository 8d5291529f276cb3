'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { formatDateTime } from '../../../components/ui';
import { NewDraftDialog, VersionedList } from '../../../components/versioned';
import { useTRPC } from '../../../lib/trpc';

const STARTER = `# One rule per block; the first rule that holds and finds an assignee decides.
rule "first-rule"
  when order.priority == "Urgent"
  assign manual
`;

export function RulesList() {
  const trpc = useTRPC();
  const { data, isLoading, error } = useQuery(trpc.rules.list.queryOptions(undefined, { staleTime: 0, refetchOnMount: 'always' }));
  return (
    <VersionedList
      label="Rule sets"
      noun="Rule set"
      hrefOf={(id) => `/rules/${id}`}
      rows={data}
      loading={isLoading}
      error={error}
      listKey={trpc.rules.list.queryKey()}
      newLabel="New rule set"
      newDialog={(onClose) => <NewRuleSetDialog onClose={onClose} />}
      statusNote={(r) => r.status === 'published' && r.unpublishedChanges && <div className="muted small">draft has unpublished changes</div>}
      columns={[
        {
          header: 'Version',
          cell: (r) => (
            <>
              {r.latestVersion ? `v${r.latestVersion}` : '—'}
              {r.publishedAt && <div className="muted small">{formatDateTime(r.publishedAt)}</div>}
            </>
          ),
        },
        {
          header: 'Author',
          cell: (r) => (
            <>
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
            </>
          ),
        },
        {
          header: 'Used by',
          cell: (r) =>
            r.usedBy.length === 0 ? (
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
            ),
        },
      ]}
      duplicate={trpc.rules.duplicate.mutationOptions()}
      duplicateNote={<p className="muted">The copy starts as a draft with the current draft text.</p>}
      deleteDraft={trpc.rules.deleteDraft.mutationOptions()}
      deleteNote={<p>This rule set was never published, so no flow runs it. Deleting it cannot be undone.</p>}
    />
  );
}

function NewRuleSetDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const [description, setDescription] = useState('');
  const id = useId();
  return (
    <NewDraftDialog
      noun="rule set"
      options={trpc.rules.create.mutationOptions()}
      input={(name) => ({ name, description: description || undefined, source: STARTER })}
      hrefOf={(ruleSetId) => `/rules/${ruleSetId}`}
      onClose={onClose}
    >
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <input id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
    </NewDraftDialog>
  );
}
