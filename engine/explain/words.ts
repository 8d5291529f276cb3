// Why-not explanations (dsl whyNot) in words, for the assignment dialog, the order's history and
// the rule editor's test panel: "skills: needs plumbing, has hvac, electrical". Pure.
import type { FailedTerm, OutOfScope, WhyNot, WhyNotRule } from '../../dsl';

const SCOPE_WORDS: Record<OutOfScope, string> = {
  inactive: 'not active',
  excluded: 'declined or rejected this order at this step',
  'not a member': 'not a member of the step’s group',
  'not internal': 'a provider’s engineer, not one of ours',
  'not a provider engineer': 'one of our engineers, not a provider’s',
  'another provider': 'works for another provider',
};

const show = (v: unknown): string => {
  if (v === null || v === undefined) return 'unknown';
  if (Array.isArray(v)) return v.length ? v.map(show).join(', ') : 'none';
  if (typeof v === 'number') return String(Math.round(v * 100) / 100);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

/** "engineer.openOrders" → "open orders"; "distance(engineer.location, …)" → "distance". */
function labelOf(text: string): string {
  const call = /^([a-z_]+)\(/.exec(text);
  if (call) return call[1].replace(/_/g, ' ');
  const last = text.split('.').at(-1) ?? text;
  return last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const isCandidateSide = (text: string) => /^(engineer|provider)\./.test(text) || /\((engineer|provider)\./.test(text);

const NEEDS: Array<[RegExp, string]> = [
  [/^contains all\s+/, 'needs '],
  [/^contains any\s+/, 'needs one of '],
  [/^contains\s+/, 'needs '],
  [/^not in\s+/, 'must not be in '],
  [/^in\s+/, 'must be in '],
  [/^==\s*/, 'needs '],
  [/^!=\s*/, 'must not be '],
  [/^<=\s*/, 'needs at most '],
  [/^>=\s*/, 'needs at least '],
  [/^<\s*/, 'needs under '],
  [/^>\s*/, 'needs over '],
  [/^is not null$/, 'needs a value'],
  [/^is null$/, 'must have none'],
];

/** One failed `where` term in words, with the candidate's value beside what was needed. */
export function failedTermWords(term: FailedTerm): string {
  const own = term.operands.find((o) => isCandidateSide(o.text));
  if (!own) return `${term.text} is false`;
  const other = term.operands.find((o) => o !== own);
  const label = labelOf(own.text);
  if (other) return `${label}: needs ${show(other.value)}, has ${show(own.value)}`;
  // The term with the candidate's operand taken out is what it needed: `== "available"`, `<= 25 km`.
  const rest = term.text.startsWith(own.text) ? term.text.slice(own.text.length).trim() : null;
  const need = rest === null ? null : NEEDS.find(([re]) => re.test(rest));
  const needed = need && rest !== null ? `${need[1]}${rest.replace(need[0], '').replace(/^"(.*)"$/, '$1')}`.trim() : `needs ${term.text}`;
  return `${label}: ${show(own.value)}, ${needed}`;
}

/** One rule's reason in words. `name` gives a directory entry's name for its id. */
export function ruleReasonWords(r: WhyNotRule, name: (id: string) => string = (id) => id): string {
  switch (r.reason) {
    case 'when':
      return `rule “${r.rule}” does not apply (its when is false)`;
    case 'target':
      return `rule “${r.rule}” assigns another kind of assignee or sends the order to a queue`;
    case 'named':
      return `rule “${r.rule}” names ${r.named}`;
    case 'scope':
      return SCOPE_WORDS[r.scope];
    case 'where':
      return r.terms.map(failedTermWords).join('; ');
    case 'slot':
      return 'no free slot for this order in the next 14 days';
    case 'rank':
      return `ranked ${ordinal(r.position)} by rule “${r.rule}”${r.behind ? `, behind ${name(r.behind)}` : ''}${r.keys.length ? ` (${keysWords(r)})` : ''}`;
  }
}

function keysWords(r: Extract<WhyNotRule, { reason: 'rank' }>): string {
  return r.rankBy.map((k, i) => `${k.replace(/ (asc|desc)$/, '')}: ${show(r.keys[i])} vs ${show(r.behindKeys[i])}`).join('; ');
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

export interface WhyNotSummary {
  /** Whether the rules would have it: chosen, a collaborator, or ranked among the candidates. */
  candidate: boolean;
  /** The reason that counts, in words: the last rule's, unless it is only "does not apply". */
  first: string | null;
  rules: Array<WhyNotRule & { text: string }>;
}

/** The explanation in words; `first` is the reason a dispatcher reads in a list. */
export function whyNotSummary(why: WhyNot, name?: (id: string) => string): WhyNotSummary {
  if ('chosen' in why) return { candidate: true, first: 'chosen by the rules', rules: [] };
  if ('collaborator' in why) return { candidate: true, first: 'a collaborator chosen by the rules', rules: [] };
  const rules = why.rules.map((r) => ({ ...r, text: ruleReasonWords(r, name) }));
  // The reason that says the most: a rule that applied and still left it out; else the last.
  const telling = [...rules].reverse().find((r) => r.reason !== 'when' && r.reason !== 'target') ?? rules.at(-1);
  const candidate = rules.some((r) => r.reason === 'rank');
  const first = telling ? telling.text : 'no rule runs at this step';
  return { candidate, first: rules.length > 0 && rules.every((r) => r.reason === 'when') ? 'no rule applies to this order' : first, rules };
}
