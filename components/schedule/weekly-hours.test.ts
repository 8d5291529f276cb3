import { describe, expect, it } from 'vitest';
import { weeklyHoursInput } from '../../engine/directory/schedule.schema';
import { hoursToText, textToHours } from './weekly-hours';

describe('weekly hours as text', () => {
  it('writes each day as its shifts and reads them back', () => {
    const hours = { '0': [], '1': [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }], '2': [], '3': [], '4': [], '5': [{ start: '09:00', end: '15:30' }], '6': [] };
    const text = hoursToText(hours);
    expect(text['1']).toBe('08:00-12:00, 13:00-17:00');
    expect(text['0']).toBe('');
    expect(textToHours(text)).toEqual({ hours, errors: {} });
    expect(hoursToText(null)['3']).toBe('');
  });

  it('accepts an en dash and single-digit hours, and names a line it cannot read', () => {
    const { hours, errors } = textToHours({ ...hoursToText(null), '2': '8:00–12:00', '4': '9 to 5' });
    expect(hours['2']).toEqual([{ start: '08:00', end: '12:00' }]);
    expect(errors['4']).toMatch(/not “9 to 5”/);
  });

  it('leaves the times themselves to the server’s schema, which names the broken shift', () => {
    const { hours } = textToHours({ ...hoursToText(null), '1': '17:00-08:00' });
    const result = weeklyHoursInput.safeParse(hours);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['1', 0, 'end']);
  });
});
