'use client';
// The compliance fields of an order's category on the engineer's page: the checklist, readings
// with their unit and range, texts, photos from the camera and the customer's signature. Each
// entry is kept on the phone first and sent from there (use-outbox.ts), so it works without
// network for a while; what waits shows as "saved on this phone". Read-only for everyone but the
// order's engineers while the order is accepted or in progress (the server decides: canEnter).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { rangeText, type ComplianceFieldDef, type LatestValue } from '../../engine/compliance/model';
import { useTRPC } from '../../lib/trpc';
import { errorText, formatDateTime } from '../ui';
import type { EntryValue, OutboxEntry } from './outbox';
import { photoDataUrl } from './photo';
import { SignatureField } from './signature-field';
import { useComplianceOutbox } from './use-outbox';
import './compliance.css';

const photoUrl = (id: string) => `/api/compliance/photos/${encodeURIComponent(id)}`;

/** Why the fields cannot be filled in now, for whoever sees them read-only. */
export function readOnlyReason(status: string): string {
  if (status === 'completed') return 'Read-only: as recorded when the order was completed.';
  if (status === 'cancelled') return 'Read-only: the order was cancelled.';
  if (status === 'accepted' || status === 'in_progress') return "Read-only: the order's engineers fill these in.";
  return "Read-only for now: the order's engineers fill these in once the order is accepted.";
}

interface FieldView extends ComplianceFieldDef {
  latest: (LatestValue & { enteredAt: Date; enteredByName: string | null }) | null;
  problem: string | null;
}

/** `orderVersion`: the order's version as the page shows it; when it changes (accepted, completed) the fields are read again. */
export function ComplianceSection({ orderId, orderVersion }: { orderId: string; orderVersion?: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data, error, isLoading } = useQuery(trpc.compliance.forOrder.queryOptions({ orderId }));
  useEffect(() => {
    if (orderVersion !== undefined) void queryClient.invalidateQueries(trpc.compliance.forOrder.queryFilter({ orderId }));
  }, [orderVersion, orderId, queryClient, trpc]);
  const outbox = useComplianceOutbox(orderId);
  const headingId = useId();
  if (isLoading) return null;
  if (error || !data) return <p role="alert" className="error">{errorText(error) ?? 'Could not load the compliance fields'}</p>;
  if (!data.fields.length) return null;
  const waitingFor = (fieldId: string) => outbox.waiting.filter((e) => e.fieldId === fieldId).at(-1);
  const label = (fieldId: string) => data.fields.find((f) => f.id === fieldId)?.label ?? fieldId;
  const n = outbox.waiting.length;

  return (
    <section className="cf" aria-labelledby={headingId}>
      <h2 id={headingId}>Compliance fields</h2>
      <p className="muted cf-hint">
        {data.category} orders are completed with these filled{data.fields.some((f) => !f.required) ? ' (those marked optional may stay empty)' : ''}.
      </p>
      {!data.canEnter && <p className="muted cf-hint">{readOnlyReason(data.status)}</p>}
      {(data.canEnter || n > 0) && (
        <p role="status" className={n ? 'cf-pending' : 'muted cf-hint'}>
          {n
            ? outbox.online
              ? `Sending ${n} ${n === 1 ? 'entry' : 'entries'}…`
              : `${n} ${n === 1 ? 'entry' : 'entries'} saved on this phone, will send when online`
            : 'Every entry is sent.'}
        </p>
      )}
      {outbox.storeError && <p role="alert" className="error">{outbox.storeError}</p>}
      {outbox.refused.map((e) => (
        <p key={e.clientEntryId} role="alert" className="error cf-row">
          <span>
            Not recorded — {label(e.fieldId)}: {e.refused}
          </span>
          <button type="button" className="button" onClick={() => void outbox.dismiss(e.clientEntryId)}>
            Dismiss
          </button>
        </p>
      ))}
      <ol className="cf-fields">
        {data.fields.map((f) => (
          <li key={f.id}>
            <ComplianceField field={f} waiting={waitingFor(f.id)} disabled={!data.canEnter} onEnter={(v, signedAs) => void outbox.enter(f.id, v, signedAs)} />
          </li>
        ))}
      </ol>
      {data.refusal && data.canEnter && !n && <p className="muted cf-hint">Still to do: {data.refusal.slice(data.refusal.indexOf(': ') + 2)}</p>}
    </section>
  );
}

function Recorded({ field, waiting }: { field: FieldView; waiting: OutboxEntry | undefined }) {
  if (waiting) return <span className="cf-badge pending">Saved on this phone, will send when online</span>;
  if (!field.latest) return null;
  return (
    <span className="muted cf-hint">
      Recorded {formatDateTime(field.latest.enteredAt)}
      {field.latest.enteredByName ? ` by ${field.latest.enteredByName}` : ''}
    </span>
  );
}

