// Renders the app's PNG icons from public/icons/*.svg with the system's Chromium (playwright-core),
// so the PNGs committed in public/icons/ always match the SVGs. Run after changing an SVG:
//   npx tsx scripts/make-icons.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const dir = path.join(process.cwd(), 'public', 'icons');
const ICONS = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  // iOS asks for /apple-touch-icon.png at the site's root when a page names none.
  { svg: 'icon.svg', png: '../apple-touch-icon.png', size: 180 },
  { svg: 'maskable.svg', png: 'maskable-512.png', size: 512 },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const svg = readFileSync(path.join(dir, icon.svg), 'utf8').replace(/width="\d+" height="\d+"/, `width="${icon.size}" height="${icon.size}"`);
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    writeFileSync(path.join(dir, icon.png), await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } }));
    await page.close();
    console.log(`${path.relative(process.cwd(), path.join(dir, icon.png))} (${icon.size}×${icon.size})`);
  }
} finally {
  await browser.close();
}
