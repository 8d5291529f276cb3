import { describe, expect, it } from 'vitest';
import { failedTermWords, whyNotSummary } from './words';

describe('why not, in words', () => {
  it('a term comparing the candidate with the order: what was needed and what it has', () => {
    expect(
      failedTermWords({
        text: 'engineer.skills contains all order.requiredSkills',
        operands: [
          { text: 'engineer.skills', value: ['hvac', 'electrical'] },
          { text: 'order.requiredSkills', value: ['plumbing'] },
        ],
      }),
    ).toBe('skills: needs plumbing, has hvac, electrical');
  });

  it('a term against a literal: the candidate’s value, then what was needed', () => {
    expect(failedTermWords({ text: 'engineer.status == "available"', operands: [{ text: 'engineer.status', value: 'busy' }] })).toBe('status: busy, needs available');
    expect(
      failedTermWords({ text: 'distance(engineer.location, order.location) <= 25 km', operands: [{ text: 'distance(engineer.location, order.location)', value: '41.2 km' }] }),
    ).toBe('distance: 41.2 km, needs at most 25 km');
    expect(failedTermWords({ text: 'engineer.openOrders < engineer.capacity', operands: [{ text: 'engineer.openOrders', value: 5 }, { text: 'engineer.capacity', value: 5 }] })).toBe(
      'open orders: needs 5, has 5',
    );
    expect(failedTermWords({ text: 'order.priority == "High"', operands: [{ text: 'order.priority', value: 'Low' }] })).toBe('order.priority == "High" is false');
  });

  it('the reason a list shows: the rule that applied and left it out, not the rules that did not apply', () => {
    const s = whyNotSummary({
      id: 'e-2',
      rules: [
        { rule: 'vip', reason: 'when' },
        { rule: 'nearest', reason: 'rank', position: 3, behind: 'e-1', rankBy: ['distance(engineer.location, order.location) asc'], keys: [1.5], behindKeys: [0.3] },
      ],
    }, (id) => (id === 'e-1' ? 'Ana Ruiz' : id));
    expect(s.candidate).toBe(true);
    expect(s.first).toBe('ranked 3rd by rule “nearest”, behind Ana Ruiz (distance(engineer.location, order.location): 1.5 vs 0.3)');
    expect(whyNotSummary({ id: 'e-2', rules: [{ rule: 'vip', reason: 'when' }] }).first).toBe('no rule applies to this order');
    expect(whyNotSummary({ id: 'e-2', chosen: true }).candidate).toBe(true);
    expect(whyNotSummary({ id: 'e-9', rules: [{ rule: 'nearest', reason: 'scope', scope: 'excluded' }] }).first).toBe('declined or rejected this order at this step');
  });
});
