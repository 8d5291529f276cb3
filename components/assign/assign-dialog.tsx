'use client';
// Assign one order (or a selection): the engine's ranked candidates in a List or on a Map, each
// engineer with their earliest slot and travel time; pick the owner and, for engineers, any
// collaborating engineers, and the slot (the owner's earliest, a time picked by hand, or none).
// A selection goes through the bulk preview.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useMemo, useState } from 'react';
import { useTRPC } from '../../lib/trpc';
import { BulkPreview } from '../queues/bulk-preview';
import { formatDayTime, fromLocalInput, toLocalInput } from '../schedule/zone';
import { Modal, VehicleBadge, errorText } from '../ui';
import { STATUS_COLORS, TARGET_LABELS, age, lateForSla, slotText, type Candidate } from './types';
import { Car, MapPin, Star } from 'lucide-react';

const AssignMap = dynamic(() => import('./assign-map'), { ssr: false, loading: () => <p className="muted">Loading the map…</p> });

function km(lat1: number, lng1: number, lat2: number, lng2: number) {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lng2 - lng1) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
}

export const NO_LOCATION_MESSAGE = 'This order has no location, so it cannot be shown on a map';

export interface AssignTarget {
  id: string;
  number: string;
  version: number;
  lat: number | null;
  lng: number | null;
}

