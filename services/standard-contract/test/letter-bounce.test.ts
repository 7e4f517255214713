/**
 * A contract letter that bounces — the supplier's mail server refuses it for good with a 5xx —
 * is flagged on the contract itself: the reconciler's follow-up reads the delivery back from the
 * real notifications worker, marks the letter failed with `bouncedAt`, and logs one alert line
 * naming the contract and its order. A delivered letter gets `deliveredAt` and is not asked again.
 */
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { freePort, startSmtpCatcher, until, type SmtpCatcher } from '@rammeaftale/testing';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support';
import {
  answer,
  as,
  basisFactory,
  startContracts,
  type ContractView,
  type ContractsHarness,
} from './support';

let idp: LocalIdentityProvider;
let smtp: SmtpCatcher;
let notifications: NotificationsHarness;
let h: ContractsHarness;

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  smtp = await startSmtpCatcher();
  const port = await freePort();
  notifications = await startNotifications({ name: 'tn_sc_bounce', idp, smtp, port });
  h = await startContracts({ idp, env: { TARIFF_NOTIFICATIONS_URL: `http://127.0.0.1:${port}` } });
});
afterAll(async () => {
  await h.svc.close();
  await notifications.close();
  await smtp.close();
});

async function sentContract(supplierEmail: string): Promise<string> {
  const basis = basisFactory();
  basis.supplier.contact.email = supplierEmail;
  expect((await as(h, 'service').post('/internal/contracts/drafts', basis)).status).toBe(201);
  const id = `c-${basis.orderId}`;
  expect((await as(h, 'greve').post(`/contracts/${id}/send`)).status).toBe(200);
  return id;
}

const letterOf = async (id: string) =>
  (await answer<ContractView>(as(h, 'greve').get(`/contracts/${id}`))).body.letters[0]!;

/** The reconciler's passes until the letter's delivery is known. */
const followed = (id: string) =>
  until(
    async () => {
      await h.svc.reconcileLettersNow();
      return letterOf(id);
    },
    (l) => l.status === 'failed' || l.deliveredAt !== undefined,
    15_000,
    200,
  );

describe('contract letters that bounce', () => {
  it('When the supplier’s mail server refuses the contract letter with 550, then the letter is flagged failed and bounced on the contract, with one alert line', async () => {
    smtp.failRecipient((a) => a === 'afvist@solhaven.test');
    const id = await sentContract('afvist@solhaven.test');
    const letter = await followed(id);
    expect(letter).toMatchObject({ status: 'failed', key: `contract-letter:${id}:v1` });
    expect(letter.bouncedAt).toBeDefined();
    const alerts = h.log.lines().filter((l) => l.alert === 'contract-letter-bounced');
    expect(alerts).toEqual([expect.objectContaining({ contractId: id, level: 50 })]);
    expect(JSON.stringify(alerts)).not.toContain('afvist@solhaven.test');
    // Asked no more: a second pass changes nothing and logs nothing new.
    await h.svc.reconcileLettersNow();
    expect(h.log.lines().filter((l) => l.alert === 'contract-letter-bounced')).toHaveLength(1);
  });

  it('When the contract letter is delivered, then the letter records when, and no alert', async () => {
    smtp.failRecipient(null);
    const id = await sentContract('kontrakt@solhaven.test');
    const letter = await followed(id);
    expect(letter.status).toBe('accepted');
    expect(letter.deliveredAt).toBeDefined();
    expect(letter.bouncedAt).toBeUndefined();
    expect(h.log.lines().filter((l) => l.alert !== undefined && l.contractId === id)).toEqual([]);
  });
});
