// Where the directions link of an order goes: on a phone a `geo:` URI, which opens the phone's own
// maps app; elsewhere OpenStreetMap in the browser. By the location when the order has one, else
// by its address as text.
import { useSyncExternalStore } from 'react';

export interface Site {
  lat: number | null;
  lng: number | null;
  /** The address in one line, as a search for the maps app. */
  address: string;
}

export function directionsHref(site: Site, phone: boolean): string {
  const q = encodeURIComponent(site.address);
  if (site.lat === null || site.lng === null) {
    return phone ? `geo:0,0?q=${q}` : `https://www.openstreetmap.org/search?query=${q}`;
  }
  const at = `${site.lat},${site.lng}`;
  return phone
    ? `geo:${at}?q=${at}(${q})`
    : `https://www.openstreetmap.org/?mlat=${site.lat}&mlon=${site.lng}#map=17/${site.lat}/${site.lng}`;
}

/** A phone: a mobile browser by its user agent, or a device whose main pointer is a finger. */
export function isPhone(userAgent: string, coarsePointer: boolean): boolean {
  return coarsePointer || /Android|iPhone|iPad|iPod|Mobile/i.test(userAgent);
}

const COARSE = '(pointer: coarse)';
const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(COARSE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

/** Whether this browser is a phone's (false while rendering on the server). */
export function useIsPhone(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => isPhone(navigator.userAgent, window.matchMedia(COARSE).matches),
    () => false,
  );
}
