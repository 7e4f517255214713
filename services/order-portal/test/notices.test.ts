import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { noticeModel } from '../src/notices-to-people/notice.model';
import { json, type OrderView, type SentRequests } from './support/json';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from './support/order-factories';
import { startTestPortal, type TestPortal } from './support/start-portal';
import { sessionCookies } from './support/session-cookie';

/** "Beskeder": people told what needs them (issue 15), per organisation and role. */
let idp: LocalIdentityProvider;
let portal: TestPortal;
const WHO = {
  greve: party('caseworkerGreve', { userId: 'cw-greve' }),
  koege: party('caseworkerKoege', { userId: 'cw-koege' }),
  roskilde: party('caseworkerRoskilde', { userId: 'cw-roskilde' }),
  supplierA: party('supplierA', { userId: 'sup-a' }),
  supplierB: party('supplierB', { userId: 'sup-b' }),
  municipalSupplier: party('supplierRoskilde', { userId: 'sup-r' }),
};
type Who = keyof typeof WHO;
const tokens = {} as Record<Who, string>;
let cookies = {} as Record<Who, string>;

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_notices'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
  });
  const db = portal.runtime.db;
  await makeMunicipalities(db, [253, 259, 265]);
  for (const cvr of ['11111111', '22222222'])
    await makeOrganisation(db, { _id: `cvr-${cvr}`, kind: 'private', name: `Udbyder ${cvr}`, cvr });
  await makeOffer(db, 'public-1', { operator: { kind: 'municipal', organisationId: 'mun-265' } });
  await makeOffer(db, 'private-1', {
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
  });
  await makeOffer(db, 'private-2', {
    operator: { kind: 'private', organisationId: 'cvr-22222222' },
  });
  for (const [who, actor] of Object.entries(WHO) as [Who, (typeof WHO)[Who]][])
    tokens[who] = await idp.issue(actor);
  cookies = await sessionCookies(portal, tokens);
});
afterAll(() => portal.close());

const api = (who: Who) => ({
  post: (path: string, body: object = {}) =>
    request(portal.http.url).post(path).set(bearer(tokens[who])).send(body),
});
const pageAs = (who: Who, path = '/beskeder') =>
  request(portal.http.url).get(path).set('cookie', cookies[who]);
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** An order of Greve's with requests out to every offer; the request id per offer. */
async function requestsOut(): Promise<{ orderId: string; req: Record<string, string> }> {
  const created = await api('greve').post(
    '/api/orders',
    orderBody({ citizen: { cpr: undefined } }),
  );
  const orderId = json<OrderView>(created).id;
  await api('greve').post(`/api/orders/${orderId}/search`);
  const sent = await api('greve').post(`/api/orders/${orderId}/requests`, { all: true });
  expect(sent.status).toBe(201);
  const req = Object.fromEntries(
    json<SentRequests>(sent).sent.map((s: { offerId: string; requestId: string }) => [
      s.offerId,
      s.requestId,
    ]),
  );
  return { orderId, req };
}

