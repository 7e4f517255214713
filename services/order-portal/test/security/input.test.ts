/**
 * Issue 16, input and tenants, against the real order portal (FerretDB, Redis): hostile input at
 * every API route, and bodies, queries and headers that try to choose the municipality, the
 * operator or the stored state themselves.
 */
import request from 'supertest';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import {
  bearer,
  bodyParserFindings,
  logLineFindings,
  prototypePollutionFindings,
  sendLogForgeries,
  tokensFor,
  undecodablePathFindings,
  uniqueName,
  type PartyName,
} from '@rammeaftale/testing';
import { json, type OrderView, type Problem } from '../support/json';
import { startTestPortal, type TestPortal } from '../support/start-portal';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from '../support/order-factories';
import { orderModel } from '../../src/orders/order.model';

jest.setTimeout(60_000);

/** JSON_BODY_LIMIT's default (packages/config), which the portal runs with here. */
const BODY_LIMIT = '100kb';
const OFFER = 'tp-900001';
const CAPACITY = { placesInOperation: 10, occupied: 8, free: 2, waitingList: 1 };

let portal: TestPortal;
let url: string;
let doc: unknown;
const WHO = [
  'caseworkerGreve',
  'caseworkerKoege',
  'supplierA',
  'supplierB',
  'secretariat',
  'contractsService',
] as const satisfies readonly PartyName[];
let t: Record<(typeof WHO)[number], string>;
const as = (who: (typeof WHO)[number]) => bearer(t[who]);
const roleFor = (op: string) =>
  as(
    op.includes('/internal/')
      ? 'contractsService'
      : op.includes('/api/requests') || op.includes('/capacity')
        ? 'supplierA'
        : op.includes('/api/orders')
          ? 'caseworkerGreve'
          : 'secretariat',
  );
const fields = (res: { body: unknown }) => ((res.body as Problem).errors ?? []).map((e) => e.field);

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_input'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
  });
  url = portal.http.url;
  const db = portal.runtime.db;
  await makeMunicipalities(db, [253, 259, 265]);
  await makeOrganisation(db, { _id: 'cvr-11111111', kind: 'private', name: 'Omsorg ApS' });
  await makeOffer(db, OFFER, { operator: { kind: 'private', organisationId: 'cvr-11111111' } });
  t = await tokensFor(idp, [...WHO]);
  doc = await (await fetch(`${url}/openapi.json`)).json();
});

afterAll(() => portal.close());

describe('hostile input against the order portal', () => {
  it('When a path id is percent-encoding that is not UTF-8 (/api/orders/%E6%F8), then every API route with an id answers 400 problem+json naming the parameter, and a page with an id answers a Danish 400 page', async () => {
    expect(await undecodablePathFindings({ baseUrl: url, doc, headers: roleFor })).toEqual([]);
    const res = await request(url).get('/api/orders/%E6%F8').set(as('caseworkerGreve'));
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['params.id']);
    const page = await request(url).get('/bestillinger/%E6%F8');
    expect(page.status).toBe(400);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('lang="da"');
  });

  it(`When JSON is nested 10,000 deep, a body is one byte over ${BODY_LIMIT} or a write has no Content-Type, then 400, 413 and 415 problem+json within 1 s`, async () => {
    for (const [method, path, who] of [
      ['post', '/api/orders', 'caseworkerGreve'],
      ['put', `/api/offers/${OFFER}/capacity`, 'supplierA'],
    ] as const)
      expect(
        await bodyParserFindings({
          baseUrl: url,
          method,
          path,
          headers: as(who),
          limit: BODY_LIMIT,
        }),
      ).toEqual([]);
  });

  it('When 1,000 bodies try to reach a prototype (__proto__, constructor.prototype), then each is refused and Object.prototype is unchanged', async () => {
    const before = await orderModel(portal.runtime.db).countDocuments();
    const findings = await prototypePollutionFindings({
      baseUrl: url,
      headers: roleFor,
      runs: 1000,
      operations: [
        { method: 'post', path: '/api/orders', valid: { ...orderBody() } },
        { method: 'put', path: `/api/offers/${OFFER}/capacity`, valid: CAPACITY },
      ],
    });
    expect(findings).toEqual([]);
    expect(await orderModel(portal.runtime.db).countDocuments()).toBe(before);
  });

  it('When CR, LF, ANSI escapes and a forged JSON line are sent in headers, paths, queries and bodies, then every log line stays one escaped JSON line', async () => {
    portal.log.clear();
    const { sent, findings } = await sendLogForgeries({ baseUrl: url, doc, headers: roleFor });
    expect(findings).toEqual([]);
    expect(portal.log.withMessage('request').length).toBeGreaterThanOrEqual(sent);
    expect(logLineFindings(portal.log.text())).toEqual([]);
  });
});

