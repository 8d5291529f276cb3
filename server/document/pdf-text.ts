// Reads a PDF back for tests (unit and browser): each page's text, and how many images it draws.
// pdfjs-dist's legacy build runs in Node 20 without a canvas or a worker thread.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PdfPage {
  /** The page's text, runs joined by single spaces. */
  text: string;
  images: number;
}

export interface PdfText {
  pages: PdfPage[];
  /** Every page's text, in order. */
  text: string;
  info: Record<string, unknown>;
}

const fontsDir = () => join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: fontsDir(), isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const text = content.items
        .map((i) => ('str' in i ? i.str : ''))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
      const ops = await page.getOperatorList();
      const images = ops.fnArray.filter((f) => f === pdfjs.OPS.paintImageXObject || f === pdfjs.OPS.paintInlineImageXObject).length;
      pages.push({ text, images });
    }
    const { info } = await pdf.getMetadata();
    return { pages, text: pages.map((p) => p.text).join('\n'), info: info as Record<string, unknown> };
  } finally {
    await pdf.destroy();
  }
}
