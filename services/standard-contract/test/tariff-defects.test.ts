/**
 * The holes issue 15 found in the tariff decisions, one test each (each failed on the code before
 * its fix): a change dated before a later one already in force, the supplier told nothing of a
 * decision, a future price shown as the price, deadlines after the change takes effect, and the
 * report to the authority without the paying municipality. Letters go through the real
 * notifications worker to a real SMTP server.
 */
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { startSmtpCatcher, type CapturedMail, type SmtpCatcher } from '@rammeaftale/testing';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support';
import {
  MUNICIPALITIES,
  POLICY_2025,
  POLICY_2026,
  activeContract,
  answer,
  as,
  offerId,
  problemOf,
  startContracts,
  until,
  type Announced,
  type ContractView,
  type ContractsHarness,
  type TariffChangeView,
} from './support';

jest.setTimeout(120_000);

let h: ContractsHarness;
let smtp: SmtpCatcher;
let notifications: NotificationsHarness;

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  smtp = await startSmtpCatcher();
  notifications = await startNotifications({ name: 'tn_defects', idp, smtp });
  h = await startContracts({ env: { TARIFF_NOTIFICATIONS_URL: notifications.url }, idp });
  h.portal.setPolicies([POLICY_2025, POLICY_2026]);
});

afterAll(async () => {
  await h.svc.close();
  await notifications.close();
  await smtp.close();
});

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

const announce = (body: { offerId: string; effectiveFrom: string; dailyBasisTariffOre: number }) =>
  answer<Announced>(
    as(h, 'supplier').post('/tariff-changes', { reason: 'Nye overenskomster', ...body }),
  );

async function mailWithSubject(start: string): Promise<CapturedMail[]> {
  return until(
    () => Promise.resolve(smtp.messages.filter((m) => m.subject?.startsWith(start))),
    (found) => found.length > 0,
    15_000,
  );
}

describe('a change dated before a later change already in force', () => {
  it('When the supplier announces it, then it is refused (422 later-price-in-force): nothing is decided, reported or sent', async () => {
    const offer = offerId('later');
    const id = await activeContract(h, { offer: { offerId: offer }, dailyBasisTariffOre: 100_000 });
    const later = await announce({
      offerId: offer,
      effectiveFrom: '2025-09-01',
      dailyBasisTariffOre: 103_000,
    });
    expect(later.status).toBe(201);
    const c = await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
    expect(c.body.priceHistory.map((p) => p.validFrom)).toEqual(['2025-03-01', '2025-09-01']);

    // 6 % above the price in force on 1 July: above P/L and above the private report threshold.
    const earlier = await as(h, 'supplier').post('/tariff-changes', {
      offerId: offer,
      effectiveFrom: '2025-07-01',
      dailyBasisTariffOre: 106_000,
      reason: 'Efterregulering',
    });
    expect(earlier.status).toBe(422);
    expect(problemOf(earlier).type).toContain('later-price-in-force');
    expect(problemOf(earlier).errors).toEqual([
      expect.objectContaining({ field: 'body.effectiveFrom', code: 'later-price-in-force' }),
    ]);
    const list = await answer<{ id: string; effectiveFrom: string }[]>(
      as(h, 'supplier').get('/tariff-changes'),
    );
    expect(list.body.filter((x) => x.effectiveFrom === '2025-07-01')).toEqual([]);
  });
});

