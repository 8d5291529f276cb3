// The typed signature's image (the keyboard's way to sign): the name written on the paper in the
// shipped handwriting font (Dancing Script), loaded first, at the largest size that fits, on a line. A stand-in canvas
// context records the calls, its text 10 px wide per character per 20 px of font size.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SIGNATURE_FONT_FAMILY, SIGNATURE_FONT_STACK, SIGNATURE_INK, SIGNATURE_PAPER, drawTypedSignature, fittingSize, loadSignatureFont, signerName, type SignatureContext } from './typed-signature';

function recorder() {
  const calls: unknown[][] = [];
  const ctx: SignatureContext & { calls: unknown[][] } = {
    calls,
    font: '',
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    textAlign: 'start',
    textBaseline: 'alphabetic',
    fillRect: (...a) => calls.push(['fillRect', ctx.fillStyle, ...a]),
    fillText: (...a) => calls.push(['fillText', ctx.font, ctx.fillStyle, ...a]),
    measureText: (text) => ({ width: text.length * 10 * (Number(/(\d+)px/.exec(ctx.font)![1]) / 20) }),
    beginPath: () => calls.push(['beginPath']),
    moveTo: (...a) => calls.push(['moveTo', ...a]),
    lineTo: (...a) => calls.push(['lineTo', ...a]),
    stroke: () => calls.push(['stroke']),
  };
  return ctx;
}

describe('a typed signature', () => {
  it('writes the name, tidied, in the shipped handwriting font on white paper at the largest size that fits', () => {
    const ctx = recorder();
    // 11 characters at 64 px (the most, for a 180 px high pad) are 352 px: they fit 500 px less margins.
    expect(drawTypedSignature(ctx, '  Marta   Nowak ', 500, 180)).toBe(64);
    expect(ctx.calls[0]).toEqual(['fillRect', SIGNATURE_PAPER, 0, 0, 500, 180]);
    const text = ctx.calls.find((c) => c[0] === 'fillText')!;
    expect(text).toEqual(['fillText', '64px "Dancing Script", cursive', SIGNATURE_INK, 'Marta Nowak', 250, 180 * 0.72]);
    // A line to sign on, under the name.
    expect(ctx.calls.filter((c) => c[0] === 'stroke')).toHaveLength(1);
  });

  it('shrinks a long name to fit the width inside the margins, and never below the least size', () => {
    const ctx = recorder();
    const long = 'Maria Fernanda de los Ángeles';
    const size = drawTypedSignature(ctx, long, 360, 180);
    // 360 wide less 21.6 margins each side: 316.8 px for 29 characters at 0.5 px per px of size.
    expect(size).toBe(21);
    expect(ctx.measureText(long).width).toBeLessThanOrEqual(316.8);
    expect(fittingSize(() => 10_000, 100, 64)).toBe(14);
    expect(fittingSize((px) => px * 2, 100, 64)).toBe(50);
  });

  it('draws no name for an empty one', () => {
    const ctx = recorder();
    expect(drawTypedSignature(ctx, '   ', 360, 180)).toBe(0);
    expect(ctx.calls.some((c) => c[0] === 'fillText')).toBe(false);
    expect(signerName(' a \n b ')).toBe('a b');
  });

  it('names a font the app ships, its files beside its CSS (served by our own origin), falling back to cursive', () => {
    expect(SIGNATURE_FONT_STACK).toBe('"Dancing Script", cursive');
    const require = createRequire(import.meta.url);
    const css = readFileSync(require.resolve('@fontsource/dancing-script/400.css'), 'utf8');
    expect(css).toContain(`font-family: '${SIGNATURE_FONT_FAMILY}'`);
    // Every face's files are relative to the package (bundled), none on another origin.
    const urls = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((u) => u.startsWith('./files/'))).toBe(true);
  });

  it('loads the font for the name before drawing, and goes on in the fallback if it fails', async () => {
    const asked: [string, string | undefined][] = [];
    await loadSignatureFont('Marta Ñowak', { load: async (font, text) => (asked.push([font, text]), []) });
    expect(asked).toEqual([['32px "Dancing Script", cursive', 'Marta Ñowak']]);
    await expect(loadSignatureFont('x', { load: () => Promise.reject(new Error('offline')) })).resolves.toBeUndefined();
    // Without a document (Node) there is nothing to load.
    await expect(loadSignatureFont('x', undefined)).resolves.toBeUndefined();
  });
});
