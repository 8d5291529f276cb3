// The web app manifest names an installable app: a start page in its scope, standalone display,
// and icons that exist with the sizes they claim (a PNG's size is in its IHDR chunk).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from './manifest';

describe('the web app manifest', () => {
  const m = manifest();

  it('describes an installable app', () => {
    expect(m).toMatchObject({ name: 'Dispatch Studio', short_name: 'Dispatch', start_url: '/', scope: '/', display: 'standalone' });
    expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('has icons of 192 and 512 pixels and a maskable one, each a file of that size', () => {
    const icons = m.icons ?? [];
    for (const icon of icons) {
      const file = path.join(process.cwd(), 'public', icon.src);
      expect(existsSync(file), icon.src).toBe(true);
      if (icon.type !== 'image/png') continue;
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(`${w}x${h}`, icon.src).toBe(icon.sizes);
    }
    expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(icons.some((i) => i.purpose === 'maskable')).toBe(true);
  });
});
