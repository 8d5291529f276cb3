'use client';
// The map view of assignment (react-leaflet, client only). Tiles come from NEXT_PUBLIC_MAP_TILE_URL;
// without one the app's own offline base map is drawn (components/map). Service groups' territories
// are shown; when groups are being assigned, clicking a territory chooses that group.
import 'leaflet/dist/leaflet.css';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { MapContainer, TileLayer, useMap } from 'react-leaflet';
import { useTRPC } from '../../lib/trpc';
import { LabelledMarker, OfflineBaseMap, TerritoryLayer, groupTerritories } from '../map';
import { STATUS_COLORS, slotText, type Candidate } from './types';

const TILE_URL = process.env.NEXT_PUBLIC_MAP_TILE_URL ?? '';

export default function AssignMap({
  order,
  candidates,
  ownerId,
  onPick,
  timeZone,
}: {
  order: { lat: number; lng: number; label: string };
  candidates: Candidate[];
  ownerId: string | null;
  onPick: (c: Candidate) => void;
  /** The company's zone, for the candidates' earliest slots. */
  timeZone: string;
}) {
  const trpc = useTRPC();
  // Territories need the groups and their engineers' positions; roles that may not read the
  // directory (provider dispatchers) simply see no territories.
  const groups = useQuery({ ...trpc.directory.groups.list.queryOptions(), retry: false, staleTime: 60_000 });
  const engineers = useQuery({ ...trpc.directory.engineers.list.queryOptions(), retry: false, staleTime: 60_000 });
  const territories = useMemo(
    () =>
      groupTerritories(
        (groups.data ?? []).filter((g) => g.active !== false && g.kind === 'engineers'),
        (engineers.data ?? []).filter((e) => e.active !== false),
      ),
    [groups.data, engineers.data],
  );
  const groupCandidates = new Map(candidates.filter((c) => c.type === 'service_group').map((c) => [c.id, c]));
  const pickable = territories.filter((t) => groupCandidates.has(t.groupId));
  const others = territories.filter((t) => !groupCandidates.has(t.groupId));

  const located = candidates.filter((c) => c.location);
  const points: [number, number][] = [
    [order.lat, order.lng],
    ...located.map((c) => [c.location!.lat, c.location!.lng] as [number, number]),
    ...pickable.flatMap((t) => t.ring),
  ];
  const lats = points.map((p) => p[0]);
  const lngs = points.map((p) => p[1]);
  const bounds: [[number, number], [number, number]] = [
    [Math.min(...lats) - 0.01, Math.min(...lngs) - 0.01],
    [Math.max(...lats) + 0.01, Math.max(...lngs) + 0.01],
  ];
  return (
    <div className="assign-map" role="region" aria-label="Map of the order and nearby resources">
      <MapContainer
        bounds={bounds}
        boundsOptions={{ padding: [36, 36], maxZoom: 13 }}
        style={{ height: '100%', width: '100%' }}
        className={TILE_URL ? undefined : 'ds-offline-map'}
        scrollWheelZoom
        attributionControl={!!TILE_URL}
      >
        {TILE_URL ? <TileLayer url={TILE_URL} /> : <OfflineBaseMap />}
        <FitView bounds={bounds} />
        <TerritoryLayer territories={others} />
        <TerritoryLayer territories={pickable} chosenId={ownerId} onPick={(id) => onPick(groupCandidates.get(id)!)} />
        <LabelledMarker
          center={[order.lat, order.lng]}
          radius={11}
          label={`Order ${order.label}`}
          permanent
          pathOptions={{ color: '#101828', fillColor: '#d92d20', fillOpacity: 0.9, weight: 3 }}
        />
        {located.map((c) => {
          const color = STATUS_COLORS[c.status ?? 'provider'] ?? '#1f5fbf';
          const label = `${c.name}, ${c.status?.replace('_', ' ') ?? c.type.replace('_', ' ')}${c.distanceKm !== null ? `, ${c.distanceKm.toFixed(1)} km` : ''}${
            c.travelMinutes !== null ? `, ${c.travelMinutes} min travel` : ''
          }${c.earliestStart !== null || c.type === 'engineer' || c.type === 'provider_engineer' ? `, ${slotText(c, timeZone)}` : ''}`;
          return (
            <LabelledMarker
              key={c.id}
              center={[c.location!.lat, c.location!.lng]}
              radius={ownerId === c.id ? 10 : 7}
              label={label}
              actionLabel="Choose"
              onActivate={() => onPick(c)}
              data={{ candidate: c.id }}
              pathOptions={{ color: ownerId === c.id ? '#101828' : color, fillColor: color, fillOpacity: 0.85, weight: ownerId === c.id ? 3 : 1 }}
            />
          );
        })}
      </MapContainer>
      <ul className="map-legend" aria-label="Legend">
        {[['available', 'available'], ['busy', 'busy'], ['off_shift', 'off shift'], ['on_leave', 'on leave'], ['provider', 'provider']].map(([k, label]) => (
          <li key={k}>
            <span className="dot" style={{ background: STATUS_COLORS[k] }} /> {label}
          </li>
        ))}
        <li>
          <span className="dot" style={{ background: '#d92d20', outline: '2px solid #101828' }} /> the order
        </li>
        {territories.length > 0 && (
          <li>
            <span className="dot territory-dot" /> a service group&apos;s territory{pickable.length > 0 ? ' (click to choose)' : ''}
          </li>
        )}
      </ul>
    </div>
  );
}

/** Refits the view when what is shown grows (territories arrive after the map is created). */
function FitView({ bounds }: { bounds: [[number, number], [number, number]] }) {
  const map = useMap();
  const key = bounds.flat().map((n) => n.toFixed(4)).join(',');
  useEffect(() => {
    map.fitBounds(bounds, { padding: [36, 36], maxZoom: 13 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, key]);
  return null;
}
