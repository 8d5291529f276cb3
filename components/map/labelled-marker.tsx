'use client';
// A circle marker with its label as a tooltip on hover and on keyboard focus, focusable and, when it
// has an action, a button (Enter or Space activates it).
import type { PathOptions } from 'leaflet';
import { CircleMarker, Tooltip } from 'react-leaflet';

export function LabelledMarker({
  center,
  label,
  actionLabel,
  onActivate,
  radius = 7,
  pathOptions,
  permanent = false,
  data,
}: {
  center: [number, number];
  /** The tooltip text, also the accessible name (prefixed with actionLabel when given). */
  label: string;
  /** E.g. "Choose": the accessible name is "Choose <label>". */
  actionLabel?: string;
  onActivate?: () => void;
  radius?: number;
  pathOptions?: PathOptions;
  permanent?: boolean;
  /** data-* attributes for the marker's element. */
  data?: Record<string, string>;
}) {
  const name = actionLabel ? `${actionLabel} ${label}` : label;
  return (
    <CircleMarker
      center={center}
      radius={radius}
      pathOptions={pathOptions}
      eventHandlers={{
        click: () => onActivate?.(),
        add: (e) => {
          const layer = e.target as L.CircleMarker;
          const el = layer.getElement() as SVGElement | undefined;
          if (!el) return;
          el.setAttribute('aria-label', name);
          el.setAttribute('tabindex', '0');
          el.setAttribute('role', onActivate ? 'button' : 'img');
          el.classList.add('ds-map-marker');
          for (const [k, v] of Object.entries(data ?? {})) el.setAttribute(`data-${k}`, v);
          el.addEventListener('focus', () => layer.openTooltip());
          el.addEventListener('blur', () => {
            if (!permanent) layer.closeTooltip();
          });
          el.addEventListener('keydown', (ev) => {
            if (onActivate && (ev.key === 'Enter' || ev.key === ' ')) {
              ev.preventDefault();
              onActivate();
            }
          });
        },
      }}
    >
      <Tooltip permanent={permanent} direction="top" offset={[0, -radius]}>
        {label}
      </Tooltip>
    </CircleMarker>
  );
}
