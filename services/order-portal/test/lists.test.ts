import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { newId } from '../src/orders/ids';
import type { PlacementRequestDoc } from '../src/orders/order.model';
import { json, type OrderView, type Problem, type SupplierRequestView } from './support/json';
import { makeMunicipalities, orderBody } from './support/order-factories';
import { orderAt } from './support/placed-order';
import { startTestPortal, type TestPortal } from './support/start-portal';

/** The long lists: a municipality's orders and a supplier's requests, searched and paged. */
let idp: LocalIdentityProvider;
let portal: TestPortal;
const WHO = {
  greve: party('caseworkerGreve', { userId: 'cw-greve' }),
  koege: party('caseworkerKoege', { userId: 'cw-koege' }),
  supplierA: party('supplierA', { userId: 'sup-a' }),
  supplierB: party('supplierB', { userId: 'sup-b' }),
};
type Who = keyof typeof WHO;
const tokens = {} as Record<Who, string>;
const greveIds: string[] = [];
const requestIds: string[] = [];

interface Paged<T> {
  items: T[];
  count: number;
  nextCursor?: string;
}
const get = (who: Who, path: string) => request(portal.http.url).get(path).set(bearer(tokens[who]));

/** Every page of a list, following nextCursor. */
async function allPages<T>(who: Who, path: string): Promise<{ pages: Paged<T>[]; items: T[] }> {
  const pages: Paged<T>[] = [];
  let cursor: string | undefined;
  do {
    const res = await get(who, `${path}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    pages.push(json<Paged<T>>(res));
    cursor = pages.at(-1)!.nextCursor;
  } while (cursor && pages.length < 20);
  return { pages, items: pages.flatMap((p) => p.items) };
}

const supplierRequest = (i: number, supplier: string): PlacementRequestDoc => ({
  requestId: newId('req'),
  offerId: `offer-${i}`,
  offerName: i % 2 ? `Bostedet Lyngen ${i}` : `Hjemmet Skoven ${i}`,
  supplierOrganisationId: supplier,
  tier: 'private',
  sentAt: new Date(Date.UTC(2026, 0, 1 + (i % 3))),
  deadline: new Date(Date.UTC(2026, 0, 10)),
  status: i < 3 ? 'open' : 'declined',
});

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_lists'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
  });
  await makeMunicipalities(portal.runtime.db, [253, 259]);
  for (const [who, actor] of Object.entries(WHO) as [Who, (typeof WHO)[Who]][])
    tokens[who] = await idp.issue(actor);
  const create = async (who: Who, reference: string, targetGroup = 'autisme') => {
    const res = await request(portal.http.url)
      .post('/api/orders')
      .set(bearer(tokens[who]))
      .send(
        orderBody({
          payingMunicipalityCode: who === 'koege' ? 259 : 253,
          citizen: { reference, cpr: undefined },
          need: { targetGroup },
        }),
      );
    expect(res.status).toBe(201);
    return json<OrderView>(res).id;
  };
  for (let i = 0; i < 7; i++)
    greveIds.push(await create('greve', `Sag GR-${i}`, i < 2 ? 'socialpsykiatri' : 'autisme'));
  await create('koege', 'Sag KO-1');
  // Seven requests to supplier A over five orders (two orders hold two each), one to supplier B.
  for (let i = 0; i < 5; i++) {
    const requests = [supplierRequest(i, 'cvr-11111111')];
    if (i < 2) requests.push(supplierRequest(i + 5, 'cvr-11111111'));
    if (i === 4) requests.push(supplierRequest(9, 'cvr-22222222'));
    requestIds.push(
      ...requests
        .filter((r) => r.supplierOrganisationId === 'cvr-11111111')
        .map((r) => r.requestId),
    );
    await orderAt(portal.runtime.db, greveIds[i]!, 'requested', { requests, selection: undefined });
  }
});
afterAll(() => portal.close());

describe('the list of orders', () => {
  it('When Greve pages through its orders three at a time, then every order comes once, newest first, with the count on each page, and none of Køge', async () => {
    const { pages, items } = await allPages<OrderView>('greve', '/api/orders?limit=3');
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
    expect(pages.every((p) => p.count === 7)).toBe(true);
    expect(pages.at(-1)!.nextCursor).toBeUndefined();
    expect(items.map((o) => o.id).sort()).toEqual([...greveIds].sort());
    const created = items.map((o) => new Date(o.createdAt).getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('When searching by part of the reference and filtering by target group and status, then only matching orders are counted and shown', async () => {
    const byRef = json<Paged<OrderView>>(await get('greve', '/api/orders?q=gr-3'));
    expect(byRef).toMatchObject({ count: 1, items: [{ id: greveIds[3] }] });
    const byGroup = json<Paged<OrderView>>(
      await get('greve', '/api/orders?targetGroup=socialpsykiatri'),
    );
    expect(byGroup.items.map((o) => o.id).sort()).toEqual([greveIds[0], greveIds[1]].sort());
    const byStatus = json<Paged<OrderView>>(await get('greve', '/api/orders?status=draft'));
    expect(byStatus.count).toBe(2);
    const regex = json<Paged<OrderView>>(
      await get('greve', `/api/orders?q=${encodeURIComponent('.*')}`),
    );
    expect(regex.count).toBe(0);
  });

  it('When the cursor is not one the list handed out, or the limit is above 200, then 400 names the parameter', async () => {
    const bad = await get('greve', '/api/orders?cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(400);
    expect(json<Problem>(bad).errors[0]).toMatchObject({
      field: 'query.cursor',
      code: 'invalid_cursor',
    });
    const big = await get('greve', '/api/orders?limit=201');
    expect(big.status).toBe(400);
    expect(json<Problem>(big).errors[0]!.field).toBe('query.limit');
  });

  it('When the OpenAPI document is read, then both lists document limit and cursor', async () => {
    const doc = json<{ paths: Record<string, { get: { parameters: { name: string }[] } }> }>(
      await request(portal.http.url).get('/openapi.json'),
    );
    for (const path of ['/api/orders', '/api/requests'])
      expect(doc.paths[path]!.get.parameters.map((p) => p.name)).toEqual(
        expect.arrayContaining(['limit', 'cursor', 'q', 'status']),
      );
  });
});

describe("the list of a supplier's requests", () => {
  it('When supplier A pages through its requests, then each of its seven requests comes once, newest sent first, and none of supplier B', async () => {
    const { pages, items } = await allPages<SupplierRequestView>(
      'supplierA',
      '/api/requests?limit=2',
    );
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 2, 1]);
    expect(pages.every((p) => p.count === 7)).toBe(true);
    expect(items.map((r) => r.requestId).sort()).toEqual([...requestIds].sort());
    const sent = items.map((r) => new Date(r.sentAt).getTime());
    expect(sent).toEqual([...sent].sort((a, b) => b - a));
    expect(JSON.stringify(items)).not.toContain('Sag GR');
    const b = json<Paged<SupplierRequestView>>(await get('supplierB', '/api/requests'));
    expect(b).toMatchObject({ count: 1, items: [{ offerId: 'offer-9' }] });
  });

  it('When the supplier filters by status and searches the offer name, then only those requests are counted and shown', async () => {
    const open = json<Paged<SupplierRequestView>>(
      await get('supplierA', '/api/requests?status=open'),
    );
    expect(open.count).toBe(3);
    expect(open.items.every((r) => r.status === 'open')).toBe(true);
    const named = json<Paged<SupplierRequestView>>(
      await get('supplierA', '/api/requests?q=lyngen&status=declined'),
    );
    expect(named.items.map((r) => r.offerName).sort()).toEqual([
      'Bostedet Lyngen 3',
      'Bostedet Lyngen 5',
    ]);
  });
});
