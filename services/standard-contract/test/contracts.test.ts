import { QUEUES, createProducer, type Producer } from '@rammeaftale/queues';
import type { ContractBasis } from '@rammeaftale/service-api';
import {
  POLICY_2025,
  as,
  basisFactory,
  startContracts,
  until,
  type ContractsHarness,
  answer,
  problemOf,
  type ContractPage,
  type ContractView,
  type Drafted,
  type PortalStandIn,
  type TemplateSummary,
  type Who,
} from './support';

jest.setTimeout(60_000);

let h: ContractsHarness;
let portal: PortalStandIn;
let events: Producer<typeof QUEUES.contractEvents>;

beforeAll(async () => {
  h = await startContracts();
  portal = h.portal;
  events = createProducer(QUEUES.contractEvents, h.svc.runtime.redis, {
    logger: h.svc.runtime.logger,
    prefix: h.prefix,
  });
});

afterAll(async () => {
  await events.close();
  await h.svc.close();
});

const draft = (basis: ContractBasis) =>
  answer<Drafted>(as(h, 'service').post('/internal/contracts/drafts', basis));
const contract = (who: Who, id: string) => answer<ContractView>(as(h, who).get(`/contracts/${id}`));

const offerSelected = (orderId: string, jobId: string) =>
  events.add(
    'order.offer-selected',
    { eventId: `evt-${orderId}`, type: 'order.offer-selected', aggregateId: orderId, refs: {} },
    { jobId },
  );

