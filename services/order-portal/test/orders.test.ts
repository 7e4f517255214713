import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { QUEUES, createProducer } from '@rammeaftale/queues';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { orderModel } from '../src/orders/order.model';
import {
  json,
  type CitizenExtract,
  type ContractBasis,
  type OrderReport,
  type OrderView,
  type Problem,
  type RecordedCheck,
  type SearchView,
  type SentRequests,
  type SharedOfferCheckView,
  type SupplierRequestView,
} from './support/json';
import { startTestPortal, type TestPortal } from './support/start-portal';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from './support/order-factories';

let idp: LocalIdentityProvider;
let portal: TestPortal;
let prefix: string;

/** The parties of these tests, with the short user ids the assertions name. */
const WHO = {
  greve: party('caseworkerGreve', { userId: 'cw-greve' }),
  koege: party('caseworkerKoege', { userId: 'cw-koege' }),
  roskilde: party('caseworkerRoskilde', { userId: 'cw-roskilde' }),
  supplierA: party('supplierA', { userId: 'sup-a' }),
  supplierB: party('supplierB', { userId: 'sup-b' }),
  roskildeSupplier: party('supplierRoskilde', { userId: 'sup-r' }),
  service: party('contractsService'),
  secretariat: party('secretariat', { userId: 'sek' }),
};
type Who = keyof typeof WHO;
const tokens = {} as Record<Who, string>;
const as = (who: Who) => bearer(tokens[who]);

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  prefix = uniqueName('op_orders');
  portal = await startTestPortal(prefix, {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
  });
  const db = portal.runtime.db;
  await makeMunicipalities(db, [253, 259, 265]);
  await makeOrganisation(db, {
    _id: 'cvr-11111111',
    kind: 'private',
    name: 'Omsorg ApS',
    cvr: '11111111',
  });
  await makeOrganisation(db, {
    _id: 'cvr-22222222',
    kind: 'private',
    name: 'Anden ApS',
    cvr: '22222222',
  });
  await makeOffer(db, 'public-1', {
    operator: { kind: 'municipal', organisationId: 'mun-265' },
    dailyOre: 300_000,
  });
  await makeOffer(db, 'private-1', {
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
    dailyOre: 200_000,
  });
  await makeOffer(db, 'private-2', {
    operator: { kind: 'private', organisationId: 'cvr-22222222' },
  });
  await makeOffer(db, 'children-only', { ageMin: 0, ageMax: 17 });
  for (const [who, actor] of Object.entries(WHO) as [Who, (typeof WHO)[Who]][])
    tokens[who] = await idp.issue(actor);
});

afterAll(() => portal.close());

const api = () => request(portal.http.url);

async function newOrder(who: Who = 'greve', over: Parameters<typeof orderBody>[0] = {}) {
  const res = await api().post('/api/orders').set(as(who)).send(orderBody(over));
  expect(res.status).toBe(201);
  return json<OrderView>(res).id;
}