function ComplianceField({
  field,
  waiting,
  disabled,
  onEnter,
}: {
  field: FieldView;
  waiting: OutboxEntry | undefined;
  disabled: boolean;
  /** `signedAs`: a signature typed instead of drawn, the name typed. */
  onEnter: (v: EntryValue, signedAs?: string) => void;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const current: EntryValue = waiting ? waiting.value : (field.latest?.value ?? null);
  const title = (
    <>
      {field.label}
      {!field.required && <span className="muted"> (optional)</span>}
    </>
  );
  const frame = (control: ReactNode, hint?: ReactNode) => (
    <div className="cf-field">
      {control}
      {hint}
      <Recorded field={field} waiting={waiting} />
    </div>
  );

  switch (field.kind) {
    case 'checkbox':
      return frame(
        <label className="cf-check">
          <input type="checkbox" checked={current === true} disabled={disabled} onChange={(e) => onEnter(e.target.checked)} />
          <span>{title}</span>
        </label>,
      );
    case 'number':
      return <ReadingField field={field} current={current} disabled={disabled} onEnter={onEnter} title={title} waiting={waiting} />;
    case 'text':
      return frame(
        <>
          <label htmlFor={id}>{title}</label>
          <TextEntry id={id} current={typeof current === 'string' ? current : ''} disabled={disabled} onEnter={onEnter} />
        </>,
      );
    case 'photo':
      return frame(
        <>
          <label htmlFor={id}>{title}</label>
          <PhotoInput id={id} hintId={hintId} disabled={disabled} onEnter={onEnter} />
          <Preview field={field} waiting={waiting} alt={`${field.label} (photo)`} />
        </>,
      );
    case 'signature': {
      // A typed signature's name: the waiting entry's, else the recorded one's (a drawn one has none).
      const signedAs = waiting ? waiting.signedAs : typeof field.latest?.value === 'string' ? field.latest.value : undefined;
      return frame(
        <>
          <span className="cf-label">{title}</span>
          <Preview field={field} waiting={waiting} alt={`${field.label} (signature${signedAs ? `, typed by ${signedAs}` : ''})`} />
          {signedAs && <span className="muted cf-hint">Typed by the signer: {signedAs}</span>}
          {disabled && !waiting && !field.latest?.photoId && <span className="muted cf-hint">Not signed yet.</span>}
          {!disabled && <SignatureField label={field.label} disabled={disabled} signed={!!waiting || !!field.latest?.photoId} onSave={onEnter} />}
        </>,
      );
    }
  }
}

function Preview({ field, waiting, alt }: { field: FieldView; waiting: OutboxEntry | undefined; alt: string }) {
  const src = typeof waiting?.value === 'string' ? waiting.value : field.latest?.photoId ? photoUrl(field.latest.photoId) : null;
  return src ? <img className="cf-preview" src={src} alt={alt} /> : null;
}

function ReadingField({
  field,
  current,
  disabled,
  onEnter,
  title,
  waiting,
}: {
  field: FieldView;
  current: EntryValue;
  disabled: boolean;
  onEnter: (v: EntryValue) => void;
  title: ReactNode;
  waiting: OutboxEntry | undefined;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const shown = typeof current === 'number' ? String(current) : '';
  const [draft, setDraft] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const range = rangeText(field);
  const value = draft ?? shown;
  const n = value.trim() === '' ? null : Number(value);
  const outside = n !== null && Number.isFinite(n) && ((field.min !== null && n < field.min) || (field.max !== null && n > field.max));
  const commit = () => {
    if (draft === null) return;
    const text = draft.trim().replace(',', '.');
    const next = text === '' ? null : Number(text);
    if (next !== null && !Number.isFinite(next)) return setInvalid('A number, e.g. 2.5');
    setInvalid(null);
    setDraft(null);
    if (next !== (typeof current === 'number' ? current : null)) onEnter(next);
  };
  return (
    <div className="cf-field">
      <label htmlFor={id}>
        {title}
        {field.unit ? ` (${field.unit})` : ''}
      </label>
      <div className="cf-row">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          className="input cf-number"
          value={value}
          disabled={disabled}
          aria-describedby={hintId}
          aria-invalid={invalid || outside ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            }
          }}
        />
        {field.unit && <span>{field.unit}</span>}
      </div>
      <p id={hintId} className={invalid || outside ? 'field-error' : 'muted cf-hint'}>
        {invalid ?? (outside ? `Outside the range ${range}: completing needs a reading in range` : range ? `Range ${range}` : 'Any number')}
      </p>
      <Recorded field={field} waiting={waiting} />
    </div>
  );
}

function TextEntry({ id, current, disabled, onEnter }: { id: string; current: string; disabled: boolean; onEnter: (v: EntryValue) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <textarea
      id={id}
      className="input"
      rows={3}
      maxLength={2000}
      value={draft ?? current}
      disabled={disabled}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => {
        if (draft === null) return;
        setDraft(null);
        if (draft.trim() !== current.trim()) onEnter(draft.trim() || null);
      }}
    />
  );
}

function PhotoInput({ id, hintId, disabled, onEnter }: { id: string; hintId: string; disabled: boolean; onEnter: (v: EntryValue) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <input
        id={id}
        type="file"
        accept="image/*"
        capture="environment"
        disabled={disabled || busy}
        aria-describedby={hintId}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setBusy(true);
          setProblem(null);
          try {
            onEnter(await photoDataUrl(file));
          } catch (err) {
            setProblem(err instanceof Error ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      />
      <p id={hintId} className={problem ? 'field-error' : 'muted cf-hint'}>
        {problem ?? (busy ? 'Preparing the photo…' : 'Take a photo with the camera (PNG, JPEG or WebP; large photos are scaled down).')}
      </p>
    </>
  );
}