describe("the buyer's decision is told to the supplier", () => {
  it.each([
    ['reject', 'afvist', 'Stigningen er ikke tilstrækkeligt begrundet'],
    ['approve', 'godkendt', 'Godkendt på baggrund af det nye beregningsgrundlag'],
  ] as const)(
    'When the buyer decides to %s an increase above P/L, then the supplier gets a letter naming the decision and the comment, answering to the municipality',
    async (decision, word, comment) => {
      const offer = offerId(`decide-${decision}`);
      await activeContract(h, { offer: { offerId: offer }, dailyBasisTariffOre: 100_000 });
      const announced = await announce({
        offerId: offer,
        effectiveFrom: '2025-08-01',
        dailyBasisTariffOre: 104_500,
      });
      const changeId = announced.body.change.id;
      const res = await as(h, 'greve').post(`/tariff-changes/${changeId}/decision`, {
        decision,
        comment,
      });
      expect(res.status).toBe(200);
      const mine = await until(
        () =>
          Promise.resolve(
            smtp.messages.filter(
              (m) => m.subject?.startsWith('Afgørelse') && m.text?.includes(changeId),
            ),
          ),
        (found) => found.length > 0,
        15_000,
      );
      expect(mine).toHaveLength(1);
      const letter = mine[0]!;
      expect(letter.envelopeTo).toEqual(['kontrakt@solhaven.test']);
      expect(letter.subject).toContain(word);
      expect(letter.text).toContain(`Greve Kommune har ${word} stigningen`);
      expect(letter.text).toContain(comment);
      expect(letter.headers.get('auto-submitted')).toBe('auto-generated');
      expect((letter.headers.get('reply-to') as { value: { address: string }[] }).value[0]).toEqual(
        expect.objectContaining({ address: 'myndighed@greve.test' }),
      );
      const change = await answer<TariffChangeView>(
        as(h, 'supplier').get(`/tariff-changes/${changeId}`),
      );
      expect(change.body.letters.filter((l) => l.kind === 'tariff-decision')).toHaveLength(1);
    },
  );
});

describe('the price in force and the next price', () => {
  it('When an amendment sets a price from a later day, then the contract shows the price in force today and the next price with its first day', async () => {
    const id = await activeContract(h, { dailyBasisTariffOre: 100_000 });
    const from = inDays(60);
    const amended = await as(h, 'greve').post(`/contracts/${id}/amendments`, {
      kind: 'price-change',
      effectiveFrom: from,
      dailyBasisTariffOre: 102_000,
    });
    expect(amended.status).toBe(201);
    const c = await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
    expect(c.body.priceInForce).toMatchObject({
      from: '2025-03-01',
      price: { dailyTotalOre: 100_000 },
    });
    expect(c.body.nextPrice).toMatchObject({ from, price: { dailyTotalOre: 102_000 } });
    h.advanceDays(61);
    try {
      const later = await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`));
      expect(later.body.priceInForce).toMatchObject({ from, price: { dailyTotalOre: 102_000 } });
      expect(later.body.nextPrice).toBeUndefined();
    } finally {
      h.advanceDays(-61);
    }
  });
});

describe('deadlines before the change takes effect', () => {
  // Defaults: 30 days to decide, 14 to justify. The buyer decides by the day before the change
  // takes effect; the supplier justifies by the buyer's deadline.
  it.each([
    [31, 30, 14],
    [30, 29, 14],
    [10, 9, 9],
    [1, 0, 0],
  ])(
    'When a change above P/L takes effect in %p days, then the buyer decides within %p days and the supplier justifies within %p',
    async (effectiveIn, approvalIn, justificationIn) => {
      const offer = offerId('deadline');
      await activeContract(h, { offer: { offerId: offer }, dailyBasisTariffOre: 100_000 });
      const res = await announce({
        offerId: offer,
        effectiveFrom: inDays(effectiveIn),
        dailyBasisTariffOre: 104_500,
      });
      expect(res.status).toBe(201);
      expect(res.body.change.approvalDeadline).toBe(inDays(approvalIn));
      expect(res.body.change.justificationDeadline).toBe(inDays(justificationIn));
    },
  );
});

describe('the report to the supervising authority', () => {
  it('When a reported contract is paid by another municipality, then the report and its letter name the paying municipality too', async () => {
    const offer = offerId('paying');
    await activeContract(h, {
      offer: { offerId: offer },
      dailyBasisTariffOre: 100_000,
      basis: { payingMunicipality: MUNICIPALITIES.koege },
    });
    const res = await announce({
      offerId: offer,
      effectiveFrom: '2025-08-01',
      dailyBasisTariffOre: 106_000,
    });
    const report = res.body.change.reports[0]!;
    expect(report.municipalities).toEqual([
      { organisationId: 'mun-253', name: 'Greve Kommune', role: 'buying' },
      { organisationId: 'mun-259', name: 'Køge Kommune', role: 'paying' },
    ]);
    const [mail] = await mailWithSubject('Indberetning af takststigning');
    expect(mail!.text).toContain('Greve Kommune (købende), Køge Kommune (betalende)');
  });
});
