import PDFDocument from 'pdfkit';
import { formatDkk } from '@rammeaftale/domain';
import { pdfBytes } from '../common/pdf';
import { danishDate } from '../contracts/contract.rules';
import { reportedDecisions } from './authority-report.rules';
import { OPERATOR_KIND_DANISH, bpText } from './tariff-change.rules';
import { municipalityList } from './tariff-letter.rules';
import type { AuthorityReport, TariffChange } from './tariff-change.types';

type Doc = InstanceType<typeof PDFDocument>;

/** The form's two kinds of line: a numbered heading, and a label with its value. */
function formWriter(doc: Doc) {
  return {
    heading: (n: number, text: string) =>
      doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).text(`${n}. ${text}`).moveDown(0.2),
    line: (label: string, value: string) =>
      doc
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(`${label}: `, { continued: true })
        .font('Helvetica')
        .text(value),
  };
}

type Form = ReturnType<typeof formWriter>;

const announcedOn = (change: TariffChange) =>
  danishDate(change.announcedAt.toISOString().slice(0, 10));

/**
 * The standard form (indberetningsskema) of a tariff increase above the report threshold, as a
 * Danish PDF (Helvetica/WinAnsi covers æ, ø, å and –, but not → or −: the text avoids them). The creation date is the announcement's, so the
 * same report renders the same bytes on every hand-over.
 */
export function renderAuthorityReportPdf(
  change: TariffChange,
  report: AuthorityReport,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: 'da-DK',
    info: {
      Title: `Indberetningsskema – takststigning ${change.id}`,
      Author: 'Rammeaftale Sjælland',
      Subject: `Indberetning til ${report.authority}`,
      CreationDate: change.announcedAt,
      ModDate: change.announcedAt,
    },
  });
  const done = pdfBytes(doc);
  const form = formWriter(doc);
  doc.font('Helvetica-Bold').fontSize(16).text('Indberetningsskema');
  doc.font('Helvetica').fontSize(12).text('Takststigning over indberetningsgrænsen');
  doc
    .moveDown(0.3)
    .fontSize(9)
    .text(
      `Til ${report.authority}. Fra sekretariatet for Rammeaftale Sjælland. Indberetning ${report.key}, dannet ${announcedOn(change)}.`,
    );
  offerAndSupplier(form, change);
  theChange(form, change);
  policyUsed(doc, form, change);
  affected(doc, form, change, report);
  form.heading(7, 'Videre forløb');
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      'Stigningen er også over P/L og skal godkendes af den købende kommune, før den får virkning. Leverandøren er bedt om en begrundelse og et gennemsigtigt beregningsgrundlag. Indberetningen drøftes på de halvårlige møder med tilsynet. Data er vedlagt i maskinlæsbar form (CSV og JSON).',
      { lineGap: 2 },
    );
  doc.end();
  return done;
}

function offerAndSupplier(form: Form, change: TariffChange): void {
  form.heading(1, 'Tilbud');
  form.line('Tilbud', change.offer.name);
  if (change.offer.departmentName) form.line('Afdeling', change.offer.departmentName);
  form.line('Tilbudsportalen-id', change.offer.tilbudsportalenId ?? 'ikke oplyst');
  form.line('Driftsform', OPERATOR_KIND_DANISH[change.offer.operatorKind]);
  form.line('Tilsynsmyndighed', change.offer.supervisingAuthority);

  form.heading(2, 'Leverandør');
  form.line('Navn', change.supplier.name);
  form.line('CVR-nr.', change.supplier.cvr ?? 'ikke oplyst');
}

function theChange(form: Form, change: TariffChange): void {
  form.heading(3, 'Takstændringen');
  form.line('Varslet', announcedOn(change));
  form.line('Virkning fra', danishDate(change.effectiveFrom));
  form.line('Leverandørens begrundelse', change.reason);
  const docs = change.justifications.map((j) => j.documentReference).filter(Boolean);
  form.line('Begrundelsesdokument', docs.length ? docs.join(', ') : 'ikke modtaget endnu');
}

function policyUsed(doc: Doc, form: Form, change: TariffChange): void {
  form.heading(4, 'Anvendte politiske værdier');
  form.line(
    'År',
    `${change.policy.year} (gældende fra ${danishDate(change.policy.effectiveFrom)})`,
  );
  form.line('P/L-fremskrivning', bpText(change.policy.plRateBp));
  form.line(
    'Indberetningsgrænse',
    `${bpText(change.policy.privateReportThresholdBp)} for private tilbud, ${bpText(change.policy.publicReportThresholdBp)} for kommunale og regionale tilbud`,
  );
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(
      'Stigningen beregnes som (ny døgnpris - gældende døgnpris) / gældende døgnpris og sammenlignes nøjagtigt med grænsen; "over" betyder større end. Procenter er afrundet til to decimaler alene til visning.',
    );
}

function affected(doc: Doc, form: Form, change: TariffChange, report: AuthorityReport): void {
  const ds = reportedDecisions(change, report);
  form.heading(5, `Berørte kommuner (${report.municipalities.length})`);
  doc.font('Helvetica').fontSize(10).text(municipalityList(report));

  form.heading(6, `Berørte kontrakter (${ds.length})`);
  for (const d of ds)
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(
        `${d.buyer.name} – kontrakt ${d.contractId}: fra ${formatDkk(d.currentPrice.dailyTotalOre)} til ${formatDkk(d.newPrice.dailyTotalOre)} pr. døgn, stigning ${d.classification.increasePercent} (grænse ${bpText(d.classification.thresholdUsedBp)}).`,
        { lineGap: 2 },
      );
}
