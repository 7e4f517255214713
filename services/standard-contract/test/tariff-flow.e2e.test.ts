/**
 * The tariff flow end to end: a supplier announces a new tariff; the real notifications worker
 * (started in this test, on its own database and queue prefix) sends the letters on increases
 * above P/L to the supplier, the report with its standard form (PDF), CSV and JSON to the
 * supervising authority, and the reminders to the buyers; all of it is read back from a real
 * SMTP server. Announcing again sends nothing twice; the report's delivery status comes back.
 */
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import type { CapturedMail, SmtpCatcher } from '@rammeaftale/testing';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support';
import {
  activeContract,
  as,
  offerId,
  pdfText,
  startContracts,
  until,
  answer,
  type Announced,
  type ContractView,
  type ContractsHarness,
  type TariffChangeView,
} from './support';

jest.setTimeout(180_000);

/** The machine-readable report the authority gets (the parts read here). */
type ReportJson = {
  municipalities: unknown[];
  contracts: { increase: { ratio: { num: string; den: string } } }[];
};

let h: ContractsHarness;
let smtp: SmtpCatcher;
let notifications: NotificationsHarness;
const offer = offerId('e2e');
const contracts: Record<'greve' | 'koege' | 'roskilde', string> = {
  greve: '',
  koege: '',
  roskilde: '',
};
let changeId: string;

const SUPPLIER = 'kontrakt@solhaven.test';
const AUTHORITY = 'indberetning@socialtilsyn-oest.test';
const announcement = {
  offerId: offer,
  effectiveFrom: '2025-09-01',
  dailyBasisTariffOre: 106_000, // 1.000 → 1.060 kr. (6,00 %); with 200 kr. extra: 1.200 → 1.260 (5,00 %)
  reason: 'Ny overenskomst og øgede huslejeudgifter',
  justificationDocumentReference: 'doc:takstberegning-2025',
};

/** The delivery key the notifications worker puts on every mail (X-Delivery-Key). */
const keyOf = (m: CapturedMail) => {
  const key = m.headers.get('x-delivery-key');
  return typeof key === 'string' ? key : '';
};
const tariffMails = () => smtp.messages.filter((m) => keyOf(m).includes(changeId));
const byKey = (prefix: string) => tariffMails().filter((m) => keyOf(m).startsWith(prefix));

async function waitForMails(ok: (ms: CapturedMail[]) => boolean, what: string) {
  const mails = await until(() => Promise.resolve(tariffMails()), ok, 45_000);
  if (!ok(mails)) throw new Error(`timed out waiting for ${what}; got ${mails.length}`);
  return mails;
}

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  notifications = await startNotifications({
    name: 'tn_tariff_e2e',
    idp,
    env: { RETRY_BASE_MS: '50' },
  });
  smtp = notifications.smtp;
  h = await startContracts({ env: { TARIFF_NOTIFICATIONS_URL: notifications.url }, idp });
  contracts.greve = await activeContract(h, { offer: { offerId: offer }, buyer: 'greve' });
  contracts.koege = await activeContract(h, { offer: { offerId: offer }, buyer: 'koege' });
  contracts.roskilde = await activeContract(h, {
    offer: { offerId: offer },
    buyer: 'roskilde',
    additionalTariffs: [{ description: 'Ekstra støtte om natten', dailyOre: 20_000 }],
  });
});

afterAll(async () => {
  await h.svc.close();
  await notifications.close();
});