describe('drafting', () => {
  it.each([
    [false, true, 'voksen-rammeaftale', 'voksenområdet (Rammeaftale)'],
    [false, false, 'voksen-ikke-rammeaftale', 'voksenområdet (Ikke Rammeaftale)'],
    [true, true, 'boern-rammeaftale', 'børneområdet (Rammeaftale)'],
    [true, false, 'boern-ikke-rammeaftale', 'børneområdet (Ikke Rammeaftale)'],
  ])(
    'When the citizen is a child=%s and the offer is covered by the framework=%s, then the contract uses %s version 1',
    async (isChild, framework, templateId, titlePart) => {
      const basis = basisFactory({
        citizen: { reference: 'REF-1', isChild },
        offer: { ...basisFactory().offer, coveredByFrameworkAgreement: framework },
      });
      const res = await draft(basis);
      expect(res.status).toBe(201);
      expect(res.body.created).toBe(true);
      expect(res.body.contract).toMatchObject({
        id: `c-${basis.orderId}`,
        status: 'draft',
        version: 1,
        template: { id: templateId, version: 1 },
        paymentDays: 30,
        price: { dailyTotalOre: 300_000 },
      });
      expect(res.body.contract.template.title).toContain(titlePart);
      expect(res.body.contract.audit[0]).toMatchObject({ action: 'drafted', version: 1 });
    },
  );

  it('When a contract is drafted, then the log says which contract and template, and nothing of the citizen', async () => {
    const basis = basisFactory({ citizen: { reference: 'GRV-LOG-0001', isChild: false } });
    expect((await draft(basis)).status).toBe(201);
    expect(
      h.log.withMessage('contract drafted').filter((l) => l.contractId === `c-${basis.orderId}`),
    ).toEqual([expect.objectContaining({ template: 'voksen-rammeaftale', templateVersion: 1 })]);
    expect(h.log.text()).not.toContain('GRV-LOG-0001');
  });

  it('When the same offer-selected event is delivered twice, then one contract is drafted', async () => {
    const basis = basisFactory();
    portal.bases.set(basis.orderId, basis);
    // Two deliveries of one event (a redelivery after a crash has another job id).
    await offerSelected(basis.orderId, `${basis.orderId}:1`);
    await offerSelected(basis.orderId, `${basis.orderId}:2`);
    const res = await until(
      () => contract('greve', `c-${basis.orderId}`),
      (r) => r.status === 200,
    );
    expect(res.status).toBe(200);
    expect(res.body.orderId).toBe(basis.orderId);
    await new Promise((r) => setTimeout(r, 500));
    const list = await answer<ContractPage>(
      as(h, 'service').get(`/contracts?q=${encodeURIComponent(basis.orderId)}`),
    );
    expect(list.body.items.filter((c) => c.orderId === basis.orderId)).toHaveLength(1);
    expect(list.body.count).toBe(1);
    expect(portal.calls.filter((c) => c === basis.orderId).length).toBeLessThanOrEqual(2);
    const again = await draft(basis);
    expect(again.status).toBe(201);
    expect(again.body.created).toBe(false);
  });

  it('When two drafts for one order arrive at the same moment, then both get the same single contract', async () => {
    const basis = basisFactory();
    const [a, b] = await Promise.all([draft(basis), draft(basis)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.created, b.body.created].sort()).toEqual([false, true]);
    expect(a.body.contract.id).toBe(b.body.contract.id);
  });

  it('When the order portal is briefly unavailable, then the event is retried and the contract drafted', async () => {
    const basis = basisFactory();
    portal.bases.set(basis.orderId, basis);
    portal.failNext(2);
    await offerSelected(basis.orderId, basis.orderId);
    const res = await until(
      () => as(h, 'service').get(`/contracts/c-${basis.orderId}`),
      (r) => r.status === 200,
    );
    expect(res.status).toBe(200);
  });

  it('When the order portal does not know the order, then the event fails for good (left in the failed set) and no contract is made', async () => {
    const unknown = basisFactory().orderId;
    await offerSelected(unknown, unknown);
    const state = await until(
      async () => (await events.getJob(unknown))?.getState(),
      (s) => s === 'failed',
    );
    expect(state).toBe('failed');
    expect((await events.getJob(unknown))?.attemptsMade).toBe(1);
    expect((await as(h, 'service').get(`/contracts/c-${unknown}`)).status).toBe(404);
  });

  it('When the body is invalid, then 400 names each field', async () => {
    const basis = basisFactory();
    const res = await draft({
      ...basis,
      orderId: 'bad id with spaces',
      startDate: '1. marts',
      price: { ...basis.price, dailyBasisTariffOre: -5 },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(
      problemOf(res)
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['body.orderId', 'body.price.dailyBasisTariffOre', 'body.startDate']);
  });

  it('When the basis breaks a contract rule (CPR as reference, no EAN, bad CVR), then 422 names the fields and nothing is stored', async () => {
    const basis = basisFactory({
      citizen: { reference: '010190-1234', isChild: false },
      supplier: { ...basisFactory().supplier, cvr: '12345678' },
    });
    basis.payingMunicipality = { ...basis.payingMunicipality, ean: undefined };
    const res = await draft(basis);
    expect(res.status).toBe(422);
    expect(
      problemOf(res)
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['body.citizen.reference', 'body.payingMunicipality.ean', 'body.supplier.cvr']);
    expect(JSON.stringify(res.body)).not.toContain('010190');
    expect((await as(h, 'service').get(`/contracts/c-${basis.orderId}`)).status).toBe(404);
  });

  it('When no policy values are in force on the start date, then drafting waits (503, nothing stored) and the event is retried until they are', async () => {
    const basis = basisFactory({ startDate: '2024-06-01' });
    const res = await draft(basis);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect((await as(h, 'service').get(`/contracts/c-${basis.orderId}`)).status).toBe(404);

    portal.bases.set(basis.orderId, basis);
    await offerSelected(basis.orderId, basis.orderId);
    await until(
      async () => (await events.getJob(basis.orderId))?.attemptsMade ?? 0,
      (n) => n >= 1,
    );
    expect((await as(h, 'service').get(`/contracts/c-${basis.orderId}`)).status).toBe(404);
    portal.setPolicies([{ ...POLICY_2025, year: 2024, effectiveFrom: '2024-01-01' }, POLICY_2025]);
    try {
      const drafted = await until(
        () => contract('service', `c-${basis.orderId}`),
        (r) => r.status === 200,
      );
      expect(drafted.body.priceRegulation).toMatchObject({ plRateBp: 400, policyYear: 2024 });
    } finally {
      portal.setPolicies([POLICY_2025]);
    }
  });

  it('When a case worker (not a service) calls the internal drafting route, then 403', async () => {
    expect((await as(h, 'greve').post('/internal/contracts/drafts', basisFactory())).status).toBe(
      403,
    );
  });
});

describe('templates', () => {
  const base = {
    version: 2,
    title: 'Standardkontrakt – voksenområdet (Rammeaftale)',
    effectiveFrom: '2020-01-01',
    defaults: { paymentDays: 30, noticeMonthsBuyer: 1, noticeMonthsSupplier: 3 },
    sections: [{ heading: '1. Parter', text: 'Mellem {{acting.name}} og {{supplier.name}}.' }],
  };

  it('When someone tries to load a fifth contract type, then 422 says only the four national standard contracts exist', async () => {
    const res = await as(h, 'secretariat').post('/templates', {
      ...base,
      templateId: 'egen-kontrakt',
    });
    expect(res.status).toBe(422);
    expect(problemOf(res).detail).toContain('only the four national standard contracts');
    expect(problemOf(res).errors[0]!.field).toBe('body.templateId');
  });

  it('When a template uses an unknown field or a payment term over 30 days, then 422 names it', async () => {
    const res = await as(h, 'secretariat').post('/templates', {
      ...base,
      templateId: 'boern-ikke-rammeaftale',
      defaults: { ...base.defaults, paymentDays: 45 },
      sections: [{ heading: 'X', text: 'CPR: {{citizen.cpr}}' }],
    });
    expect(res.status).toBe(422);
    expect(
      problemOf(res)
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['body.defaults.paymentDays', 'body.sections.0.text']);
  });

  it('When the secretariat loads version 2, then new contracts use it while existing ones keep version 1, and a changed version 2 is refused', async () => {
    const before = await draft(basisFactory());
    expect(before.body.contract.template.version).toBe(1);
    const v2 = { ...base, templateId: 'voksen-rammeaftale' };
    const loaded = await as(h, 'secretariat').post('/templates', v2);
    expect(loaded.status).toBe(201);
    expect(loaded.body).toMatchObject({ created: true, template: { version: 2 } });
    const twice = await answer<{ created: boolean }>(as(h, 'secretariat').post('/templates', v2));
    expect(twice.body.created).toBe(false);
    const changed = await as(h, 'secretariat').post('/templates', {
      ...v2,
      sections: [{ heading: 'Ændret', text: 'Anden tekst' }],
    });
    expect(changed.status).toBe(409);

    const after = await draft(basisFactory());
    expect(after.body.contract.template).toMatchObject({ id: 'voksen-rammeaftale', version: 2 });
    const old = await contract('service', before.body.contract.id);
    expect(old.body.template.version).toBe(1);
    const list = await answer<TemplateSummary[]>(as(h, 'greve').get('/templates'));
    expect(
      list.body.filter((t) => t.templateId === 'voksen-rammeaftale').map((t) => t.version),
    ).toEqual([2, 1]);
  });

  it('When a case worker tries to load a template, then 403', async () => {
    const res = await as(h, 'greve').post('/templates', {
      ...base,
      templateId: 'voksen-rammeaftale',
    });
    expect(res.status).toBe(403);
  });
});
