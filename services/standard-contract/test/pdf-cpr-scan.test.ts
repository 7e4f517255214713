import PDFDocument from 'pdfkit';
import { looksLikeCpr } from '@rammeaftale/domain';
import { pdfScanText } from '@rammeaftale/testing';
import { pdfBytes } from '../src/common/pdf';

/**
 * The end-of-run CPR scan reads PDF attachments through pdfScanText (packages/testing); this
 * checks it on PDFs as this service writes them with pdfkit: compressed, Helvetica text in hex
 * strings split by kerning, a Danish title in UTF-16, lines continued and justified.
 */
function render(lines: string[]): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: true,
    lang: 'da-DK',
    info: { Title: 'Indberetningsskema – takststigning', Author: 'Rammeaftale Sjælland' },
  });
  const done = pdfBytes(doc);
  doc.font('Helvetica-Bold').fontSize(16).text('Indberetningsskema');
  for (const line of lines)
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text('Oplysning: ', { continued: true })
      .font('Helvetica')
      .text(line, { align: 'justify' });
  doc.end();
  return done;
}

const FILLER = Array.from({ length: 40 }, (_, i) => `Takst ${i + 1} AVWa ${2026 + i} kr.`);

describe('pdfScanText on the PDFs pdfkit writes', () => {
  it('When a rendered PDF holds a CPR-shaped value in its text, then the scan text holds it', async () => {
    const pdf = await render([...FILLER, 'Borger 010203-1234 i Greve', 'og 0102031234 uden streg']);
    expect(looksLikeCpr(pdf.toString('latin1'))).toBe(true); // the cross-reference offsets
    const text = pdfScanText(pdf);
    expect(text).toContain('010203-1234');
    expect(text).toContain('0102031234');
  });

  it('When a rendered PDF of many pages holds no such value, then its scan text is clean', async () => {
    const pdf = await render([...FILLER, ...FILLER, ...FILLER]);
    const text = pdfScanText(pdf);
    expect(text).toContain('Indberetningsskema – takststigning');
    expect(text).toContain('Takst 40 AVWa 2065 kr.');
    expect(looksLikeCpr(text)).toBe(false);
  });
});
