/**
 * Amendments by agreement (issue 15): one party of a running contract proposes a change, the
 * other party accepts or declines it; the proposer never decides its own. The proposal leaves the
 * contract as it is, an acceptance makes a numbered amendment and a new version with the proposal
 * kept beside it, and each step tells the other party by a letter that reaches a real SMTP server
 * through the real notifications worker, without the reason (free text) in it.
 */
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { startSmtpCatcher, type CapturedMail, type SmtpCatcher } from '@rammeaftale/testing';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support';
import {
  MUNICIPALITIES,
  activeContract,
  answer,
  as,
  basisFactory,
  problemOf,
  startContracts,
  until,
  type ContractView,
  type ContractsHarness,
} from './support';

jest.setTimeout(60_000);

let h: ContractsHarness;
let smtp: SmtpCatcher;
let notifications: NotificationsHarness;
const GREVE = 'myndighed@greve.test';
const SOLHAVEN = 'kontrakt@solhaven.test';
const REASON = 'Borgeren GRV-2026-0042 har brug for mere støtte om natten';

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  smtp = await startSmtpCatcher();
  notifications = await startNotifications({ name: 'tn_proposals', idp, smtp });
  h = await startContracts({ env: { TARIFF_NOTIFICATIONS_URL: notifications.url }, idp });
});

afterAll(async () => {
  await h.svc.close();
  await notifications.close();
  await smtp.close();
});

const EXTRA_SERVICES = [
  { description: 'Længerevarende botilbud', legalBasis: 'SEL § 108' },
  { description: 'Vågen nattevagt', legalBasis: 'SEL § 108' },
];

const propose = (who: 'greve' | 'supplier' | 'koege' | 'roskilde', id: string, body: object) =>
  answer<ContractView>(as(h, who).post(`/contracts/${id}/amendment-proposals`, body));
const decide = (who: 'greve' | 'supplier' | 'koege', id: string, n: number, body: object) =>
  answer<ContractView>(as(h, who).post(`/contracts/${id}/amendment-proposals/${n}/decision`, body));

async function mailWith(subject: string): Promise<CapturedMail> {
  const mails = await until(
    () => Promise.resolve(smtp.messages.filter((m) => m.subject === subject)),
    (found) => found.length > 0,
    10_000,
  );
  return mails[0]!;
}

function expectLetter(mail: CapturedMail, to: string, replyTo: string) {
  expect(mail.envelopeTo).toEqual([to]);
  expect((mail.headers.get('reply-to') as { text: string }).text).toBe(replyTo);
  expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
  expect(mail.raw).not.toContain('GRV-2026-0042');
}

