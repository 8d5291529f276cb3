'use client';
// Integration keys: their names, prefixes and scopes, made and revoked by an admin holding
// manage_api_keys. A new key is shown once; only its hash is kept.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { API_KEY_SCOPES } from '../../engine/enums';
import { fieldErrorsOf, messageOf } from '../../lib/form-errors';
import { useTRPC } from '../../lib/trpc';
import { StatusLine, ago, useStatus } from '../directory/row-status';

type Scope = (typeof API_KEY_SCOPES)[number];

export const SCOPE_LABELS: Record<Scope, { label: string; hint: string }> = {
  create: { label: 'Create orders', hint: 'POST work orders, one or in batches' },
  read_own: { label: 'Read its own orders', hint: 'GET the orders this key created' },
  read_all: { label: 'Read all orders', hint: 'GET any work order, whoever created it' },
};

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : '—');

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
  const nameId = useId();
  const headingId = useId();
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
    <section className="panel" aria-labelledby={headingId} style={{ marginTop: 16 }}>
      <h2 id={headingId} className="panel-title">
        API keys
      </h2>
      <p className="muted">
        Integrations send work orders with a key. A key reads only the orders it created, unless it has the “Read all orders” scope.
      </p>
      {forbidden && <p className="muted">Managing API keys needs the Manage API keys permission.</p>}
      {keys.error && !forbidden && (
        <p role="alert" className="error">
          Could not load the API keys: {keys.error.message}
        </p>
      )}
      {!forbidden && (
        <>
          <form noValidate onSubmit={submit} aria-label="New API key">
            {errors._ && (
              <p role="alert" className="form-alert">
                {errors._[0]}
              </p>
            )}
            <div className="form-grid">
              <div className="field">
                <label htmlFor={nameId}>Name</label>
                <input
                  id={nameId}
                  value={name}
                  maxLength={100}
                  placeholder="e.g. Customer web form"
                  aria-invalid={errors.name ? true : undefined}
                  aria-describedby={errors.name ? `${nameId}-error` : undefined}
                  onChange={(e) => setName(e.target.value)}
                />
                {errors.name && (
                  <p id={`${nameId}-error`} className="field-error">
                    {errors.name[0]}
                  </p>
                )}
              </div>
              <fieldset className="wide" aria-invalid={errors.scopes ? true : undefined}>
                <legend>Scopes</legend>
                <div className="checks stacked">
                  {API_KEY_SCOPES.map((scope) => (
                    <label key={scope}>
                      <input
                        type="checkbox"
                        checked={scopes.includes(scope)}
                        onChange={(e) => setScopes((list) => (e.target.checked ? [...list, scope] : list.filter((x) => x !== scope)))}
                      />
                      {SCOPE_LABELS[scope].label}
                      <span className="muted">— {SCOPE_LABELS[scope].hint}</span>
                    </label>
                  ))}
                </div>
                {errors.scopes && <p className="field-error">{errors.scopes[0]}</p>}
              </fieldset>
            </div>
            <div className="form-footer">
              <button type="submit" className="button primary" disabled={create.isPending}>
                {create.isPending ? 'Creating…' : 'Create API key'}
              </button>
              <StatusLine text={status} />
            </div>
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
          <div className="table-wrap" style={{ marginTop: 12 }}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.isLoading && (
                  <tr>
                    <td colSpan={7} className="muted">
                      Loading…
                    </td>
                  </tr>
                )}
                {keys.data?.length === 0 && (
                  <tr>
                    <td colSpan={7} className="muted">
                      No API keys yet.
                    </td>
                  </tr>
                )}
                {keys.data?.map((k) => (
                  <tr key={k.id} className={k.revokedAt ? 'inactive' : undefined}>
                    <td>
                      <strong>{k.name}</strong>
                    </td>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>
                      <span className="tags">
                        {k.scopes.map((scope) => (
                          <span key={scope} className="tag" title={SCOPE_LABELS[scope].hint}>
                            {SCOPE_LABELS[scope].label}
                          </span>
                        ))}
                      </span>
                    </td>
                    <td>
                      {when(k.createdAt)}
                      {k.createdBy && <span className="muted small"> by {k.createdBy.name}</span>}
                    </td>
                    <td>{k.lastUsedAt ? ago(k.lastUsedAt) : <span className="muted">never</span>}</td>
                    <td>{k.revokedAt ? <span className="badge danger">Revoked {when(k.revokedAt)}</span> : <span className="badge ok">Active</span>}</td>
                    <td>
                      {!k.revokedAt && (
                        <button
                          type="button"
                          className="button small danger"
                          disabled={revoke.isPending && revoke.variables?.id === k.id}
                          aria-label={`Revoke ${k.name}`}
                          onClick={() => revokeKey(k.id, k.name)}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
