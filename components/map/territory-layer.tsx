'use client';
// Service groups' territories as clickable, focusable polygons in their own pane (below the markers).
import L from 'leaflet';
import { useMemo } from 'react';
import { Polygon, Tooltip, useMap } from 'react-leaflet';
import type { Territory } from './territories';

export const TERRITORY_PANE = 'ds-territories';
const PALETTE = ['#1f5fbf', '#067647', '#b54708', '#6941c6', '#c11574', '#0e7090'];

export function TerritoryLayer({
  territories,
  chosenId,
  onPick,
}: {
  territories: readonly Territory[];
  chosenId?: string | null;
  /** When given, clicking (or Enter on) a territory picks its group; otherwise it only shows its name. */
  onPick?: (groupId: string) => void;
}) {
  const map = useMap();
  const renderer = useMemo(() => {
    if (!map.getPane(TERRITORY_PANE)) map.createPane(TERRITORY_PANE).style.zIndex = '380';
    return L.svg({ pane: TERRITORY_PANE });
  }, [map]);
  return (
    <>
      {territories.map((t, i) => {
        const color = PALETTE[i % PALETTE.length];
        const chosen = chosenId === t.groupId;
        const name = `${t.name} territory, ${t.engineers} engineer${t.engineers === 1 ? '' : 's'}`;
        return (
          <Polygon
            key={`${t.groupId}-${chosen}-${!!onPick}`}
            positions={t.ring}
            pane={TERRITORY_PANE}
            pathOptions={{ renderer, color, weight: chosen ? 3 : 1.5, fillColor: color, fillOpacity: chosen ? 0.22 : 0.08, dashArray: chosen ? undefined : '4 4' }}
            eventHandlers={{
              click: () => onPick?.(t.groupId),
              add: (e) => {
                const layer = e.target as L.Polygon;
                const el = layer.getElement() as SVGElement | undefined;
                if (!el) return;
                el.classList.add('ds-territory');
                el.setAttribute('data-group', t.groupId);
                el.setAttribute('tabindex', '0');
                el.setAttribute('role', onPick ? 'button' : 'img');
                el.setAttribute('aria-label', onPick ? `Choose ${name}` : name);
                if (onPick) el.setAttribute('aria-pressed', String(chosen));
                el.addEventListener('focus', () => layer.openTooltip(layer.getCenter()));
                el.addEventListener('blur', () => layer.closeTooltip());
                el.addEventListener('keydown', (ev) => {
                  if (onPick && (ev.key === 'Enter' || ev.key === ' ')) {
                    ev.preventDefault();
                    onPick(t.groupId);
                  }
                });
              },
            }}
          >
            <Tooltip sticky>{onPick ? `${t.name}: click to choose` : t.name}</Tooltip>
          </Polygon>
        );
      })}
    </>
  );
}
