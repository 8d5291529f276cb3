// Where the base map's place names go (pure): an anchor per feature or town, and which labels show
// at a zoom without overlapping each other.
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

export type LabelKind = 'country' | 'state' | 'county' | 'town';

export interface LabelAnchor {
  text: string;
  kind: LabelKind;
  lat: number;
  lng: number;
  /** Area of the polygon the label sits in (square degrees), or a town's rank by population (higher wins); bigger ones win a collision. */
  weight: number;
  /** A town's first zoom (townMinZoom), later than its kind's own for smaller towns. */
  minZoom?: number;
}

/** Zooms at which each kind of label is shown (inclusive). */
export const LABEL_ZOOMS: Record<LabelKind, [number, number]> = {
  country: [0, 5],
  state: [4, 9],
  county: [8, 18],
  town: [5, 18],
};

/** The first zoom a town's name shows at: big cities on a whole-country view, villages only up close. */
export function townMinZoom(population: number): number {
  if (population >= 1_000_000) return 5;
  if (population >= 300_000) return 6;
  if (population >= 100_000) return 7;
  if (population >= 30_000) return 9;
  if (population >= 10_000) return 10;
  if (population >= 3_000) return 11;
  return 12;
}

/** A town at least this big (by its first zoom) is named before counties, smaller ones after. */
const MAJOR_TOWN_ZOOM = 7;

/** Label anchors from the shipped towns file's rows ([name, lat, lng, minZoom], most populous first). */
export function townAnchors(rows: readonly (readonly [string, number, number, number])[]): LabelAnchor[] {
  return rows.map(([text, lat, lng, minZoom], i) => ({ text, kind: 'town', lat, lng, weight: rows.length - i, minZoom }));
}

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a / 2);
}

function ringCentroid(ring: Position[]): [number, number] {
  let x = 0;
  let y = 0;
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    x += (ring[j][0] + ring[i][0]) * f;
    y += (ring[j][1] + ring[i][1]) * f;
    a += f;
  }
  if (a === 0) return [ring[0][0], ring[0][1]];
  return [x / (3 * a), y / (3 * a)];
}

/** A label anchor for each named (Multi)Polygon: the centroid of its largest part. */
export function labelAnchors(features: readonly Feature<Polygon | MultiPolygon | null, { name?: string } | null>[], kind: LabelKind): LabelAnchor[] {
  const out: LabelAnchor[] = [];
  for (const f of features) {
    const name = f.properties?.name;
    if (!name || !f.geometry) continue;
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let best: Position[] | null = null;
    let bestArea = -1;
    for (const p of polygons) {
      const area = p[0] ? ringArea(p[0]) : 0;
      if (area > bestArea) [best, bestArea] = [p[0], area];
    }
    if (!best || best.length < 3) continue;
    const [lng, lat] = ringCentroid(best);
    out.push({ text: name, kind, lat, lng, weight: bestArea });
  }
  return out;
}

/** Web Mercator pixel position of [lat, lng] at a zoom (256 px tiles, as Leaflet). */
export function project(lat: number, lng: number, zoom: number): [number, number] {
  const scale = 256 * 2 ** zoom;
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lng + 180) / 360) * scale, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale];
}

export interface ViewBounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** Which size a town's name is drawn at: 'city' for the big ones, else 'town' (CSS classes). */
export function townTier(a: Pick<LabelAnchor, 'kind' | 'minZoom'>): 'city' | 'town' | null {
  if (a.kind !== 'town') return null;
  return (a.minZoom ?? 0) <= MAJOR_TOWN_ZOOM ? 'city' : 'town';
}

/** Approximate size of a label's box in pixels (with a little room around it). */
export function labelBox(a: LabelAnchor): [number, number] {
  const tier = townTier(a);
  // Countries and states are drawn in spaced capitals, towns and counties in lower case.
  const size = a.kind === 'country' || a.kind === 'state' ? 9.5 : a.kind === 'county' || tier === 'town' ? 6.5 : 7.5;
  // Some room above and below too, so names stacked close (the boroughs on a regional view) thin out.
  return [a.text.length * size + 8, a.kind === 'county' || tier === 'town' ? 17 : 19];
}

/**
 * A county and a town of the same name this close (degrees, about 15 km) are one place named twice
 * (Queens the county and the borough, Bronx and The Bronx): only the first placed is shown.
 */
const SAME_PLACE_DEGREES = 0.15;

/** "The Bronx" and "Bronx", "New York City" and "New York", "Kings County" and "Kings" are the same name. */
const sameName = (t: string) =>
  t
    .toLowerCase()
    .replace(/^the /, '')
    .replace(/ (city|county|borough|township|village)$/, '');

/** Whether a label is meant for a zoom (its kind's range, and for a town its own first zoom). */
export function showsAtZoom(a: LabelAnchor, zoom: number): boolean {
  const z = Math.round(zoom);
  const [from, to] = LABEL_ZOOMS[a.kind];
  return z >= Math.max(from, a.minZoom ?? from) && z <= to;
}

/**
 * The labels to draw at a zoom inside the view: only those meant for that zoom; countries, states,
 * big cities, counties, then other towns, larger (or more populous) first; dropping any whose box
 * would overlap one already placed, and a county or town named like one placed at the same place.
 */
export function placeLabels(anchors: readonly LabelAnchor[], zoom: number, view: ViewBounds): LabelAnchor[] {
  const z = Math.round(zoom);
  const shown = anchors
    .filter((a) => a.lat >= view.south && a.lat <= view.north && a.lng >= view.west && a.lng <= view.east)
    .filter((a) => showsAtZoom(a, z))
    .sort((a, b) => rank(a) - rank(b) || b.weight - a.weight || a.text.localeCompare(b.text));
  const placed: { a: LabelAnchor; name: string; box: [number, number, number, number] }[] = [];
  for (const a of shown) {
    const [x, y] = project(a.lat, a.lng, z);
    const [w, h] = labelBox(a);
    const box: [number, number, number, number] = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
    if (placed.some((p) => box[0] < p.box[2] && box[2] > p.box[0] && box[1] < p.box[3] && box[3] > p.box[1])) continue;
    const name = sameName(a.text);
    if (placed.some((p) => p.name === name && namedTwice(p.a, a))) continue;
    placed.push({ a, name, box });
  }
  return placed.map((p) => p.a);
}

const namedTwice = (a: LabelAnchor, b: LabelAnchor) =>
  ((a.kind === 'county' && b.kind === 'town') || (a.kind === 'town' && b.kind === 'county')) && Math.hypot(a.lat - b.lat, a.lng - b.lng) < SAME_PLACE_DEGREES;

const rank = (a: LabelAnchor) => (a.kind === 'country' ? 0 : a.kind === 'state' ? 1 : a.kind === 'county' ? 3 : townTier(a) === 'city' ? 2 : 4);
