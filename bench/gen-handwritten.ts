// Writes the rules of bench/handwritten.ts (between its markers): the 50 rules of rules-spec.ts as
// the plain if-chain a developer would write by hand, the floor our compiled rules are measured against.
// Run: npx tsx bench/gen-handwritten.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { DEPOTS, groupId, orderedSpecs, type Cond } from './rules-spec';

const VAR: Record<string, string> = { category: 'category', priority: 'priority', source: 'source', tier: 'tier', region: 'region' };

function cond(c: Cond): string {
  switch (c.k) {
    case 'eq':
      return `${VAR[c.f]} === '${c.v}'`;
    case 'ne':
      return `${VAR[c.f]} !== '${c.v}'`;
    case 'in':
      return `(${c.vs.map((v) => `${VAR[c.f]} === '${v}'`).join(' || ')})`;
    case 'has':
      return `o.${c.f}.includes('${c.v}')`;
    case 'hoursLt':
      return `hoursToResolve < ${c.v}`;
    case 'ageGt':
      return `minutesSinceCreated > ${c.v}`;
    case 'near':
      return `km(o, ${DEPOTS[c.depot][0]}, ${DEPOTS[c.depot][1]}) < ${c.km}`;
  }
}

const lines = orderedSpecs().map((s) => {
  const result =
    s.target === 'manual'
      ? `{ outcome: 'manual', rule: '${s.name}', groupId: null }`
      : `{ outcome: 'auto', rule: '${s.name}', groupId: '${groupId(s.target)}' }`;
  return `  if (${s.conds.map(cond).join(' && ')}) return ${result};`;
});

// Only the rules are written; the rest of handwritten.ts is edited there.
const file = new URL('./handwritten.ts', import.meta.url);
const BEGIN = '  // rules: begin\n';
const END = '  // rules: end\n';
const old = readFileSync(file, 'utf8');
const from = old.indexOf(BEGIN);
const to = old.indexOf(END);
if (from < 0 || to < from) throw new Error('bench/handwritten.ts has no "// rules: begin" and "// rules: end" markers');
writeFileSync(file, `${old.slice(0, from + BEGIN.length)}${lines.join('\n')}\n${old.slice(to)}`);
console.log(`wrote the rules of bench/handwritten.ts (${lines.length} rules)`);
