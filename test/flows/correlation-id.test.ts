/**
 * One correlation id across the suite (issue 17, traces): a person's request in the portal names
 * its id (`X-Request-Id`), the portal calls the contracts service with it, the contracts service
 * hands the contract letter to the notifications service with it, and the notifications worker
 * sends the letter as a job under it — so the request's log line in each service and the worker's
 * line of the job carry the same id. An id that could be a CPR number is never taken.
 */
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { newOpaqueId } from '@rammeaftale/logging';
import { bearer, uniqueName, until, type LogLine, type TestLogger } from '@rammeaftale/testing';
import { sessionCookie } from '@rammeaftale/order-portal/test/support/session-cookie';
import {
  startTestPortal,
  type TestPortal,
} from '@rammeaftale/order-portal/test/support/start-portal';
import { basisFactory } from '@rammeaftale/standard-contract/test/support';
import {
  startContracts,
  type ContractsHarness,
} from '@rammeaftale/standard-contract/test/support/start-contracts';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support/start-notifications';

jest.setTimeout(120_000);

const SUPPLIER_MAIL = basisFactory().supplier.contact.email;

let idp: LocalIdentityProvider;
let notifications: NotificationsHarness;
let contracts: ContractsHarness;
let portal: TestPortal;
/** The case worker's portal session and its CSRF token. */
const greve = { cookie: '', csrf: '' };

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  notifications = await startNotifications({ name: uniqueName('e2e_trace_tn'), idp });
  contracts = await startContracts({
    idp,
    env: { TARIFF_NOTIFICATIONS_URL: notifications.url },
  });
  portal = await startTestPortal(uniqueName('e2e_trace_op'), {
    verifier: idp.verifier,
    env: { STANDARD_CONTRACT_URL: contracts.url, TARIFF_NOTIFICATIONS_URL: notifications.url },
  });
  greve.cookie = await sessionCookie(portal, contracts.tokens.greve);
  const html = (await request(portal.http.url).get('/kontrakter').set('cookie', greve.cookie)).text;
  greve.csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  if (!greve.csrf) throw new Error('no CSRF token for the case worker');
});

afterAll(async () => {
  await portal?.close();
  await contracts?.svc.close();
  await notifications?.close();
});

/** A draft contract at the contracts service, as the portal's outbox would have it drafted. */
async function draftContract(): Promise<string> {
  const res = await request(contracts.url)
    .post('/internal/contracts/drafts')
    .set(bearer(contracts.tokens.service))
    .send(basisFactory());
  expect(res.status).toBe(201);
  return (res.body as { contract: { id: string } }).contract.id;
}

const carrying = (log: TestLogger, id: string, msg: string): LogLine[] =>
  log.withMessage(msg).filter((l) => l.correlationId === id);

it('When a case worker sends a contract on the portal page with a request id, then the portal, the contracts service and the notifications worker log that one id', async () => {
  const contractId = await draftContract();
  const id = `trace-${newOpaqueId()}`;

  const sent = await request(portal.http.url)
    .post(`/kontrakter/${contractId}/send`)
    .set('cookie', greve.cookie)
    .set('x-request-id', id)
    .type('form')
    .send({ _csrf: greve.csrf });
  expect([sent.status, sent.headers['x-request-id']]).toEqual([303, id]);
  const [mail] = await notifications.smtp.waitFor(1, 30_000);
  expect(mail?.envelopeTo).toEqual([SUPPLIER_MAIL]);

  const sentLine = await until(
    () => Promise.resolve(carrying(notifications.log, id, 'letter sent')[0]),
    (l) => l !== undefined,
    30_000,
  );
  // The portal's request line, and no other request there under this id.
  expect(carrying(portal.log, id, 'request')).toEqual([
    expect.objectContaining({ method: 'POST', status: 303 }),
  ]);
  // The contracts service's line of the portal's call, and of the letter it handed over.
  expect(carrying(contracts.log, id, 'request')).toEqual([
    expect.objectContaining({ method: 'POST', status: 200 }),
  ]);
  expect(carrying(contracts.log, id, 'contract letter handed to notifications')).toEqual([
    expect.objectContaining({ contractId }),
  ]);
  // The notifications service's `POST /letters`, and the worker's line of the job that sent it.
  expect(carrying(notifications.log, id, 'request')).toEqual([
    expect.objectContaining({ method: 'POST', route: '/letters', status: 202 }),
  ]);
  expect(sentLine).toMatchObject({ queue: 'letters', kind: 'contract-letter' });
  expect(typeof sentLine?.jobId).toBe('string');
  expect(sentLine?.jobId).not.toBe(id);
  console.log(
    `correlation id ${id}: portal ${carrying(portal.log, id, 'request').length} line(s), contracts ` +
      `${contracts.log.lines().filter((l) => l.correlationId === id).length}, notifications ` +
      `${notifications.log.lines().filter((l) => l.correlationId === id).length}`,
  );
});

it('When the request id could be a CPR number, then the portal makes its own and the number reaches no service', async () => {
  const cprShaped = '010190-1234';
  const page = await request(portal.http.url)
    .get('/kontrakter')
    .set('cookie', greve.cookie)
    .set('x-request-id', cprShaped);
  expect(page.status).toBe(200);
  const own = String(page.headers['x-request-id']);
  expect(own).not.toBe(cprShaped);
  expect(carrying(portal.log, own, 'request')).toHaveLength(1);
  // The page listed the contracts at the contracts service under the portal's own id.
  expect(carrying(contracts.log, own, 'request')).toHaveLength(1);
  for (const log of [portal.log, contracts.log, notifications.log])
    expect(log.text()).not.toMatch(/010190-?1234/);
});
