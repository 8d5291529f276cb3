// Service groups' territories: the convex hull of their engineers' known locations (pure).
import convex from '@turf/convex';
import type { Feature, Polygon } from 'geojson';

export interface TerritoryGroup {
  id: string;
  name: string;
  /** Ids of the group's members (engineers; providers are ignored here). */
  memberIds: string[];
}

export interface LocatedEngineer {
  id: string;
  lat: number | null;
  lng: number | null;
}

export interface Territory {
  groupId: string;
  name: string;
  /** How many located engineers the hull is drawn around. */
  engineers: number;
  /** A closed ring of [lat, lng] pairs, Leaflet's order. */
  ring: [number, number][];
}

/** Half the side (degrees) of the square drawn around one or two engineers, so a territory can be clicked. */
export const MIN_TERRITORY_PAD = 0.01;

/**
 * One territory per group with at least one located engineer: the convex hull of their positions,
 * or for one or two distinct positions (or a line) a small padded box around them.
 */
export function groupTerritories(groups: readonly TerritoryGroup[], engineers: readonly LocatedEngineer[]): Territory[] {
  const located = new Map<string, [number, number]>();
  for (const e of engineers) if (e.lat !== null && e.lng !== null && Number.isFinite(e.lat) && Number.isFinite(e.lng)) located.set(e.id, [e.lat, e.lng]);
  const out: Territory[] = [];
  for (const g of groups) {
    const points = g.memberIds.map((id) => located.get(id)).filter((p): p is [number, number] => !!p);
    if (!points.length) continue;
    const hull = hullOf(points);
    out.push({ groupId: g.id, name: g.name, engineers: points.length, ring: hull });
  }
  return out;
}

function hullOf(points: [number, number][]): [number, number][] {
  const distinct = [...new Map(points.map((p) => [`${p[0]},${p[1]}`, p])).values()];
  if (distinct.length >= 3) {
    const hull = convex({ type: 'FeatureCollection', features: distinct.map(([lat, lng]) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lng, lat] } })) }) as Feature<Polygon> | null;
    if (hull) return hull.geometry.coordinates[0].map(([lng, lat]) => [lat, lng] as [number, number]);
  }
  // One or two points, or all on a line: the padded bounding box.
  const lats = distinct.map((p) => p[0]);
  const lngs = distinct.map((p) => p[1]);
  const [s, n, w, e] = [Math.min(...lats) - MIN_TERRITORY_PAD, Math.max(...lats) + MIN_TERRITORY_PAD, Math.min(...lngs) - MIN_TERRITORY_PAD, Math.max(...lngs) + MIN_TERRITORY_PAD];
  return [
    [s, w],
    [n, w],
    [n, e],
    [s, e],
    [s, w],
  ];
}

/** Whether [lat, lng] lies inside a territory's ring (ray casting). */
export function insideTerritory(t: Pick<Territory, 'ring'>, lat: number, lng: number): boolean {
  let inside = false;
  const r = t.ring;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [yi, xi] = r[i];
    const [yj, xj] = r[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
