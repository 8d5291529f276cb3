// A signature typed instead of drawn (the keyboard's and screen reader's way to sign): the name the
// signer typed, written into the same kind of image the pad makes (white, the pad's ink colour, a
// line under it) in a handwriting font the app ships: Dancing Script (OFL, the npm package
// @fontsource/dancing-script, whose CSS signature-field.tsx imports, so the bundler serves its files
// from our own origin; nothing is fetched from elsewhere). A canvas draws only a font already
// loaded, so the field waits for loadSignatureFont before drawing. Plain canvas calls, so it is
// tested with a stand-in context in plain Node.

/** The shipped handwriting font (its @font-face comes with the package's CSS). */
export const SIGNATURE_FONT_FAMILY = 'Dancing Script';
/** The shipped font, then the browser's own `cursive` should it fail to load. */
export const SIGNATURE_FONT_STACK = `"${SIGNATURE_FONT_FAMILY}", cursive`;
export const SIGNATURE_INK = 'rgb(20, 30, 80)';
export const SIGNATURE_PAPER = 'rgb(255, 255, 255)';

export const signatureFont = (sizePx: number) => `${sizePx}px ${SIGNATURE_FONT_STACK}`;

/**
 * Loads the shipped font's faces for this text (the latin or latin-ext files, by the text's
 * characters) so that the canvas draws in it; resolves whether or not it loads (the stack falls back
 * to `cursive`), and at once where there is no document (Node).
 */
export async function loadSignatureFont(text: string, fonts: Pick<FontFaceSet, 'load'> | undefined = globalThis.document?.fonts): Promise<void> {
  if (!fonts) return;
  try {
    await fonts.load(signatureFont(32), text || 'Signature');
  } catch {
    // Drawn in the fallback.
  }
}

/** The canvas calls drawing takes (a CanvasRenderingContext2D has them all). */
export interface SignatureContext {
  font: string;
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
}

/** The name as it is signed: trimmed, inner runs of spaces made one. */
export const signerName = (typed: string) => typed.trim().replace(/\s+/g, ' ');

/**
 * The largest whole font size, from `max` down to `min`, at which the text is at most `width`
 * wide (`min` when even that is wider: the image is clipped rather than unreadably small).
 */
export function fittingSize(widthAt: (sizePx: number) => number, width: number, max: number, min = 14): number {
  for (let size = Math.floor(max); size > min; size--) if (widthAt(size) <= width) return size;
  return min;
}

/**
 * Draws the typed signature on a `width`×`height` area (CSS pixels; scale the context for the
 * screen first): the paper, the name centred on a line 72% of the way down, the line. Returns the
 * font size used.
 */
export function drawTypedSignature(ctx: SignatureContext, typed: string, width: number, height: number): number {
  const name = signerName(typed);
  const margin = Math.max(12, width * 0.06);
  ctx.fillStyle = SIGNATURE_PAPER;
  ctx.fillRect(0, 0, width, height);
  const baseline = height * 0.72;
  ctx.strokeStyle = 'rgb(170, 175, 190)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(margin, baseline + 6);
  ctx.lineTo(width - margin, baseline + 6);
  ctx.stroke();
  if (!name) return 0;
  const size = fittingSize(
    (px) => {
      ctx.font = signatureFont(px);
      return ctx.measureText(name).width;
    },
    width - 2 * margin,
    Math.min(64, height * 0.5),
  );
  ctx.font = signatureFont(size);
  ctx.fillStyle = SIGNATURE_INK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(name, width / 2, baseline);
  return size;
}