describe('orders', () => {
  it('When a case worker creates an order with a CPR number, then it is a draft, the CPR is stored only encrypted and never shown', async () => {
    const id = await newOrder();
    const res = await api().get(`/api/orders/${id}`).set(as('greve'));
    expect(json<OrderView>(res).status).toBe('draft');
    expect(json<OrderView>(res).citizen).toEqual({
      reference: 'Borger A-17',
      age: 30,
      gender: 'male',
      hasCpr: true,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/0101901234|010190-1234/);
    const stored = await orderModel(portal.runtime.db).findById(id).lean();
    expect(JSON.stringify(stored)).not.toMatch(/0101901234|010190-1234/);
    expect(stored?.citizen.cpr?.ciphertext).toMatch(/^v1:k1:/);
  });

  it('When an order with a CPR number is created, then the request is logged by its route, and no logged line holds the CPR number or the citizen', async () => {
    portal.log.clear();
    await newOrder('greve', { citizen: { reference: 'Borger Log-1', cpr: '020285-4321' } });
    expect(portal.log.withMessage('request')).toContainEqual(
      expect.objectContaining({ method: 'POST', route: '/api/orders', status: 201 }),
    );
    expect(portal.log.text()).not.toMatch(/0202854321|020285-4321|Borger Log-1/);
  });

  it('When the citizen reference looks like a CPR number, then 400 names the field', async () => {
    const res = await api()
      .post('/api/orders')
      .set(as('greve'))
      .send(orderBody({ citizen: { reference: '0101901234', age: 30 } }));
    expect(res.status).toBe(400);
    expect(json<Problem>(res).errors.map((e: { field: string }) => e.field)).toContain(
      'body.citizen.reference',
    );
  });

  it('When searching, then suitable public offers come first, unsuitable ones are excluded with reasons, and the order is searching', async () => {
    const id = await newOrder();
    const res = await api().post(`/api/orders/${id}/search`).set(as('greve'));
    expect(res.status).toBe(200);
    const search = json<SearchView>(res);
    expect(search.results.map((r: { offerId: string }) => r.offerId)).toEqual([
      'public-1',
      'private-1',
      'private-2',
    ]);
    expect(search.results[0]!.reasons[0]!.code).toBe('tier_public');
    expect(search.excluded).toEqual([
      { offerId: 'children-only', reasons: [expect.objectContaining({ code: 'age' })] },
    ]);
    expect(search.publicCapacityAvailable).toBe(true);
    const order = await api().get(`/api/orders/${id}`).set(as('greve'));
    expect(json<OrderView>(order).status).toBe('searching');
    expect(json<OrderView>(order).transitions[0]).toMatchObject({
      from: 'draft',
      to: 'searching',
      event: 'start_search',
      by: { userId: 'cw-greve' },
    });
  });

  it('When the API search is filtered, then only the kept rows are paged, each keeps its rank, and a bad filter is 400 naming it', async () => {
    const id = await newOrder();
    const res = await api()
      .post(`/api/orders/${id}/search?driftsherre=privat&sortering=rang&pageSize=1`)
      .set(as('greve'));
    expect(res.status).toBe(200);
    const body = res.body as {
      results: { offerId: string; rank: number }[];
      publicCapacityAvailable: boolean;
      page: { results: number; matching: number };
    };
    expect(body.results.map((r) => [r.offerId, r.rank])).toEqual([['private-1', 2]]);
    expect(body.page).toMatchObject({ results: 3, matching: 2 });
    // The filter hides the public place, never the fact that one is free.
    expect(body.publicCapacityAvailable).toBe(true);
    const second = await api()
      .post(`/api/orders/${id}/search?driftsherre=privat&page=2&pageSize=1`)
      .set(as('greve'));
    expect((second.body as typeof body).results.map((r) => r.offerId)).toEqual(['private-2']);
    const bad = await api().post(`/api/orders/${id}/search?driftsherre=alle`).set(as('greve'));
    expect(bad.status).toBe(400);
    expect(json<Problem>(bad).errors.map((e: { field: string }) => e.field)).toContain(
      'query.driftsherre',
    );
  });

  it('When an illegal step is asked, then 409 names the state and the allowed events', async () => {
    const id = await newOrder();
    const res = await api()
      .post(`/api/orders/${id}/transitions`)
      .set(as('greve'))
      .send({ event: 'contract_signed' });
    expect(res.status).toBe(409);
    expect(json<Problem>(res).detail).toMatch(/contract_signed.*draft/);
  });

  it('When another municipality looks at the order, then it gets 404 and no data; the supplier of another request sees nothing either', async () => {
    const id = await newOrder();
    for (const who of ['koege', 'supplierA'] as const) {
      const res = await api().get(`/api/orders/${id}`).set(as(who));
      expect([403, 404]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain('Borger A-17');
    }
    expect((await api().post(`/api/orders/${id}/search`).set(as('koege'))).status).toBe(404);
  });

  it('When the shared-offer check is skipped, then no single-person offer; after the check it is allowed and recorded', async () => {
    const greveOrder = await newOrder();
    // Opened for sharing when its search starts (a draft is Greve's own).
    expect((await api().post(`/api/orders/${greveOrder}/search`).set(as('greve'))).status).toBe(
      200,
    );
    const koegeOrder = await newOrder('koege', { payingMunicipalityCode: 259 });
    const check = await api().get(`/api/orders/${koegeOrder}/shared-offer-check`).set(as('koege'));
    const shown = json<SharedOfferCheckView>(check).openOrders.find(
      (o: { orderId: string }) => o.orderId === greveOrder,
    );
    expect(shown).toMatchObject({
      municipalityCode: 253,
      targetGroup: 'autisme',
      ageBand: '30-49',
    });
    expect(JSON.stringify(check.body)).not.toContain('Borger A-17');

    expect(
      (await api().post(`/api/orders/${koegeOrder}/single-person-offer`).set(as('koege'))).status,
    ).toBe(422);
    expect(
      (
        await api()
          .post(`/api/orders/${greveOrder}/joint-offer-interest`)
          .set(as('koege'))
          .send({ note: 'Vi har en lignende borger' })
      ).status,
    ).toBe(201);
    const recorded = await api()
      .post(`/api/orders/${koegeOrder}/shared-offer-check`)
      .set(as('koege'))
      .send({ outcome: 'none_suitable' });
    expect(recorded.status).toBe(201);
    expect(json<RecordedCheck>(recorded).openOrdersShown).toContain(greveOrder);
    expect(
      (await api().post(`/api/orders/${koegeOrder}/single-person-offer`).set(as('koege'))).status,
    ).toBe(201);
    const greve = await api().get(`/api/orders/${greveOrder}`).set(as('greve'));
    expect(json<OrderView>(greve).interests).toEqual([
      expect.objectContaining({ municipalityCode: 259, note: 'Vi har en lignende borger' }),
    ]);
  });

  it('When a municipality marks interest again after another municipality did, then 409 and each interest is kept once', async () => {
    const id = await newOrder();
    expect((await api().post(`/api/orders/${id}/search`).set(as('greve'))).status).toBe(200);
    const mark = (who: Who) =>
      api().post(`/api/orders/${id}/joint-offer-interest`).set(as(who)).send({});
    expect((await mark('koege')).status).toBe(201);
    expect((await mark('roskilde')).status).toBe(201);
    const again = await mark('koege');
    expect(again.status).toBe(409);
    expect(json<Problem>(again).detail).toContain('already marked interest');
    const greve = await api().get(`/api/orders/${id}`).set(as('greve'));
    expect(
      json<OrderView>(greve).interests.map((i: { municipalityCode: number }) => i.municipalityCode),
    ).toEqual([259, 265]);
  });

  it('When requests go out and a private offer is chosen over a free public place, then a reason is required, recorded, reported, and the contract event is queued', async () => {
    const id = await newOrder();
    await api().post(`/api/orders/${id}/search`).set(as('greve'));
    const sent = await api()
      .post(`/api/orders/${id}/requests`)
      .set(as('greve'))
      .send({ all: true });
    expect(sent.status).toBe(201);
    expect(
      json<SentRequests>(sent)
        .sent.map((s: { offerId: string }) => s.offerId)
        .sort(),
    ).toEqual(['private-1', 'private-2', 'public-1']);
    const reqA = json<SentRequests>(sent).sent.find(
      (s: { offerId: string }) => s.offerId === 'private-1',
    )!.requestId;

    // Supplier A sees its request as an anonymised profile only; supplier B cannot see it.
    const seen = await api().get(`/api/requests/${reqA}`).set(as('supplierA'));
    expect(seen.status).toBe(200);
    expect(json<SupplierRequestView>(seen).profile).toMatchObject({
      age: 30,
      targetGroup: 'autisme',
    });
    expect(JSON.stringify(seen.body)).not.toMatch(/Borger A-17|0101901234|hasCpr/);
    expect((await api().get(`/api/requests/${reqA}`).set(as('supplierB'))).status).toBe(404);
    expect(
      (
        await api()
          .post(`/api/requests/${reqA}/answer`)
          .set(as('supplierB'))
          .send({ kind: 'decline', reason: 'Ikke vores' })
      ).status,
    ).toBe(404);

    const answered = await api().post(`/api/requests/${reqA}/answer`).set(as('supplierA')).send({
      kind: 'offer',
      dailyPriceOre: 210_000,
      possibleStart: '2027-01-15',
      conditions: 'Ingen',
    });
    expect(answered.status).toBe(200);
    expect(json<OrderView>(await api().get(`/api/orders/${id}`).set(as('greve'))).status).toBe(
      'offers_received',
    );

    const noReason = await api()
      .post(`/api/orders/${id}/selection`)
      .set(as('greve'))
      .send({ requestId: reqA });
    expect(noReason.status).toBe(422);
    expect(json<Problem>(noReason).type).toContain('private-choice-reason-required');

    const withReason = await api()
      .post(`/api/orders/${id}/selection`)
      .set(as('greve'))
      .send({
        requestId: reqA,
        privateReason: {
          code: 'special_competence',
          text: 'Kræver særlig autismefaglighed om natten',
        },
      });
    expect(withReason.status).toBe(200);
    const selected = json<OrderView>(withReason);
    expect(selected.status).toBe('selected');
    expect(selected.selection).toMatchObject({
      tier: 'private',
      publicCapacityAvailable: true,
      privateReason: { code: 'special_competence' },
    });
    expect(selected.requests.filter((r: { status: string }) => r.status === 'closed')).toHaveLength(
      2,
    );

    await portal.relayEvents();
    const inbox = createProducer(QUEUES.contractEvents, portal.runtime.redis, {
      logger: portal.runtime.logger,
      prefix,
    });
    const jobs = await inbox.queue.getJobs(['waiting', 'delayed', 'active', 'completed']);
    const published: unknown[] = jobs.map((j) => j.data as unknown);
    const anEventId: unknown = expect.any(String);
    expect(published).toContainEqual({
      eventId: anEventId,
      type: 'order.offer-selected',
      aggregateId: id,
      refs: { offerId: 'private-1', requestId: reqA },
      // The selection request's id rides beside the event (issue 17): the consumer logs under it.
      correlationId: withReason.headers['x-request-id'],
    });
    await inbox.close();

    const basis = await api().get(`/internal/orders/${id}/contract-basis`).set(as('service'));
    expect(basis.status).toBe(200);
    expect(json<ContractBasis>(basis)).toMatchObject({
      orderId: id,
      supplier: { organisationId: 'cvr-11111111', cvr: '11111111' },
      price: { dailyBasisTariffOre: 210_000 },
      startDate: '2027-01-15',
      citizen: { reference: 'Borger A-17', isChild: false },
    });
    expect(JSON.stringify(basis.body)).not.toContain('0101901234');
    expect((await api().get(`/internal/orders/${id}/contract-basis`).set(as('greve'))).status).toBe(
      403,
    );

    // Who looked at the citizen and why: the case worker's own reads and the supplier's read.
    const extract = await api()
      .post('/api/access-log/extract')
      .set(as('greve'))
      .send({ citizenRef: 'Borger A-17' });
    expect(extract.status).toBe(200);
    const who = json<CitizenExtract>(extract).entries.map(
      (e: { userId: string; purpose: string }) => `${e.userId}: ${e.purpose}`,
    );
    expect(who).toContain('sup-a: Leverandør læser anonymiseret forespørgsel');
    expect(who).toContain('cw-greve: Valg af tilbud');
    const other = await api()
      .post('/api/access-log/extract')
      .set(as('koege'))
      .send({ citizenRef: 'Borger A-17' });
    expect(JSON.stringify(json<CitizenExtract>(other).entries)).not.toContain('sup-a');

    const report = await api().get('/api/reports/orders').set(as('secretariat'));
    expect(json<OrderReport>(report).privateWithReason).toContainEqual(
      expect.objectContaining({ orderId: id, code: 'special_competence' }),
    );
    const csv = await api().get('/api/reports/orders?format=csv').set(as('secretariat'));
    expect(csv.text).toContain('Greve;253');
  });

  it('When a public offer is chosen, then no reason is needed', async () => {
    const id = await newOrder();
    await api().post(`/api/orders/${id}/search`).set(as('greve'));
    const sent = await api()
      .post(`/api/orders/${id}/requests`)
      .set(as('greve'))
      .send({ offerIds: ['public-1'] });
    const req = json<SentRequests>(sent).sent[0]!.requestId;
    await api()
      .post(`/api/requests/${req}/answer`)
      .set(as('roskildeSupplier'))
      .send({ kind: 'offer', dailyPriceOre: 300_000, possibleStart: '2027-01-01' });
    const res = await api()
      .post(`/api/orders/${id}/selection`)
      .set(as('greve'))
      .send({ requestId: req });
    expect(res.status).toBe(200);
    expect(json<OrderView>(res).selection!.tier).toBe('public');
  });

  it('When requests name an unsuitable offer, then 400 names it', async () => {
    const id = await newOrder();
    await api().post(`/api/orders/${id}/search`).set(as('greve'));
    const res = await api()
      .post(`/api/orders/${id}/requests`)
      .set(as('greve'))
      .send({ offerIds: ['public-1', 'children-only'] });
    expect(res.status).toBe(400);
    expect(json<Problem>(res).errors).toEqual([
      expect.objectContaining({ field: 'body.offerIds.1' }),
    ]);
  });
});
