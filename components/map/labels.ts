// Where the base map's place names go (pure): an anchor per feature, and which labels show at a zoom
// without overlapping each other.
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

export type LabelKind = 'country' | 'state' | 'county';

export interface LabelAnchor {
  text: string;
  kind: LabelKind;
  lat: number;
  lng: number;
  /** Area of the polygon the label sits in (square degrees), bigger ones win a collision. */
  weight: number;
}

/** Zooms at which each kind of label is shown (inclusive). */
export const LABEL_ZOOMS: Record<LabelKind, [number, number]> = {
  country: [0, 5],
  state: [4, 9],
  county: [8, 18],
};

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

/** Approximate size of a label's box in pixels. */
function boxOf(a: LabelAnchor): [number, number] {
  const size = a.kind === 'county' ? 6.5 : 7.5;
  return [a.text.length * size + 8, a.kind === 'county' ? 14 : 16];
}

/**
 * The labels to draw at a zoom inside the view: only kinds meant for that zoom, larger areas first,
 * dropping any whose box would overlap one already placed.
 */
export function placeLabels(anchors: readonly LabelAnchor[], zoom: number, view: ViewBounds): LabelAnchor[] {
  const z = Math.round(zoom);
  const shown = anchors
    .filter((a) => z >= LABEL_ZOOMS[a.kind][0] && z <= LABEL_ZOOMS[a.kind][1])
    .filter((a) => a.lat >= view.south && a.lat <= view.north && a.lng >= view.west && a.lng <= view.east)
    .sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || b.weight - a.weight || a.text.localeCompare(b.text));
  const placed: { a: LabelAnchor; box: [number, number, number, number] }[] = [];
  for (const a of shown) {
    const [x, y] = project(a.lat, a.lng, z);
    const [w, h] = boxOf(a);
    const box: [number, number, number, number] = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
    if (placed.some((p) => box[0] < p.box[2] && box[2] > p.box[0] && box[1] < p.box[3] && box[3] > p.box[1])) continue;
    placed.push({ a, box });
  }
  return placed.map((p) => p.a);
}

const kindRank = (k: LabelKind) => (k === 'country' ? 0 : k === 'state' ? 1 : 2);