export function AssignDialog({ orders, onClose, onDone }: { orders: AssignTarget[]; onClose: () => void; onDone?: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const first = orders[0];
  const bulk = orders.length > 1;
  const { data, error, isLoading } = useQuery(trpc.orders.candidates.queryOptions({ orderId: first.id }));
  const [tab, setTab] = useState<'list' | 'map'>('list');
  const [target, setTarget] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [collaborators, setCollaborators] = useState<string[]>([]);
  const [preview, setPreview] = useState(false);
  const [slotMode, setSlotMode] = useState<'earliest' | 'at' | 'unscheduled'>('earliest');
  const [slotAt, setSlotAt] = useState('');
  const hasLocation = first.lat !== null && first.lng !== null;
  const settings = useQuery(trpc.settings.schedule.queryOptions());
  const timeZone = settings.data?.timeZone ?? 'UTC';

  const type = target ?? data?.targets[0] ?? null;
  const everyoneInScope = useMemo(() => (data?.candidates ?? []).filter((c) => c.type === type), [data, type]);
  // The step's rules' candidates first; "Show everyone" adds the others in scope with why the rules
  // leave them out. When the rules have nobody (why the order waits here), everyone is shown.
  const [everyone, setEveryone] = useState<boolean | null>(null);
  const ruleCandidates = everyoneInScope.filter((c) => c.ruleCandidate);
  const showEveryone = everyone ?? ruleCandidates.length === 0;
  const list = showEveryone ? everyoneInScope : ruleCandidates;
  const providerIds = type === 'service_provider' ? list.map((c) => c.id) : [];
  const positions = useQuery({ ...trpc.queues.providerPositions.queryOptions({ ids: providerIds }), enabled: tab === 'map' && providerIds.length > 0 });
  // Providers stand at the centre of their located engineers on the map.
  const mapped = useMemo(
    () =>
      list.map((c) => {
        const p = positions.data?.find((x) => x.providerId === c.id);
        if (c.location || !p || first.lat === null || first.lng === null) return c;
        return { ...c, location: { lat: p.lat, lng: p.lng }, distanceKm: km(first.lat, first.lng, p.lat, p.lng) };
      }),
    [list, positions.data, first.lat, first.lng],
  );
  const owner = list.find((c) => c.id === ownerId) ?? null;
  const takesCollaborators = type === 'engineer' || type === 'provider_engineer';
  // Engineers of an order with a duration have slots: the dispatcher picks the owner's earliest, a
  // time by hand (checked by the server the same way) or none.
  const scheduled = takesCollaborators && list.some((c) => c.earliestStart !== null);
  const slotStart = slotMode === 'at' ? fromLocalInput(slotAt, timeZone) : null;
  const slot = !scheduled || slotMode === 'earliest' ? undefined : slotMode === 'unscheduled' ? ('unscheduled' as const) : slotStart !== null ? { start: new Date(slotStart).toISOString() } : undefined;

  const assign = useMutation(
    trpc.orders.assign.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.queues.pathFilter());
        await queryClient.invalidateQueries(trpc.orders.pathFilter());
        onDone?.(`${first.number} assigned to ${owner?.name}`);
        onClose();
      },
    }),
  );

  const pick = (c: Candidate) => {
    setOwnerId(c.id);
    if (c.earliestStart && !slotAt) setSlotAt(toLocalInput(Date.parse(c.earliestStart), timeZone));
    setCollaborators((cs) => cs.filter((x) => x !== c.id));
  };

  if (preview && owner && type) {
    return (
      <BulkPreview
        orderIds={orders.map((o) => o.id)}
        action={{ type: 'assign', assignee: { type: type as Candidate['type'], id: owner.id }, collaboratorIds: collaborators }}
        title={`Assign ${orders.length} orders to ${owner.name}`}
        onClose={onClose}
        onDone={onDone}
      />
    );
  }

  return (
    <Modal title={bulk ? `Assign ${orders.length} orders` : `Assign ${first.number}`} onClose={onClose} wide>
      {data && (
        <p className="muted small">
          Step: {data.node.label ?? data.node.id} · assigns {data.targets.map((t) => TARGET_LABELS[t]).join(' or ')}
          {bulk && ` · candidates of ${first.number}; the preview checks each order`}
        </p>
      )}
      {data && data.targets.length > 1 && (
        <div className="toolbar" role="radiogroup" aria-label="Assign to">
          {data.targets.map((t) => (
            <label key={t} className="check">
              <input type="radio" name="target" checked={type === t} onChange={() => (setTarget(t), setOwnerId(null), setCollaborators([]))} /> {TARGET_LABELS[t]}
            </label>
          ))}
        </div>
      )}
      <div className="tabs" role="tablist" aria-label="Assignment view">
        <button type="button" role="tab" aria-selected={tab === 'list'} className="button ds-touch" onClick={() => setTab('list')}>
          List
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'map'}
          aria-disabled={!hasLocation}
          disabled={!hasLocation}
          title={hasLocation ? undefined : NO_LOCATION_MESSAGE}
          className="button ds-touch"
          onClick={() => setTab('map')}
        >
          Map
        </button>
      </div>
      {!hasLocation && (
        <p className="notice" role="note">
          {NO_LOCATION_MESSAGE}.
        </p>
      )}
      {isLoading && <p className="muted">Loading candidates…</p>}
      {error && (
        <p role="alert" className="form-alert">
          {errorText(error)}
        </p>
      )}
      {data && tab === 'list' && (
        <p className="candidate-scope">
          <label className="check ds-touch">
            <input type="checkbox" role="switch" checked={showEveryone} onChange={(e) => setEveryone(e.target.checked)} /> Show everyone
          </label>{' '}
          <span className="muted small">
            {ruleCandidates.length} of {everyoneInScope.length} in scope {ruleCandidates.length === 1 ? 'meets' : 'meet'} the step’s rules
          </span>
        </p>
      )}
      {data && tab === 'list' && (
        <div className="candidate-list" role="list" aria-label="Candidates">
          {list.length === 0 && <p className="muted">No eligible {type ? TARGET_LABELS[type] : 'assignee'} for this order.</p>}
          {list.map((c, i) => (
            <div key={c.id} role="listitem" className={`candidate${ownerId === c.id ? ' chosen' : ''}`}>
              <label className="candidate-owner ds-touch">
                <input type="radio" name="owner" checked={ownerId === c.id} onChange={() => pick(c)} aria-label={`Owner: ${c.name}`} />
                <span className="candidate-name">
                  <strong>
                    {i + 1}. {c.name}
                  </strong>
                  {c.providerName && <span className="muted"> · {c.providerName}</span>}
                </span>
              </label>
              <span className="candidate-facts">
                {c.status && (
                  <span className="badge" style={{ background: STATUS_COLORS[c.status], color: '#fff' }}>
                    {c.status.replace('_', ' ')}
                  </span>
                )}
                {c.type !== 'service_group' && c.type !== 'service_provider' && (
                  <span title="Current location and its age">
                    <MapPin size={13} className="ds-icon" aria-hidden /> {c.location ? `${c.location.lat.toFixed(3)}, ${c.location.lng.toFixed(3)} (${age(c.locationAt)})` : 'no location'}
                  </span>
                )}
                {c.openOrders !== null && (
                  <span>
                    {c.openOrders}/{c.capacity ?? '—'} open
                  </span>
                )}
                <span>{c.distanceKm !== null ? `${c.distanceKm.toFixed(1)} km` : c.type === 'service_group' ? `${c.memberCount} members` : 'distance —'}</span>
                {c.travelMinutes !== null ? (
                  <span title="Travel time to the order">
                    <Car size={13} className="ds-icon" aria-hidden /> {c.travelMinutes} min
                  </span>
                ) : (
                  c.type !== 'service_group' &&
                  c.type !== 'service_provider' && (
                    // The order or the engineer has no location: the slot search counts the drive as 0 (RULES.md).
                    <span className="muted" title="Travel time to the order: unknown without both locations (counted as 0 for the earliest slot)">
                      <Car size={13} className="ds-icon" aria-hidden /> travel unknown
                    </span>
                  )
                )}
                {scheduled && (
                  <span className={c.earliestStart ? undefined : 'warn-text'} title="Earliest slot (company time zone)">
                    {slotText(c, timeZone)}
                  </span>
                )}
                {scheduled && lateForSla(c.earliestStart, data?.order.resolveBy) && (
                  <span className="badge warn" title="Booked at this slot, the work starts after the order's resolve-by (a warning, not a refusal)">
                    after resolve-by
                  </span>
                )}
                {c.skillsRequired > 0 && (
                  <span className={c.skillsMatched === c.skillsRequired ? 'ok-text' : 'warn-text'}>
                    skills {c.skillsMatched}/{c.skillsRequired}
                  </span>
                )}
                {c.rating !== null && (
                  <span title="Rating">
                    <Star size={13} className="ds-icon" aria-hidden /> {c.rating.toFixed(1)}
                  </span>
                )}
                {c.region && <span className="muted">{c.region}</span>}
                {c.type !== 'service_group' && c.type !== 'service_provider' && <VehicleBadge vehicle={c.vehicle} />}
              </span>
              {!c.ruleCandidate && c.whyNot && <span className="candidate-why-not muted small">Why not: {c.whyNot}</span>}
              {takesCollaborators && ownerId !== c.id && (
                <label className="check ds-touch">
                  <input
                    type="checkbox"
                    checked={collaborators.includes(c.id)}
                    onChange={(e) => setCollaborators((cs) => (e.target.checked ? [...cs, c.id] : cs.filter((x) => x !== c.id)))}
                    aria-label={`Collaborator: ${c.name}`}
                  />{' '}
                  Collaborator
                </label>
              )}
            </div>
          ))}
        </div>
      )}
      {data && tab === 'map' && hasLocation && (
        <>
          <AssignMap order={{ lat: first.lat!, lng: first.lng!, label: first.number }} candidates={mapped} ownerId={ownerId} onPick={pick} timeZone={timeZone} />
          <p className="muted small">
            {mapped.filter((c) => c.location).length} of {list.length} candidates have a position; click one to make it the owner.{' '}
            {mapped.filter((c) => !c.location).length > 0 && `Without a position: ${mapped.filter((c) => !c.location).map((c) => c.name).join(', ')}.`}
            {providerIds.length > 0 && ' Providers are shown at the centre of their engineers.'}
          </p>
        </>
      )}
      {data && scheduled && !bulk && (
        <fieldset className="slot-choice">
          <legend>Slot</legend>
          <div className="toolbar" style={{ marginBottom: 0 }}>
            <label className="check ds-touch">
              <input type="radio" name="slot" checked={slotMode === 'earliest'} onChange={() => setSlotMode('earliest')} /> Earliest slot
              {owner?.earliestStart ? ` (${formatDayTime(Date.parse(owner.earliestStart), timeZone)})` : ''}
            </label>
            <label className="check ds-touch">
              <input type="radio" name="slot" checked={slotMode === 'at'} onChange={() => setSlotMode('at')} /> Pick a time
            </label>
            <label className="check ds-touch">
              <input type="radio" name="slot" checked={slotMode === 'unscheduled'} onChange={() => setSlotMode('unscheduled')} /> Unscheduled
            </label>
            {slotMode === 'at' && (
              <span className="field">
                <label htmlFor="assign-slot-start">Start ({timeZone})</label>
                <input id="assign-slot-start" type="datetime-local" step={900} value={slotAt} onChange={(e) => setSlotAt(e.target.value)} />
              </span>
            )}
          </div>
        </fieldset>
      )}
      {assign.error && (
        <p role="alert" className="form-alert">
          {errorText(assign.error)}
        </p>
      )}
      <div className="dialog-actions">
        <span className="muted small" aria-live="polite">
          {owner ? `Owner: ${owner.name}${collaborators.length ? ` + ${collaborators.length} collaborator${collaborators.length > 1 ? 's' : ''}` : ''}` : 'Choose an owner'}
        </span>
        <button type="button" className="button ds-touch" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button primary ds-touch"
          disabled={!owner || assign.isPending || (scheduled && slotMode === 'at' && slotStart === null)}
          onClick={() => {
            if (!owner || !type) return;
            if (bulk) setPreview(true);
            else
              assign.mutate({
                orderId: first.id,
                version: data?.order.version ?? first.version,
                assignee: { type: type as Candidate['type'], id: owner.id },
                collaboratorIds: collaborators,
                ...(slot !== undefined ? { slot } : {}),
              });
          }}
        >
          {bulk ? 'Preview' : assign.isPending ? 'Assigning…' : 'Confirm assignment'}
        </button>
      </div>
    </Modal>
  );
}
