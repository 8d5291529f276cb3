// The typed signature's image (the keyboard's way to sign): the name written on the paper in the
// script stack, at the largest size that fits, on a line; no web font named. A stand-in canvas
// context records the calls, its text 10 px wide per character per 20 px of font size.
import { describe, expect, it } from 'vitest';
import { SIGNATURE_FONT_STACK, SIGNATURE_INK, SIGNATURE_PAPER, drawTypedSignature, fittingSize, signerName, type SignatureContext } from './typed-signature';

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
  it('writes the name, tidied, in the script stack on white paper at the largest size that fits', () => {
    const ctx = recorder();
    // 11 characters at 64 px (the most, for a 180 px high pad) are 352 px: they fit 500 px less margins.
    expect(drawTypedSignature(ctx, '  Marta   Nowak ', 500, 180)).toBe(64);
    expect(ctx.calls[0]).toEqual(['fillRect', SIGNATURE_PAPER, 0, 0, 500, 180]);
    const text = ctx.calls.find((c) => c[0] === 'fillText')!;
    expect(text).toEqual(['fillText', `italic 64px ${SIGNATURE_FONT_STACK}`, SIGNATURE_INK, 'Marta Nowak', 250, 180 * 0.72]);
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

  it('draws no name for an empty one, and names no downloaded font', () => {
    const ctx = recorder();
    expect(drawTypedSignature(ctx, '   ', 360, 180)).toBe(0);
    expect(ctx.calls.some((c) => c[0] === 'fillText')).toBe(false);
    expect(signerName(' a \n b ')).toBe('a b');
    expect(SIGNATURE_FONT_STACK).not.toMatch(/url\(|https?:/);
    expect(SIGNATURE_FONT_STACK.endsWith('cursive')).toBe(true);
  });
});