describe('announce → letters and report at the SMTP server', () => {
  it('When the supplier announces 6 % on a private offer, then the supplier gets one letter per buying municipality asking for a justification', async () => {
    const res = await answer<Announced>(as(h, 'supplier').post('/tariff-changes', announcement));
    expect(res.status).toBe(201);
    changeId = res.body.change.id;
    const mails = await waitForMails(
      (ms) => ms.filter((m) => m.envelopeTo.includes(SUPPLIER)).length >= 3,
      'three supplier letters',
    );
    const letters = mails.filter((m) => m.envelopeTo.includes(SUPPLIER));
    expect(letters).toHaveLength(3);
    for (const m of letters) {
      expect(m.envelopeTo).toEqual([SUPPLIER]);
      expect(m.subject).toBe(
        'Takststigning over P/L for Bostedet Solhaven – anmodning om begrundelse',
      );
      expect(m.html).toContain('<strong>Bostedet Solhaven</strong>');
      expect(m.text).toContain('Kære Bostedet Solhaven ApS');
      expect(m.text).toContain('med virkning fra 1. september 2025');
      expect(m.text).toContain('P/L-fremskrivning for 2025: 4,00 %');
      expect(m.text).toContain(`/takstaendringer/${changeId}`);
      expect(m.raw).not.toContain('GRV-2026-0042'); // the citizen's pseudonym stays in the portal
    }
    const greve = letters.find((m) => m.text?.includes('Greve Kommune har modtaget'))!;
    expect(greve.text).toContain('Gældende døgntakst: 1.000,00 kr.');
    expect(greve.text).toContain('Varslet døgntakst: 1.060,00 kr.');
    expect(greve.text).toContain('Stigning: 6,00 %');
    expect(greve.text).toContain('indberettes derfor til Socialtilsyn Øst');
    const roskilde = letters.find((m) => m.text?.includes('Roskilde Kommune har modtaget'))!;
    expect(roskilde.text).toContain('Gældende døgntakst: 1.200,00 kr.');
    expect(roskilde.text).toContain('Stigning: 5,00 %');
    expect(roskilde.text).toContain('indberettes ikke til tilsynet');
  });

  it('When the increase is above 5 % for a private offer, then Socialtilsyn Øst gets one report listing the municipalities above it, with the form as PDF, CSV and JSON', async () => {
    const [report] = await waitForMails(
      (ms) => ms.some((m) => m.envelopeTo.includes(AUTHORITY)),
      'the report',
    ).then((ms) => ms.filter((m) => m.envelopeTo.includes(AUTHORITY)));
    expect(report!.envelopeTo).toEqual([AUTHORITY]);
    expect(report!.subject).toBe('Indberetning af takststigning – Bostedet Solhaven (6,00 %)');
    expect(report!.text).toContain('indberetningsgrænsen for private tilbud (5,00 %)');
    expect(report!.text).toMatch(
      /Berørte kommuner: (Greve Kommune \(købende\), Køge Kommune \(købende\)|Køge Kommune \(købende\), Greve Kommune \(købende\))/,
    );
    expect(report!.text).not.toContain('Roskilde');
    expect(report!.attachments.map((a) => [a.filename, a.contentType.split(';')[0]])).toEqual([
      [`indberetning-${changeId}.pdf`, 'application/pdf'],
      [`indberetning-${changeId}.csv`, 'text/csv'],
      [`indberetning-${changeId}.json`, 'application/json'],
    ]);
    const [pdf, csv, json] = report!.attachments;

    const text = (await pdfText(pdf!.content)).replace(/\s+/g, ' ');
    for (const expected of [
      'Indberetningsskema',
      'Takststigning over indberetningsgrænsen',
      'Til Socialtilsyn Øst',
      'Tilbud: Bostedet Solhaven',
      'Driftsform: Privat',
      'Leverandør',
      'CVR-nr.: 29403473',
      'Virkning fra: 1. september 2025',
      'Ny overenskomst og øgede huslejeudgifter',
      'doc:takstberegning-2025',
      'P/L-fremskrivning: 4,00 %',
      '5,00 % for private tilbud, 8,00 % for kommunale og regionale tilbud',
      'Berørte kommuner (2)',
      '(ny døgnpris - gældende døgnpris)',
      `kontrakt ${contracts.greve}: fra 1.000,00 kr. til 1.060,00 kr. pr. døgn, stigning 6,00 %`,
      `kontrakt ${contracts.koege}`,
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Roskilde');

    const rows = csv!.content
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('takstaendring_id;tilbud_id;tilbud;');
    expect(
      rows
        .slice(1)
        .map((r) => r.split(';')[11])
        .sort(),
    ).toEqual([contracts.greve, contracts.koege].sort());
    expect(rows[1]).toContain(';100000;106000;');

    const data = JSON.parse(json!.content.toString('utf8')) as ReportJson;
    expect(data).toMatchObject({
      reportId: `authority-report:${changeId}:socialtilsyn-oest`,
      authority: 'Socialtilsyn Øst',
      offer: { offerId: offer, operatorKind: 'private' },
      supplier: { cvr: '29403473' },
      policy: { year: 2025, plRateBp: 400, privateReportThresholdBp: 500 },
    });
    expect(data.municipalities).toHaveLength(2);
    expect(data.contracts.map((c) => c.increase.ratio)).toEqual([
      { num: '3', den: '50' },
      { num: '3', den: '50' },
    ]);
  });

  it('When the same change is announced again, then nothing is sent twice', async () => {
    const again = await answer<Announced>(as(h, 'supplier').post('/tariff-changes', announcement));
    expect(again.body).toMatchObject({ created: false, change: { id: changeId } });
    await h.svc.runTariffFlowNow();
    await new Promise((r) => setTimeout(r, 800));
    expect(byKey('tariff-letter:')).toHaveLength(3);
    expect(byKey('authority-report:')).toHaveLength(1);
    const ids = tariffMails().map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('When the worker has sent the report, then its delivery status is visible to the secretariat and to the authority', async () => {
    const read = async (who: 'secretariat' | 'authority') =>
      (await answer<TariffChangeView>(as(h, who).get(`/tariff-changes/${changeId}`))).body;
    const seen = await until(
      async () => {
        await h.svc.runTariffFlowNow();
        return read('secretariat');
      },
      (c) => c.reports[0]?.delivery?.status === 'sent',
    );
    expect(seen.reports[0]).toMatchObject({
      status: 'accepted',
      email: AUTHORITY,
      delivery: { status: 'sent', attempts: 1 },
    });
    expect(
      seen.letters.filter((l) => l.kind === 'tariff-letter').map((l) => l.delivery?.status),
    ).toEqual(['sent', 'sent', 'sent']);
    const authority = await read('authority');
    expect(authority.reports[0]!.delivery!.status).toBe('sent');
    expect(authority.decisions).toHaveLength(2);
  });
});

describe('reminders, approval and rejection', () => {
  it('When the deadline nears, then each buying municipality gets one reminder', async () => {
    h.advanceDays(24);
    await h.svc.runTariffFlowNow();
    const reminders = await waitForMails(
      (ms) => ms.filter((m) => keyOf(m).startsWith('tariff-reminder:')).length >= 3,
      'three reminders',
    ).then((ms) => ms.filter((m) => keyOf(m).startsWith('tariff-reminder:')));
    expect(reminders.map((m) => m.envelopeTo[0]).sort()).toEqual([
      'myndighed@greve.test',
      'myndighed@koege.test',
      'myndighed@roskilde.test',
    ]);
    for (const m of reminders)
      expect(m.subject).toMatch(
        /^Påmindelse: takststigning for Bostedet Solhaven afventer jeres afgørelse senest \d+\. \w+ \d{4}$/,
      );
    await h.svc.runTariffFlowNow();
    await new Promise((r) => setTimeout(r, 500));
    expect(byKey('tariff-reminder:')).toHaveLength(3);
  });

  it('When Greve approves and Køge rejects, then only Greve’s contract gets the new price, and the supplier gets the amendment letter', async () => {
    const approved = await answer<TariffChangeView>(
      as(h, 'greve').post(`/tariff-changes/${changeId}/decision`, {
        decision: 'approve',
      }),
    );
    expect(approved.status).toBe(200);
    const rejected = await answer<TariffChangeView>(
      as(h, 'koege').post(`/tariff-changes/${changeId}/decision`, {
        decision: 'reject',
        comment: 'Ikke dokumenteret',
      }),
    );
    expect(rejected.status).toBe(200);
    const greve = await answer<ContractView>(as(h, 'greve').get(`/contracts/${contracts.greve}`));
    expect(greve.body.price.dailyTotalOre).toBe(106_000);
    expect(greve.body.amendments[0]).toMatchObject({
      tariffChangeId: changeId,
      approval: { reference: `tariff-change:${changeId}` },
    });
    const koege = await answer<ContractView>(as(h, 'koege').get(`/contracts/${contracts.koege}`));
    expect(koege.body.price.dailyTotalOre).toBe(100_000);
    const letter = await until(
      () =>
        Promise.resolve(
          smtp.messages.filter(
            (m) => m.subject === `Tillæg nr. 1 til standardkontrakt ${contracts.greve}`,
          ),
        ),
      (ms) => ms.length === 1,
    );
    expect(letter[0]!.envelopeTo).toEqual([SUPPLIER]);
    const view = await answer<TariffChangeView>(
      as(h, 'secretariat').get(`/tariff-changes/${changeId}`),
    );
    expect(view.body.status).toBe('awaiting_approval'); // Roskilde has not decided
    expect(view.body.decisions.map((d) => d.status).sort()).toEqual([
      'applied',
      'awaiting_approval',
      'rejected',
    ]);
  });
});
