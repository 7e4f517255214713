/**
 * The sweeper role on two replicas at once (issue 17), on one database: letters the notifications
 * service could not take when the contracts were sent are handed over by the letter reconciler
 * of one replica, once each, however many replicas sweep at the same moment.
 */
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { freePort, startSmtpCatcher, type SmtpCatcher } from '@rammeaftale/testing';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support';
import { answer, as, basisFactory, startContracts, type ContractView } from './support';
import type { ContractsHarness } from './support';

const CONTRACTS = 6;
let smtp: SmtpCatcher;
let notifications: NotificationsHarness | undefined;
let replicas: ContractsHarness[];
let port: number;

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  smtp = await startSmtpCatcher();
  // The notifications service is not there yet: the letters stay pending on the contracts.
  port = await freePort();
  const env = { TARIFF_NOTIFICATIONS_URL: `http://127.0.0.1:${port}` };
  const first = await startContracts({ idp, env });
  replicas = [first, await startContracts({ idp, env, replicaOf: first.prefix })];
  notifications = undefined;
}, 60_000);

afterAll(async () => {
  await Promise.all((replicas ?? []).map((r) => r.svc.close()));
  await notifications?.close();
  await smtp?.close();
});

it('When two replicas run the letter reconciler at the same moment, then each pending letter is handed over once', async () => {
  const [a, b] = replicas as [ContractsHarness, ContractsHarness];
  const ids: string[] = [];
  for (let i = 0; i < CONTRACTS; i++) {
    const basis = basisFactory();
    expect((await as(a, 'service').post('/internal/contracts/drafts', basis)).status).toBe(201);
    const id = `c-${basis.orderId}`;
    expect((await as(a, 'greve').post(`/contracts/${id}/send`)).status).toBe(200);
    ids.push(id);
  }
  const letters = async () =>
    Promise.all(
      ids.map(
        async (id) => (await answer<ContractView>(as(b, 'greve').get(`/contracts/${id}`))).body,
      ),
    );
  expect((await letters()).map((c) => c.letters[0]?.status)).toEqual(ids.map(() => 'pending'));

  notifications = await startNotifications({ name: 'tn_sc_sweepers', idp: a.idp, smtp, port });
  const accepted = await Promise.all([a, b].map((r) => r.svc.reconcileLettersNow()));
  console.log(`two sweepers: letters handed over ${accepted.join(' + ')} of ${CONTRACTS}`);
  expect(accepted[0]! + accepted[1]!).toBe(CONTRACTS);
  expect((await letters()).map((c) => c.letters[0]?.status)).not.toContain('pending');
  await smtp.waitFor(CONTRACTS, 30_000);
  await new Promise((r) => setTimeout(r, 1_000));
  const keys = smtp.messages.map((m) => m.headers.get('x-delivery-key') as string);
  expect(new Set(keys).size).toBe(CONTRACTS);
  expect(keys).toHaveLength(CONTRACTS);
});
