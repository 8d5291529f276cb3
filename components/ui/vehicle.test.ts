import { describe, expect, it } from 'vitest';
import { vehicleText } from './vehicle';

describe('vehicleText', () => {
  it('says the vehicle and whether it is ready or in maintenance, or that there is none', () => {
    expect(vehicleText({ id: 'van-012', status: 'ready' })).toBe('van-012 ready');
    expect(vehicleText({ id: 'van-012', status: 'maintenance' })).toBe('van-012 in maintenance');
    expect(vehicleText(null)).toBe('no vehicle');
    expect(vehicleText(undefined)).toBe('no vehicle');
  });
});