describe('mass assignment and tenants', () => {
  it.each([
    'municipalityId',
    'actingOrganisationId',
    'payingOrganisationId',
    'organisationId',
    'status',
    'createdBy',
    '_id',
    '__v',
    'outbox',
    'pendingEvents',
    'transitions',
    'revision',
  ])('When an order carries `%s`, then 400 names it and no order is stored', async (field) => {
    const before = await orderModel(portal.runtime.db).countDocuments();
    const res = await request(url)
      .post('/api/orders')
      .set(as('caseworkerGreve'))
      .send({ ...orderBody(), [field]: field === 'revision' ? 7 : 'mun-259' });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual([`body.${field}`]);
    expect(await orderModel(portal.runtime.db).countDocuments()).toBe(before);
  });

  it("When an order is created with another municipality's id in headers, then the stored order is the token's municipality's: a draft, created by the token's user; the other municipality does not see it", async () => {
    const res = await request(url)
      .post('/api/orders')
      .set({
        ...as('caseworkerGreve'),
        'x-organisation-id': 'mun-259',
        'x-municipality-id': 'mun-259',
        'x-tenant-id': 'mun-259',
        'x-user-id': 'sagsbehandler-koege',
      })
      .send(orderBody({ payingMunicipalityCode: 253 }));
    expect(res.status).toBe(201);
    const order = json<OrderView>(res);
    const stored = await orderModel(portal.runtime.db).findById(order.id).lean();
    expect(stored).toMatchObject({
      actingOrganisationId: 'mun-253',
      actingMunicipalityCode: 253,
      status: 'draft',
      createdBy: { userId: 'sagsbehandler-greve', organisationId: 'mun-253' },
    });
    const koege = await request(url).get(`/api/orders/${order.id}`).set(as('caseworkerKoege'));
    expect(koege.status).toBe(404);
  });

  it('When a tenant id is sent in the query of a list, then 400 names it: no list is scoped by the caller', async () => {
    for (const q of ['municipalityId', 'organisationId', 'actingOrganisationId', 'tenantId']) {
      const res = await request(url).get(`/api/orders?${q}=mun-259`).set(as('caseworkerGreve'));
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([`query.${q}`]);
    }
  });

  it.each(['reportedBy', 'organisationId', 'operatorOrganisationId', 'source', 'asOf', 'stale'])(
    'When a capacity report carries `%s`, then 400 names it',
    async (field) => {
      const res = await request(url)
        .put(`/api/offers/${OFFER}/capacity`)
        .set(as('supplierA'))
        .send({ ...CAPACITY, [field]: 'cvr-22222222' });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([`body.${field}`]);
    },
  );

  it("When a capacity report names another operator in headers, then it is recorded as the token's; another operator's report on the offer is 404", async () => {
    const res = await request(url)
      .put(`/api/offers/${OFFER}/capacity`)
      .set({ ...as('supplierA'), 'x-organisation-id': 'cvr-22222222', 'x-tenant-id': 'x' })
      .send({ ...CAPACITY, free: 1, occupied: 9 });
    expect(res.status).toBe(200);
    const offer = await request(url).get(`/api/offers/${OFFER}`).set(as('supplierA'));
    expect(
      (offer.body as { capacityHistory: { reportedBy: { userId?: string } }[] }).capacityHistory[0],
    ).toMatchObject({ free: 1, reportedBy: { userId: 'leverandoer-a' } });
    const other = await request(url)
      .put(`/api/offers/${OFFER}/capacity`)
      .set({ ...as('supplierB'), 'x-organisation-id': 'cvr-11111111' })
      .send(CAPACITY);
    expect(other.status).toBe(404);
  });
});