describe('a proposal and its acceptance by the other party', () => {
  it('When the buyer proposes extra services and an end date, then the contract is unchanged until the supplier accepts; the proposer cannot accept it; the acceptance makes amendment 1 in version 2 and each side gets its letter', async () => {
    const id = await activeContract(h, { basis: { payingMunicipality: MUNICIPALITIES.koege } });
    const proposed = await propose('greve', id, {
      effectiveFrom: '2026-04-01',
      reason: REASON,
      changes: { services: EXTRA_SERVICES, endDate: '2027-12-31' },
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'active', version: 1, amendments: [] });
    expect(proposed.body.amendmentProposals).toEqual([
      expect.objectContaining({ number: 1, status: 'pending', party: 'buyer', basedOnVersion: 1 }),
    ]);
    const toSupplier = await mailWith(`Forslag til tillæg nr. 1 til standardkontrakt ${id}`);
    expectLetter(toSupplier, SOLHAVEN, GREVE);
    expect(toSupplier.text).toContain('Greve Kommune foreslår et tillæg');
    expect(toSupplier.text).not.toContain(REASON);

    // The proposer cannot accept its own proposal, nor can the paying municipality decide.
    const own = await decide('greve', id, 1, { decision: 'accept' });
    expect(own.status).toBe(409);
    expect(problemOf(own).type).toContain('own-proposal');
    expect(problemOf(own).errors).toEqual([
      expect.objectContaining({ field: 'body.decision', code: 'own-proposal' }),
    ]);
    expect((await decide('koege', id, 1, { decision: 'accept' })).status).toBe(403);
    // A second proposal waits until the first is decided.
    const second = await propose('supplier', id, {
      effectiveFrom: '2026-04-01',
      reason: 'Ny takst',
      changes: { dailyBasisTariffOre: 101_000 },
    });
    expect(second.status).toBe(409);
    expect(problemOf(second).errors).toEqual([
      expect.objectContaining({ field: 'body.changes', code: 'proposal-pending' }),
    ]);

    const accepted = await decide('supplier', id, 1, { decision: 'accept', comment: 'Aftalt' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'amended',
      version: 2,
      services: EXTRA_SERVICES,
      endDate: '2027-12-31',
    });
    expect(accepted.body.amendments).toEqual([
      expect.objectContaining({
        number: 1,
        kind: 'terms',
        version: 2,
        effectiveFrom: '2026-04-01',
      }),
    ]);
    expect(accepted.body.amendmentProposals[0]).toMatchObject({
      status: 'accepted',
      decision: { comment: 'Aftalt', amendmentNumber: 1, version: 2 },
    });
    expect(accepted.body.versions.map((v) => v.number)).toEqual([1, 2]);
    const toBuyer = await mailWith(
      `Forslag til tillæg er accepteret nr. 1 til standardkontrakt ${id}`,
    );
    expectLetter(toBuyer, GREVE, SOLHAVEN);
    expect(toBuyer.text).toContain('version 2');
    // Decided once: a second acceptance is refused naming the proposal.
    const again = await decide('supplier', id, 1, { decision: 'accept' });
    expect(again.status).toBe(409);
    expect(problemOf(again).errors).toEqual([
      expect.objectContaining({ field: 'body.number', code: 'proposal-decided' }),
    ]);
  });

  it('When the supplier proposes a price above P/L and the buyer accepts, then the price history records it with the buyer as the approver', async () => {
    const id = await activeContract(h, { dailyBasisTariffOre: 100_000 });
    const proposed = await propose('supplier', id, {
      effectiveFrom: '2026-05-01',
      reason: 'Skærpet normering',
      changes: { dailyBasisTariffOre: 110_000 },
    });
    expect(proposed.status).toBe(201);
    // The supplier proposed: the letter goes to the buyer and answers to the supplier.
    const toBuyer = await mailWith(`Forslag til tillæg nr. 1 til standardkontrakt ${id}`);
    expectLetter(toBuyer, GREVE, SOLHAVEN);
    expect(toBuyer.text).toContain('Bostedet Solhaven ApS foreslår et tillæg');
    const accepted = await decide('greve', id, 1, { decision: 'accept' });
    expect(accepted.status).toBe(200);
    const last = accepted.body.priceHistory.at(-1)!;
    expect(last).toMatchObject({
      validFrom: '2026-05-01',
      source: 'amendment',
      price: { dailyBasisTariffOre: 110_000 },
      change: { exceedsPl: true, increasePercent: '10,00 %' },
      approval: { reference: `amendment-proposal:${id}:1` },
    });
    expect(accepted.body.amendments[0]).toMatchObject({ kind: 'price-change' });
  });
});

