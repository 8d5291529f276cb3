// Distances on the sphere, in kilometres: what `distance(a, b)` and the directory's location grids use.

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;
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
