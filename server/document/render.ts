// The work-order document as a PDF (pdfkit). Text is set in DejaVu Sans Condensed, embedded (subset) from
// the dejavu-fonts-ttf package: Latin with every accent, Greek and Cyrillic read as written, with no
// font fetched from anywhere. A character the font has no glyph for is written as "?", not as an
// empty box. A4, labelled rows in two columns, the history as a three-column table whose heading
// is repeated on every page it runs onto, "page N of M" at the foot of every page.
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { DocumentField, DocumentSection, WorkOrderDocument } from './model';

const MARGIN = 50;
const FOOTER_GAP = 24;
const LABEL_WIDTH = 170;
const GAP = 10;
const INK = '#101828';
const MUTED = '#475467';
const LINE = '#d0d5dd';

type FontName = 'Body' | 'Bold' | 'Italic';
let fontBytes: Record<FontName, Buffer> | null = null;
/**
 * The font files' bytes, read once per process. Each is named by `new URL(…, import.meta.url)`
 * spelt out in the call, so that Next.js's bundler copies exactly these files beside the server
 * code (and Node, in tests, reads them where they lie).
 */
function fonts(): Record<FontName, Buffer> {
  fontBytes ??= {
    Body: readFileSync(new URL('../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf', import.meta.url)),
    Bold: readFileSync(new URL('../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf', import.meta.url)),
    Italic: readFileSync(new URL('../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Oblique.ttf', import.meta.url)),
  };
  return fontBytes;
}

/** White space as spaces and line breaks; other control characters dropped. */
export function plainText(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
    const c = ch.codePointAt(0)!;
    if (ch === '\n' || (c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c <= 0x9f))) out += ch;
  }
  return out;
}

type Doc = InstanceType<typeof PDFDocument>;
/** pdfkit's image opener (in pdfkit, not in its type definitions): the size before it is drawn. */
type WithOpenImage = Doc & { openImage(src: Buffer): { width: number; height: number } };

/** Renders the document; resolves with the PDF's bytes. */
export function renderWorkOrderPdf(model: WorkOrderDocument): Promise<Buffer> {
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_GAP },
    bufferPages: true,
    info: { Title: plainText(model.meta.title), Subject: plainText(model.meta.subject), Creator: 'Dispatch Studio', CreationDate: model.meta.createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    for (const [name, bytes] of Object.entries(fonts())) doc.registerFont(name, bytes);
    const safe = mapStrings(model, writable(doc));
    layout(doc, safe);
    footers(doc, safe);
    doc.end();
  } catch (error) {
    doc.end();
    return done.then(() => Promise.reject(error));
  }
  return done;
}

/** Text the embedded font can write: a character it has no glyph for becomes "?". */
function writable(doc: Doc): (text: string) => string {
  doc.font('Body');
  // pdfkit's embedded font wraps a fontkit font (not in pdfkit's type definitions).
  const font = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (c: number) => boolean } } })._font?.font;
  const has = (c: number) => (font?.hasGlyphForCodePoint ? font.hasGlyphForCodePoint(c) : true);
  return (text) => {
    let out = '';
    for (const ch of plainText(text)) out += ch === '\n' || has(ch.codePointAt(0)!) ? ch : '?';
    return out;
  };
}

/** Every string in the document through `f`; images and dates as they are. */
function mapStrings<T>(v: T, f: (s: string) => string): T {
  if (typeof v === 'string') return f(v) as T;
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f)) as T;
  if (v && typeof v === 'object' && !(v instanceof Date) && !ArrayBuffer.isView(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = mapStrings(x, f);
    return out as T;
  }
  return v;
}