describe('declining, and what cannot be proposed', () => {
  it('When the supplier declines the buyer’s proposal, then the contract is unchanged, the proposal is kept as declined and the buyer can propose again', async () => {
    const id = await activeContract(h);
    await propose('greve', id, {
      effectiveFrom: '2026-04-01',
      reason: REASON,
      changes: { endDate: '2026-12-31' },
    });
    const declined = await decide('supplier', id, 1, { decision: 'decline', comment: 'Nej tak' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'active', version: 1, amendments: [] });
    expect(declined.body.endDate).toBeUndefined();
    expect(declined.body.amendmentProposals[0]).toMatchObject({
      status: 'declined',
      decision: { comment: 'Nej tak' },
    });
    expectLetter(
      await mailWith(`Forslag til tillæg er afvist nr. 1 til standardkontrakt ${id}`),
      GREVE,
      SOLHAVEN,
    );
    const again = await propose('greve', id, {
      effectiveFrom: '2026-04-01',
      reason: 'Andet forslag',
      changes: { endDate: '2027-06-30' },
    });
    expect(again.status).toBe(201);
    expect(again.body.amendmentProposals.map((p) => [p.number, p.status])).toEqual([
      [1, 'declined'],
      [2, 'pending'],
    ]);
  });

  it('When a proposal is made on a contract that is not running, by a stranger, with an unknown field or a day before the start, then it is refused naming the field', async () => {
    const drafted = await answer<{ contract: ContractView }>(
      as(h, 'service').post('/internal/contracts/drafts', basisFactory()),
    );
    const draftId = drafted.body.contract.id;
    const valid = { effectiveFrom: '2026-04-01', reason: 'x', changes: { endDate: '2027-01-31' } };
    expect((await propose('greve', draftId, valid)).status).toBe(409);

    const id = await activeContract(h, { startDate: '2025-03-01' });
    // Another municipality cannot tell the contract exists; the paying one may read, not act.
    expect((await propose('roskilde', id, valid)).status).toBe(404);
    const unknown = await propose('greve', id, { ...valid, changes: { paymentDays: 60 } });
    expect(unknown.status).toBe(400);
    expect(problemOf(unknown).errors.map((e) => e.field)).toContain('body.changes');
    const none = await propose('greve', id, { ...valid, changes: {} });
    expect(none.status).toBe(400);
    const early = await propose('greve', id, { ...valid, effectiveFrom: '2025-01-01' });
    expect(early.status).toBe(422);
    expect(problemOf(early).errors).toEqual([
      expect.objectContaining({ field: 'body.effectiveFrom', code: 'before-start' }),
    ]);
    const read = await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
    expect(read.body.amendmentProposals).toEqual([]);
  });
});

describe('answers at the same moment', () => {
  it('When the supplier answers one proposal four times at once (accept and decline), then exactly one answer stands, with one letter, and two proposals at once make one', async () => {
    const id = await activeContract(h);
    const twice = await Promise.all(
      [0, 1].map(() =>
        propose('greve', id, {
          effectiveFrom: '2026-04-01',
          reason: 'Samtidigt',
          changes: { endDate: '2027-01-31' },
        }),
      ),
    );
    expect(twice.map((r) => r.status).sort()).toEqual([201, 409]);
    const answers = await Promise.all(
      ['accept', 'decline', 'accept', 'decline'].map((decision) =>
        decide('supplier', id, 1, { decision }),
      ),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(3);
    const read = await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
    const decided = read.body.amendmentProposals;
    expect(decided).toHaveLength(1);
    expect(read.body.amendments).toHaveLength(decided[0]!.status === 'accepted' ? 1 : 0);
    expect(read.body.letters.filter((l) => l.kind?.startsWith('amendment-'))).toHaveLength(2);
  });
});

describe('the API description', () => {
  it('When the OpenAPI document is read, then both routes are in it with their bodies and refusals', async () => {
    const doc = (await (await fetch(`${h.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        { post?: { requestBody?: unknown; responses: Record<string, unknown> } }
      >;
    };
    const propose = doc.paths['/contracts/{id}/amendment-proposals']?.post;
    const decision = doc.paths['/contracts/{id}/amendment-proposals/{number}/decision']?.post;
    expect(propose?.requestBody).toBeDefined();
    expect(Object.keys(propose?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '403', '404', '409', '422']),
    );
    expect(decision?.requestBody).toBeDefined();
    expect(Object.keys(decision?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '403', '404', '409']),
    );
  });
});
