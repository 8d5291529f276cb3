// The work-order document as a PDF (pdfkit, its built-in Helvetica: no font files, no network).
// A4, labelled rows in two columns, the history as a three-column table whose heading is repeated
// on every page it runs onto, a footer with the order number and "page N of M" on every page.
import PDFDocument from 'pdfkit';
import type { DocumentField, DocumentSection, WorkOrderDocument } from './model';

const MARGIN = 50;
const FOOTER_GAP = 24;
const LABEL_WIDTH = 150;
const GAP = 10;
const INK = '#101828';
const MUTED = '#475467';
const LINE = '#d0d5dd';

// The standard 14 fonts write WinAnsi (cp1252) only. Anything else is spelt without its accents
// ("ř" → "r") or, failing that, "?", rather than as a wrong glyph.
const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const inWinAnsi = (ch: string) => {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRA.includes(ch);
};

/** Text the standard fonts can write: white space as spaces and line breaks, other characters in cp1252. */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
    if (ch === '\n' || inWinAnsi(ch)) out += ch;
    else {
      const plain = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += plain && [...plain].every(inWinAnsi) ? plain : '?';
    }
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
    info: { Title: winAnsi(model.meta.title), Subject: winAnsi(model.meta.subject), Creator: 'Dispatch Studio', CreationDate: model.meta.createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    layout(doc, model);
    footers(doc, model);
    doc.end();
  } catch (error) {
    doc.end();
    return done.then(() => Promise.reject(error));
  }
  return done;
}

const width = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** A new page unless `height` more points fit on this one. */
function ensure(doc: Doc, height: number) {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function layout(doc: Doc, model: WorkOrderDocument) {
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(18).text(winAnsi(model.title));
  doc.font('Helvetica').fontSize(12).text(winAnsi(model.subtitle));
  doc.moveDown(0.2).fillColor(MUTED).fontSize(8).text(winAnsi(model.note)).fillColor(INK);
  for (const section of model.sections) sectionOf(doc, section);
}

function heading(doc: Doc, text: string) {
  ensure(doc, 48);
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text(winAnsi(text), MARGIN, doc.y);
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
  const label = winAnsi(f.label);
  const value = winAnsi(f.value);
  doc.fontSize(9);
  const h = Math.max(doc.font('Helvetica').heightOfString(label, { width: LABEL_WIDTH }), doc.heightOfString(value, { width: valueWidth }));
  if (h > bottom(doc) - doc.page.margins.top - 40) {
    ensure(doc, 30);
    doc.font('Helvetica').fillColor(MUTED).text(label, MARGIN, doc.y, { width: width(doc) });
    doc.fillColor(INK).text(value, MARGIN, doc.y, { width: width(doc) });
    doc.moveDown(0.3);
    return;
  }
  ensure(doc, h + 3);
  const y = doc.y;
  doc.font('Helvetica').fillColor(MUTED).text(label, MARGIN, y, { width: LABEL_WIDTH });
  doc.fillColor(INK).text(value, MARGIN + LABEL_WIDTH + GAP, y, { width: valueWidth });
  doc.y = y + h + 3;
}

const IMAGE_BOX = { width: 220, height: 140 };

function compliance(doc: Doc, s: Extract<DocumentSection, { kind: 'compliance' }>) {
  if (!s.values.length) {
    doc.font('Helvetica-Oblique').fontSize(9).fillColor(MUTED).text(winAnsi(s.empty), MARGIN, doc.y).fillColor(INK);
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
    doc.font('Helvetica-Bold').fontSize(8).fillColor(MUTED);
    doc.text('Time', cols[0], y, { width: TIME_WIDTH });
    doc.text('By', cols[1], y, { width: ACTOR_WIDTH });
    doc.text(continued ? `What happened (${winAnsi(s.heading).toLowerCase()} continued)` : 'What happened', cols[2], y, { width: textWidth });
    doc.fillColor(INK);
    doc.y = y + 12;
  };
  if (!s.entries.length) {
    doc.font('Helvetica-Oblique').fontSize(9).fillColor(MUTED).text('No events.', MARGIN, doc.y).fillColor(INK);
    return;
  }
  head(false);
  for (const e of s.entries) {
    const cells = [winAnsi(e.time), winAnsi(e.actor), winAnsi(e.text)];
    doc.font('Helvetica').fontSize(9);
    const h = Math.max(
      doc.heightOfString(cells[0], { width: TIME_WIDTH }),
      doc.heightOfString(cells[1], { width: ACTOR_WIDTH }),
      doc.heightOfString(cells[2], { width: textWidth }),
    );
    if (doc.y + h + 3 > bottom(doc)) {
      doc.addPage();
      head(true);
      doc.font('Helvetica').fontSize(9);
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
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(winAnsi(`${model.footer} — page ${i - range.start + 1} of ${range.count}`), MARGIN, doc.page.height - MARGIN, {
        width: width(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = saved;
  }
}