describe('notices to people (Beskeder)', () => {
  it('When a case worker sends requests, then each supplier organisation is told of its own request only, with no word about the citizen', async () => {
    const { orderId, req } = await requestsOut();
    const a = await pageAs('supplierA');
    expect(a.status).toBe(200);
    expect(a.text).toContain(`href="/leverandoer/forespoergsler/${req['private-1']}"`);
    expect(a.text).toContain('Ny forespørgsel på en plads');
    expect(a.text).not.toContain(req['private-2']);
    expect(a.text).not.toContain(req['public-1']);
    expect(a.text).not.toContain('Borger A-17');
    const b = await pageAs('supplierB');
    expect(b.text).toContain(req['private-2']);
    expect(b.text).not.toContain(req['private-1']);
    // The municipal supplier unit of Roskilde is told; Roskilde's case workers are not.
    expect((await pageAs('municipalSupplier')).text).toContain(req['public-1']);
    expect((await pageAs('roskilde')).text).not.toContain(orderId);
    const stored = await noticeModel(portal.runtime.db).find({ 'refs.orderId': orderId }).lean();
    expect(stored).toHaveLength(3);
    expect(JSON.stringify(stored)).not.toMatch(/Borger A-17|0101901234/);
  });

  it('When a supplier answers, then the ordering municipality is told once, with a link to the order, and no other municipality', async () => {
    const { orderId, req } = await requestsOut();
    const answered = await api('supplierA').post(`/api/requests/${req['private-1']}/answer`, {
      kind: 'offer',
      dailyPriceOre: 210_000,
      possibleStart: '2027-01-15',
    });
    expect(answered.status).toBe(200);
    const greve = await pageAs('greve');
    expect(greve.text).toContain(`href="/bestillinger/${orderId}"`);
    expect(greve.text).toContain('En leverandør har svaret på en forespørgsel');
    expect((await pageAs('koege')).text).not.toContain(orderId);
    const notices = noticeModel(portal.runtime.db);
    expect(await notices.countDocuments({ kind: 'answer_received', 'refs.orderId': orderId })).toBe(
      1,
    );
  });

  it('When the same act is told again (a retry), then no second notice is written', async () => {
    const { orderId, req } = await requestsOut();
    const { noticeRequestsSent } = await import('../src/notices-to-people/notices.use-case');
    const { NoticeRepository } = await import('../src/notices-to-people/notice.repository');
    const deps = {
      notices: new NoticeRepository(portal.runtime.db),
      logger: portal.runtime.logger,
      now: () => new Date(),
    };
    await noticeRequestsSent(deps, orderId, [
      { requestId: req['private-1']!, supplierOrganisationId: 'cvr-11111111' },
    ]);
    expect(
      await noticeModel(portal.runtime.db).countDocuments({ 'refs.requestId': req['private-1'] }),
    ).toBe(1);
  });

  it('When a supplier marks a notice as read, then the header count goes down by one, the notice says when it was read, and another supplier cannot mark it', async () => {
    const { req } = await requestsOut();
    const id = `request-new.${req['private-1']}`;
    const before = await pageAs('supplierA');
    const count = (html: string) => Number(/Beskeder \((\d+)\)/.exec(html)?.[1] ?? 0);
    const unread = count(before.text);
    expect(unread).toBeGreaterThan(0);

    const other = await pageAs('supplierB');
    const refused = await request(portal.http.url)
      .post(`/beskeder/${id}/laest`)
      .set('cookie', cookies.supplierB)
      .type('form')
      .send({ _csrf: csrfOf(other.text) });
    expect(refused.status).toBe(404);
    expect(refused.text).not.toContain(req['private-1']);

    const marked = await request(portal.http.url)
      .post(`/beskeder/${id}/laest`)
      .set('cookie', cookies.supplierA)
      .type('form')
      .send({ _csrf: csrfOf(before.text) });
    expect(marked.status).toBe(303);
    expect(marked.headers.location).toBe('/beskeder?besked=laest');
    const after = await pageAs('supplierA', '/beskeder?besked=laest');
    expect(count(after.text)).toBe(unread - 1);
    expect(after.text).toContain('Beskeden er markeret som læst.');
    expect(after.text).toMatch(/Læst \d{1,2}\. \S+ \d{4}/);
  });

  it('When a notice id is not a notice id, then the answer is the Danish 400 page, not a fault', async () => {
    const page = await pageAs('supplierA');
    const res = await request(portal.http.url)
      .post('/beskeder/<script>/laest')
      .set('cookie', cookies.supplierA)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect([400, 404]).toContain(res.status);
    expect(res.type).toBe('text/html');
  });
  it('When the deadline of requests passes, then the sweeper tells the case workers of the order once, and no other municipality', async () => {
    const { orderId } = await requestsOut();
    const { expireRequestsAndTell } = await import('../src/notices-to-people/notices.use-case');
    const { NoticeRepository } = await import('../src/notices-to-people/notice.repository');
    const { OrderRepository } = await import('../src/orders/order.repository');
    const { crossTenant } = await import('@rammeaftale/db');
    const deps = {
      orders: new OrderRepository(portal.runtime.db),
      notices: new NoticeRepository(portal.runtime.db),
      logger: portal.runtime.logger,
      now: () => new Date(),
    };
    const sweeper = crossTenant('the test sweeps every order as the housekeeping does');
    const later = new Date(Date.now() + 72 * 3600_000);
    expect(await expireRequestsAndTell(deps, sweeper, later)).toBeGreaterThan(0);
    await expireRequestsAndTell(deps, sweeper, later);
    const told = await noticeModel(portal.runtime.db)
      .find({ kind: 'deadline_passed', 'refs.orderId': orderId })
      .lean();
    expect(told).toHaveLength(1);
    expect(told[0]!.recipient).toEqual({ organisationId: 'mun-253', role: 'caseworker' });
    const greve = await pageAs('greve');
    expect(greve.text).toContain('Svarfristen for en forespørgsel er udløbet');
    expect(greve.text).toContain(`href="/bestillinger/${orderId}"`);
    expect((await pageAs('koege')).text).not.toContain(orderId);
  });
});
