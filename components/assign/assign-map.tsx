'use client';
// The map view of assignment (react-leaflet, client only). Tiles come from NEXT_PUBLIC_MAP_TILE_URL;
// without one the map is a plain background and the markers still work.
import 'leaflet/dist/leaflet.css';
import { CircleMarker, MapContainer, TileLayer, Tooltip } from 'react-leaflet';
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
  const located = candidates.filter((c) => c.location);
  const points: [number, number][] = [[order.lat, order.lng], ...located.map((c) => [c.location!.lat, c.location!.lng] as [number, number])];
  const lats = points.map((p) => p[0]);
  const lngs = points.map((p) => p[1]);
  const bounds: [[number, number], [number, number]] = [
    [Math.min(...lats) - 0.01, Math.min(...lngs) - 0.01],
    [Math.max(...lats) + 0.01, Math.max(...lngs) + 0.01],
  ];
  return (
    <div className="assign-map" role="region" aria-label="Map of the order and nearby resources">
      <MapContainer bounds={bounds} boundsOptions={{ padding: [36, 36] }} style={{ height: '100%', width: '100%', background: '#e8edf3' }} scrollWheelZoom attributionControl={!!TILE_URL}>
        {TILE_URL && <TileLayer url={TILE_URL} />}
        <CircleMarker
          center={[order.lat, order.lng]}
          radius={11}
          pathOptions={{ color: '#101828', fillColor: '#d92d20', fillOpacity: 0.9, weight: 3 }}
          eventHandlers={{ add: (e) => e.target.getElement()?.setAttribute('aria-label', `Order ${order.label}`) }}
        >
          <Tooltip permanent direction="top">{`Order ${order.label}`}</Tooltip>
        </CircleMarker>
        {located.map((c) => {
          const color = STATUS_COLORS[c.status ?? 'provider'] ?? '#1f5fbf';
          const label = `${c.name}, ${c.status?.replace('_', ' ') ?? c.type.replace('_', ' ')}${c.distanceKm !== null ? `, ${c.distanceKm.toFixed(1)} km` : ''}${
            c.travelMinutes !== null ? `, ${c.travelMinutes} min travel` : ''
          }${c.earliestStart !== null || c.type === 'engineer' || c.type === 'provider_engineer' ? `, ${slotText(c, timeZone)}` : ''}`;
          return (
            <CircleMarker
              key={c.id}
              center={[c.location!.lat, c.location!.lng]}
              radius={ownerId === c.id ? 10 : 7}
              pathOptions={{ color: ownerId === c.id ? '#101828' : color, fillColor: color, fillOpacity: 0.85, weight: ownerId === c.id ? 3 : 1 }}
              eventHandlers={{
                click: () => onPick(c),
                keypress: (e) => {
                  if ((e.originalEvent as KeyboardEvent).key === 'Enter') onPick(c);
                },
                add: (e) => {
                  const el = e.target.getElement() as SVGElement | undefined;
                  el?.setAttribute('aria-label', `Choose ${label}`);
                  el?.setAttribute('role', 'button');
                  el?.setAttribute('tabindex', '0');
                  el?.setAttribute('data-candidate', c.id);
                },
              }}
            >
              <Tooltip>{label}</Tooltip>
            </CircleMarker>
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
      </ul>
    </div>
  );
}
