import PDFDocument from 'pdfkit';
import { formatDkk } from '@rammeaftale/domain';
import { pdfBytes } from '../common/pdf';
import { contractFields, danishDate } from '../contracts/contract.rules';
import type { Amendment, Contract } from '../contracts/contract.types';
import { fillPlaceholders, type TemplateSection } from '../templates/template.rules';

/**
 * Renders the contract as it stands at its current version, in Danish, with the built-in
 * Helvetica (WinAnsi covers æ, ø, å and §). `renderedAt` fixes the PDF's creation date, so the
 * same input renders the same bytes.
 */
export function renderContractPdf(
  contract: Contract,
  template: { title: string; sections: TemplateSection[] },
  renderedAt: Date,
  opts: { compress?: boolean } = {},
): Promise<Buffer> {
  const fields = contractFields(contract);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: opts.compress ?? true,
    lang: 'da-DK',
    info: {
      Title: `${template.title} – ${contract.id} version ${contract.version}`,
      Author: 'Rammeaftale Sjælland',
      Subject: 'National standardkontrakt',
      CreationDate: renderedAt,
      ModDate: renderedAt,
    },
  });
  const done = pdfBytes(doc);

  doc.font('Helvetica-Bold').fontSize(16).text(template.title);
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(9)
    .text(
      `Kontrakt ${contract.id}, version ${contract.version}. Skabelon ${contract.template.id} version ${contract.template.version}. Dannet ${danishDate(renderedAt.toISOString().slice(0, 10))}.`,
    );
  doc.moveDown();

  for (const section of template.sections) {
    doc.font('Helvetica-Bold').fontSize(11).text(fillPlaceholders(section.heading, fields));
    doc
      .moveDown(0.2)
      .font('Helvetica')
      .fontSize(10)
      .text(fillPlaceholders(section.text, fields), { lineGap: 2 });
    doc.moveDown(0.8);
  }

  const amendments = contract.amendments.filter((a) => a.version <= contract.version);
  if (amendments.length > 0) {
    doc.font('Helvetica-Bold').fontSize(11).text('Tillæg');
    doc.moveDown(0.2).font('Helvetica').fontSize(10);
    for (const a of amendments) doc.text(amendmentLine(a), { lineGap: 2 }).moveDown(0.3);
    doc.moveDown(0.5);
  }

  doc.font('Helvetica-Bold').fontSize(11).text('Prishistorik');
  doc.moveDown(0.2).font('Helvetica').fontSize(10);
  for (const p of contract.priceHistory)
    doc.text(
      `Fra ${danishDate(p.validFrom)}: ${formatDkk(p.price.dailyTotalOre)} pr. døgn` +
        (p.amendmentNumber
          ? ` (tillæg nr. ${p.amendmentNumber})`
          : ' (kontraktens oprindelige pris)'),
    );
  doc.moveDown();

  doc.font('Helvetica-Bold').fontSize(11).text('Accept og underskrift');
  doc
    .moveDown(0.2)
    .font('Helvetica')
    .fontSize(10)
    .text(
      'Leverandøren accepterer og køber underskriver kontrakten elektronisk i bestillingsportalen. Accepten og underskriften registreres med tidspunkt, bruger og dette dokuments SHA-256-værdi, så det altid kan dokumenteres, hvilken version der er aftalt.',
      { lineGap: 2 },
    );

  doc.end();
  return done;
}

function amendmentLine(a: Amendment): string {
  const head = `Tillæg nr. ${a.number} (version ${a.version}, gældende fra ${danishDate(a.effectiveFrom)}): ${a.description}`;
  if (a.kind !== 'price-change' || !a.price || !a.change) return head;
  const approval = a.approval
    ? ` Stigningen er over P/L (${a.change.plRateBp / 100} %) og er godkendt af køber, reference ${a.approval.reference}, den ${danishDate(a.approval.approvedOn)}.`
    : '';
  return `${head} Ny samlet pris: ${formatDkk(a.price.dailyTotalOre)} pr. døgn (ændring ${a.change.increasePercent}).${approval}`;
}
