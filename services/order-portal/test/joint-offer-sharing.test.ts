import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { orderModel } from '../src/orders/order.model';
import { json, type OrderView, type SharedOfferCheckView } from './support/json';
import { startTestPortal, type TestPortal } from './support/start-portal';
import { makeMunicipalities, makeOffer, orderBody } from './support/order-factories';

/**
 * Joint-offer interest (fælles tilbud) in the tenant matrix's terms: the order's own municipality
 * owns it; other municipalities may take interest only once it is opened for sharing (its search
 * started, not closed). Before that, they are intruders: 404 exactly as for an order that does not
 * exist, and nothing is written.
 */
let idp: LocalIdentityProvider;
let portal: TestPortal;

const WHO = {
  greve: party('caseworkerGreve', { userId: 'cw-greve' }),
  koege: party('caseworkerKoege', { userId: 'cw-koege' }),
  roskilde: party('caseworkerRoskilde', { userId: 'cw-roskilde' }),
};
type Who = keyof typeof WHO;
const OTHERS: Who[] = ['koege', 'roskilde'];
const tokens = {} as Record<Who, string>;
const api = () => request(portal.http.url);
const as = (who: Who) => bearer(tokens[who]);

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_joint'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
  });
  await makeMunicipalities(portal.runtime.db, [253, 259, 265]);
  await makeOffer(portal.runtime.db, 'public-1');
  for (const who of Object.keys(WHO) as Who[]) tokens[who] = await idp.issue(WHO[who]);
});
afterAll(() => portal.close());

async function greveOrder(): Promise<string> {
  const res = await api().post('/api/orders').set(as('greve')).send(orderBody());
  expect(res.status).toBe(201);
  return json<OrderView>(res).id;
}
const interest = (who: Who, id: string) =>
  api()
    .post(`/api/orders/${id}/joint-offer-interest`)
    .set(as(who))
    .send({ note: 'Vi har en lignende borger' });
const stored = async (id: string) => {
  const d = await orderModel(portal.runtime.db).findById(id).lean();
  return { revision: d?.revision, interests: d?.interests ?? [], status: d?.status };
};
/** What a caller learns from a refusal: status and body, without the per-request parts. */
const seen = (res: request.Response) => ({
  status: res.status,
  type: res.type,
  title: (res.body as { title?: string }).title,
  detail: (res.body as { detail?: string }).detail,
});
/** Another municipality's own order, from which it runs the shared-offer check. */
async function listedFor(who: Who): Promise<string[]> {
  const own = await api()
    .post('/api/orders')
    .set(as(who))
    .send(orderBody({ payingMunicipalityCode: who === 'koege' ? 259 : 265 }));
  const id = json<OrderView>(own).id;
  const check = await api().get(`/api/orders/${id}/shared-offer-check`).set(as(who));
  expect(check.status).toBe(200);
  return json<SharedOfferCheckView>(check).openOrders.map((o: { orderId: string }) => o.orderId);
}

describe('joint-offer interest: only orders opened for sharing', () => {
  it("When another municipality takes interest in Greve's draft, then 404 as for no order at all, nothing is written, and the check does not list it", async () => {
    const draft = await greveOrder();
    const before = await stored(draft);
    const missing = seen(await interest('koege', 'ord-aaaaaaaaaaaaaaaaaaaaaaaa'));
    expect(missing.status).toBe(404);
    for (const who of OTHERS) {
      const res = await interest(who, draft);
      expect(seen(res)).toEqual(missing);
      expect(await listedFor(who)).not.toContain(draft);
    }
    expect(await stored(draft)).toEqual(before);
    expect(before.status).toBe('draft');
  });

  it('When Greve starts the search, then the order is opened for sharing: others see it and may take interest once each', async () => {
    const id = await greveOrder();
    expect((await api().post(`/api/orders/${id}/search`).set(as('greve'))).status).toBe(200);
    for (const who of OTHERS) {
      expect(await listedFor(who)).toContain(id);
      expect((await interest(who, id)).status).toBe(201);
    }
    expect((await stored(id)).interests.map((i) => i.organisationId)).toEqual([
      'mun-259',
      'mun-265',
    ]);
    // Its own municipality is not an interested party of its own order: the same 404.
    expect((await interest('greve', id)).status).toBe(404);
  });

  it('When the order is closed (cancelled), then it is no longer open: 404 and nothing written', async () => {
    const id = await greveOrder();
    expect((await api().post(`/api/orders/${id}/search`).set(as('greve'))).status).toBe(200);
    const cancel = await api()
      .post(`/api/orders/${id}/cancellation`)
      .set(as('greve'))
      .send({ reason: 'Borgeren er flyttet' });
    expect(cancel.status).toBeLessThan(300);
    const before = await stored(id);
    for (const who of OTHERS) expect((await interest(who, id)).status).toBe(404);
    expect(await stored(id)).toEqual(before);
  });
});
