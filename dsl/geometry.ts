// Distances on the sphere, in kilometres: what `distance(a, b)`, the directory's location grids and
// the distance box of a selection use.

export const EARTH_RADIUS_KM = 6371.0088;
export const RAD = Math.PI / 180;
/** Kilometres along a meridian per degree of latitude (on the sphere haversineKm uses). */
export const KM_PER_DEGREE = EARTH_RADIUS_KM * RAD;

/** Great-circle distance in kilometres (haversine). */
export function haversineKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const dLat = (bLat - aLat) * RAD;
  const dLng = (bLng - aLng) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLng / 2);
  const h = s1 * s1 + Math.cos(aLat * RAD) * Math.cos(bLat * RAD) * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * haversineKm with the cosines of both latitudes given (`Math.cos(lat * RAD)`), for callers that
 * keep them: the same arithmetic, so the very same result.
 */
export function haversineKmCos(aLat: number, aLng: number, aCos: number, bLat: number, bLng: number, bCos: number): number {
  const dLat = (bLat - aLat) * RAD;
  const dLng = (bLng - aLng) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLng / 2);
  const h = s1 * s1 + aCos * bCos * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A box around a circle on the sphere: its centre and half its sides, in degrees (Infinity: unbounded that way). */
export interface Box {
  lat: number;
  lng: number;
  dLat: number;
  dLng: number;
}

/**
 * A box a little wider than the circle of `radiusKm` around a point (1% and 0.001° of margin: it
 * only ever lets too many through to the exact test); unbounded in longitude near the poles or
 * when it would span the globe.
 */
export function boxAround(lat: number, lng: number, radiusKm: number): Box {
  const dLat = (radiusKm * 1.01) / KM_PER_DEGREE + 0.001;
  const maxAbsLat = Math.abs(lat) + dLat;
  const cos = maxAbsLat >= 89 ? 0 : Math.cos((maxAbsLat * Math.PI) / 180);
  const dLng = cos === 0 ? Infinity : dLat / cos;
  return { lat, lng, dLat: maxAbsLat >= 89 ? Infinity : dLat, dLng: dLng >= 180 ? Infinity : dLng };
}

/** Whether a point lies in the box (longitudes wrap at ±180°); NaN latitudes only in a box unbounded in latitude. */
export function inBox(box: Box, lat: number, lng: number): boolean {
  if (!(Math.abs(lat - box.lat) <= box.dLat)) {
    if (box.dLat !== Infinity || lat !== lat) return false;
  }
  if (box.dLng !== Infinity) {
    let dl = Math.abs(lng - box.lng);
    if (dl > 180) dl = 360 - dl;
    if (!(dl <= box.dLng)) return false;
  }
  return true;
}