const width = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** A new page unless `height` more points fit on this one. */
function ensure(doc: Doc, height: number) {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function layout(doc: Doc, model: WorkOrderDocument) {
  doc.fillColor(INK).font('Bold').fontSize(18).text(model.title);
  doc.font('Body').fontSize(12).text(model.subtitle);
  doc.moveDown(0.2).fillColor(MUTED).fontSize(8).text(model.note).fillColor(INK);
  for (const section of model.sections) sectionOf(doc, section);
}

function heading(doc: Doc, text: string) {
  ensure(doc, 48);
  doc.moveDown(0.8);
  doc.font('Bold').fontSize(12).fillColor(INK).text(text, MARGIN, doc.y);
  const y = doc.y + 2;
  doc.moveTo(MARGIN, y).lineTo(MARGIN + width(doc), y).lineWidth(0.5).strokeColor(LINE).stroke();
  doc.y = y + 5;
}

function sectionOf(doc: Doc, s: DocumentSection) {
  heading(doc, s.heading);
  if (s.kind === 'fields') for (const f of s.fields) row(doc, f);
  else if (s.kind === 'compliance') compliance(doc, s);
  else history(doc, s);
}

/** A label and its value side by side; a value taller than a page runs on below its label. */
function row(doc: Doc, f: DocumentField) {
  const valueWidth = width(doc) - LABEL_WIDTH - GAP;
  const label = (f.label);
  const value = (f.value);
  doc.fontSize(9);
  const h = Math.max(doc.font('Body').heightOfString(label, { width: LABEL_WIDTH }), doc.heightOfString(value, { width: valueWidth }));
  if (h > bottom(doc) - doc.page.margins.top - 40) {
    ensure(doc, 30);
    doc.font('Body').fillColor(MUTED).text(label, MARGIN, doc.y, { width: width(doc) });
    doc.fillColor(INK).text(value, MARGIN, doc.y, { width: width(doc) });
    doc.moveDown(0.3);
    return;
  }
  ensure(doc, h + 3);
  const y = doc.y;
  doc.font('Body').fillColor(MUTED).text(label, MARGIN, y, { width: LABEL_WIDTH });
  doc.fillColor(INK).text(value, MARGIN + LABEL_WIDTH + GAP, y, { width: valueWidth });
  doc.y = y + h + 3;
}

const IMAGE_BOX = { width: 220, height: 140 };

function compliance(doc: Doc, s: Extract<DocumentSection, { kind: 'compliance' }>) {
  if (!s.values.length) {
    doc.font('Italic').fontSize(9).fillColor(MUTED).text(s.empty, MARGIN, doc.y).fillColor(INK);
    return;
  }
  s.values.forEach((v, i) => {
    row(doc, { label: v.label, value: `${v.text} · recorded ${s.times[i]}` });
    if (!v.image) return;
    const x = MARGIN + LABEL_WIDTH + GAP;
    let image: { width: number; height: number };
    try {
      image = (doc as WithOpenImage).openImage(Buffer.from(v.image.data));
    } catch {
      // Bytes that claim to be PNG or JPEG but are not: said so, the document still renders.
      row(doc, { label: '', value: `(${v.kind === 'signature' ? 'signature' : 'photo'} could not be read)` });
      return;
    }
    // Scaled to fit the box, its proportions kept, framed where it lies.
    const scale = Math.min(IMAGE_BOX.width / image.width, IMAGE_BOX.height / image.height);
    const w = image.width * scale;
    const h = image.height * scale;
    ensure(doc, h + 8);
    const y = doc.y;
    doc.image(image as unknown as PDFKit.Mixins.ImageSrc, x, y, { width: w, height: h });
    doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(LINE).stroke();
    doc.y = y + h + 8;
  });
}

const TIME_WIDTH = 105;
const ACTOR_WIDTH = 95;

function history(doc: Doc, s: Extract<DocumentSection, { kind: 'history' }>) {
  const textWidth = width(doc) - TIME_WIDTH - ACTOR_WIDTH - 2 * GAP;
  const cols = [MARGIN, MARGIN + TIME_WIDTH + GAP, MARGIN + TIME_WIDTH + ACTOR_WIDTH + 2 * GAP];
  const head = (continued: boolean) => {
    const y = doc.y;
    doc.font('Bold').fontSize(8).fillColor(MUTED);
    doc.text('Time', cols[0], y, { width: TIME_WIDTH });
    doc.text('By', cols[1], y, { width: ACTOR_WIDTH });
    doc.text(continued ? `What happened (${s.heading.toLowerCase()} continued)` : 'What happened', cols[2], y, { width: textWidth });
    doc.fillColor(INK);
    doc.y = y + 12;
  };
  if (!s.entries.length) {
    doc.font('Italic').fontSize(9).fillColor(MUTED).text('No events.', MARGIN, doc.y).fillColor(INK);
    return;
  }
  head(false);
  for (const e of s.entries) {
    const cells = [(e.time), (e.actor), (e.text)];
    doc.font('Body').fontSize(9);
    const h = Math.max(
      doc.heightOfString(cells[0], { width: TIME_WIDTH }),
      doc.heightOfString(cells[1], { width: ACTOR_WIDTH }),
      doc.heightOfString(cells[2], { width: textWidth }),
    );
    if (doc.y + h + 3 > bottom(doc)) {
      doc.addPage();
      head(true);
      doc.font('Body').fontSize(9);
    }
    const y = doc.y;
    doc.fillColor(MUTED).text(cells[0], cols[0], y, { width: TIME_WIDTH });
    doc.text(cells[1], cols[1], y, { width: ACTOR_WIDTH });
    doc.fillColor(INK).text(cells[2], cols[2], y, { width: textWidth, height: bottom(doc) - y });
    doc.y = y + h + 3;
  }
}

/** "WO-1001 · Acme — page 2 of 5" at the foot of every page, written once the page count is known. */
function footers(doc: Doc, model: WorkOrderDocument) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing into the bottom margin must not start another page.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Body')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${model.footer} — page ${i - range.start + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN, {
        width: width(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = saved;
  }
}
