import { describe, expect, it } from 'vitest';
import { buildAtlas } from './atlas';
import { labelAnchors, placeLabels, project } from './labels';
import { MIN_TERRITORY_PAD, groupTerritories, insideTerritory } from './territories';
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

  it('projects like Leaflet’s Web Mercator', () => {
    expect(project(0, 0, 0)).toEqual([128, 128]);
    const [x] = project(0, 180, 1);
    expect(x).toBeCloseTo(512);
  });
});

describe('the shipped atlas', () => {
  const atlas = buildAtlas(us as unknown as Topology, world as unknown as Topology);

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

  it('places the demo metro’s county names in view at a city zoom', () => {
    const shown = placeLabels(atlas.labels, 11, { south: 40.55, west: -74.25, north: 40.95, east: -73.7 }).map((l) => l.text);
    expect(shown).toEqual(expect.arrayContaining(['Kings', 'Queens']));
    expect(shown).not.toContain('New Jersey');
  });
});
