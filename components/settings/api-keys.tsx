'use client';
// Integration keys: their names, prefixes and scopes, made and revoked by an admin holding
// manage_api_keys. A new key is shown once; only its hash is kept.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { API_KEY_SCOPES } from '../../engine/enums';
import { fieldErrorsOf, messageOf } from '../../lib/form-errors';
import { useTRPC } from '../../lib/trpc';
import { CheckGroup, DataTable, FormAlert, FormFooter, Panel, TextField, TimeAgo, formatDateTime, useFieldControl, useStatus } from '../ui';

type Scope = (typeof API_KEY_SCOPES)[number];

export const SCOPE_LABELS: Record<Scope, { label: string; hint: string }> = {
  create: { label: 'Create orders', hint: 'POST work orders, one or in batches' },
  read_own: { label: 'Read its own orders', hint: 'GET the orders this key created' },
  read_all: { label: 'Read all orders', hint: 'GET any work order, whoever created it' },
};

export function ApiKeySettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions(undefined, { retry: false }));
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions());
  const { status, announce } = useStatus();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['create', 'read_own']);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [made, setMade] = useState<{ name: string; key: string } | null>(null);
  const nameControl = useFieldControl('name', errors.name?.[0]);
  const scopesControl = useFieldControl('scopes', errors.scopes?.[0]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });

  function submit(event: FormEvent) {
    event.preventDefault();
    const local: Record<string, string[]> = {};
    if (!name.trim()) local.name = ['The name is required'];
    if (!scopes.length) local.scopes = ['Choose at least one scope'];
    setErrors(local);
    if (Object.keys(local).length) return;
    create.mutate(
      { name, scopes },
      {
        onSuccess: (key) => {
          setMade({ name: key.name, key: key.key });
          setName('');
          setScopes(['create', 'read_own']);
          return refresh();
        },
        onError: (error) => setErrors({ ...fieldErrorsOf(error), _: [messageOf(error) ?? 'Could not create the key'] }),
      },
    );
  }

  function revokeKey(id: string, keyName: string) {
    if (!window.confirm(`Revoke the API key “${keyName}”? Requests with it are refused from now on.`)) return;
    revoke.mutate(
      { id },
      {
        onSuccess: () => {
          announce(`API key “${keyName}” revoked.`);
          return refresh();
        },
        onError: (error) => announce(`Could not revoke “${keyName}”: ${messageOf(error)}`),
      },
    );
  }

  const forbidden = keys.error && /manage_api_keys/.test(keys.error.message);
  return (
    <Panel title="API keys" intro="Integrations send work orders with a key. A key reads only the orders it created, unless it has the “Read all orders” scope.">
      {forbidden && <p className="muted">Managing API keys needs the Manage API keys permission.</p>}
      {keys.error && !forbidden && (
        <p role="alert" className="error">
          Could not load the API keys: {keys.error.message}
        </p>
      )}
      {!forbidden && (
        <>
          <form noValidate onSubmit={submit} aria-label="New API key">
            <FormAlert>{errors._?.[0]}</FormAlert>
            <div className="form-grid">
              <TextField
                label="Name"
                control={nameControl}
                value={name}
                maxLength={100}
                placeholder="e.g. Customer web form"
                autoComplete={undefined}
                onChange={(e) => setName(e.target.value)}
              />
              <CheckGroup
                legend="Scopes"
                control={scopesControl}
                options={API_KEY_SCOPES.map((scope) => ({ value: scope, ...SCOPE_LABELS[scope] }))}
                selected={scopes}
                onChange={setScopes}
              />
            </div>
            <FormFooter label="Create API key" pendingLabel="Creating…" pending={create.isPending} status={status} />
          </form>
          {made && (
            <div role="alert" className="panel" style={{ marginTop: 12 }}>
              <p>
                The key “{made.name}” — copy it now, it is not shown again:
              </p>
              <p>
                <code>{made.key}</code>{' '}
                <button type="button" className="button small" onClick={() => void navigator.clipboard?.writeText(made.key)}>
                  Copy
                </button>{' '}
                <button type="button" className="button small" onClick={() => setMade(null)}>
                  Done
                </button>
              </p>
            </div>
          )}
          <div style={{ marginTop: 12 }}>
            <DataTable
              columns={[
                { header: 'Name', cell: (k) => <strong>{k.name}</strong> },
                { header: 'Key', cell: (k) => <code>{k.prefix}…</code> },
                {
                  header: 'Scopes',
                  cell: (k) => (
                    <span className="tags">
                      {k.scopes.map((scope) => (
                        <span key={scope} className="tag" title={SCOPE_LABELS[scope].hint}>
                          {SCOPE_LABELS[scope].label}
                        </span>
                      ))}
                    </span>
                  ),
                },
                {
                  header: 'Created',
                  cell: (k) => (
                    <>
                      {formatDateTime(k.createdAt)}
                      {k.createdBy && <span className="muted small"> by {k.createdBy.name}</span>}
                    </>
                  ),
                },
                { header: 'Last used', cell: (k) => <TimeAgo date={k.lastUsedAt} none={<span className="muted">never</span>} /> },
                {
                  header: 'Status',
                  cell: (k) => (k.revokedAt ? <span className="badge danger">Revoked {formatDateTime(k.revokedAt)}</span> : <span className="badge ok">Active</span>),
                },
              ]}
              rows={keys.data}
              rowKey={(k) => k.id}
              rowClassName={(k) => (k.revokedAt ? 'inactive' : undefined)}
              loading={keys.isLoading}
              empty="No API keys yet."
              actions={(k) =>
                !k.revokedAt && (
                  <button
                    type="button"
                    className="button small danger"
                    disabled={revoke.isPending && revoke.variables?.id === k.id}
                    aria-label={`Revoke ${k.name}`}
                    onClick={() => revokeKey(k.id, k.name)}
                  >
                    Revoke
                  </button>
                )
              }
            />
          </div>
        </>
      )}
    </Panel>
  );
}
