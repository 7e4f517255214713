/**
 * Issue 16, input and tenants, against the real contracts service (FerretDB, Redis): hostile
 * input at every route, and bodies, queries and headers that try to choose the tenant or the
 * stored state themselves.
 */
import request from 'supertest';
import {
  bodyParserFindings,
  logLineFindings,
  prototypePollutionFindings,
  sendLogForgeries,
  undecodablePathFindings,
} from '@rammeaftale/testing';
import {
  POLICY_2025,
  POLICY_2026,
  activeContract,
  as,
  basisFactory,
  offerId,
  startContracts,
  type Announced,
  type ContractPage,
  type ContractsHarness,
  type Drafted,
  type Problem,
} from '../support';
// After the harness, which loads the service (and zod's OpenAPI extension) first.
import { tariffChangeModel } from '../../src/tariffs/tariff-change.model';
import { legacyTariffChangeId } from '../../src/tariffs/tariff-change.rules';

jest.setTimeout(60_000);

/** JSON_BODY_LIMIT's default (packages/config), which the service runs with here. */
const BODY_LIMIT = '100kb';

let h: ContractsHarness;
let doc: unknown;
const bearer = (who: keyof ContractsHarness['tokens']) => ({
  authorization: `Bearer ${h.tokens[who]}`,
});
const roleFor = (op: string) =>
  bearer(
    op.includes('/internal/')
      ? 'service'
      : op.startsWith('post /tariff-changes')
        ? 'supplier'
        : 'greve',
  );
const fields = (res: { body: unknown }) => ((res.body as Problem).errors ?? []).map((e) => e.field);

beforeAll(async () => {
  h = await startContracts();
  h.portal.setPolicies([POLICY_2025, POLICY_2026]);
  doc = await (await fetch(`${h.url}/openapi.json`)).json();
});

afterAll(() => h.svc.close());

describe('hostile input against the contracts service', () => {
  it('When a path id is percent-encoding that is not UTF-8 (/contracts/%E6%F8), then every route with an id answers 400 problem+json naming the parameter', async () => {
    expect(await undecodablePathFindings({ baseUrl: h.url, doc, headers: roleFor })).toEqual([]);
    const res = await as(h, 'greve').get('/contracts/%E6%F8');
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['params.id']);
  });

  it(`When JSON is nested 10,000 deep, a body is one byte over ${BODY_LIMIT} or a write has no Content-Type, then 400, 413 and 415 problem+json within 1 s`, async () => {
    for (const [path, who] of [
      ['/internal/contracts/drafts', 'service'],
      ['/tariff-changes', 'supplier'],
    ] as const)
      expect(
        await bodyParserFindings({
          baseUrl: h.url,
          method: 'post',
          path,
          headers: bearer(who),
          limit: BODY_LIMIT,
        }),
      ).toEqual([]);
  });

  it('When 1,000 bodies try to reach a prototype (__proto__, constructor.prototype), then each is refused and Object.prototype is unchanged', async () => {
    const findings = await prototypePollutionFindings({
      baseUrl: h.url,
      headers: roleFor,
      runs: 1000,
      operations: [
        { method: 'post', path: '/internal/contracts/drafts', valid: { ...basisFactory() } },
        {
          method: 'post',
          path: '/tariff-changes',
          valid: {
            offerId: 'offer-x',
            effectiveFrom: '2026-07-01',
            dailyBasisTariffOre: 1,
            reason: 'r',
          },
        },
      ],
    });
    expect(findings).toEqual([]);
  });

  it('When CR, LF, ANSI escapes and a forged JSON line are sent in headers, paths, queries and bodies, then every log line stays one escaped JSON line', async () => {
    h.log.clear();
    const { sent, findings } = await sendLogForgeries({ baseUrl: h.url, doc, headers: roleFor });
    expect(findings).toEqual([]);
    expect(h.log.withMessage('request').length).toBeGreaterThanOrEqual(sent);
    expect(logLineFindings(h.log.text())).toEqual([]);
  });
});

describe('mass assignment and tenants', () => {
  it.each([
    'status',
    'createdBy',
    '_id',
    '__v',
    'outbox',
    'municipalityId',
    'organisationId',
    'version',
    'letters',
  ])(
    'When a contract draft carries `%s`, then 400 names it and no contract is drafted',
    async (field) => {
      const basis = basisFactory();
      const res = await as(h, 'service').post('/internal/contracts/drafts', {
        ...basis,
        [field]: 'active',
      });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([`body.${field}`]);
      const listed = await as(h, 'greve').get(`/contracts?q=${basis.orderId}`);
      expect((listed.body as ContractPage).count).toBe(0);
    },
  );

  it("When a draft is made with another organisation's id in headers, then the stored state is the server's: a draft, created by the calling service", async () => {
    const basis = basisFactory();
    const res = await request(h.url)
      .post('/internal/contracts/drafts')
      .set({
        ...bearer('service'),
        'x-organisation-id': 'mun-259',
        'x-tenant-id': 'mun-259',
        'x-user-id': 'x',
      })
      .send(basis);
    expect(res.status).toBe(201);
    const { contract } = res.body as Drafted;
    expect(contract.status).toBe('draft');
    expect(contract.version).toBe(1);
    const stored = await as(h, 'greve').get(`/contracts/${contract.id}`);
    expect(stored.body).toMatchObject({
      status: 'draft',
      actingMunicipality: { organisationId: 'mun-253' },
    });
    expect(JSON.stringify(stored.body)).not.toContain('x-user-id');
  });

  it.each([
    'supplierOrganisationId',
    'organisationId',
    'status',
    'decisions',
    'outbox',
    'createdBy',
    '_id',
  ])('When a tariff announcement carries `%s`, then 400 names it', async (field) => {
    const res = await as(h, 'supplier').post('/tariff-changes', {
      offerId: 'offer-y',
      effectiveFrom: '2026-07-01',
      dailyBasisTariffOre: 101_000,
      reason: 'Overenskomst',
      [field]: 'cvr-22222222',
    });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual([`body.${field}`]);
  });

  it("When a supplier announces a tariff with another supplier's id in a header, then the change is the token's supplier's; the other supplier does not see it", async () => {
    const offer = offerId('sec');
    await activeContract(h, { offer: { offerId: offer }, dailyBasisTariffOre: 100_000 });
    const res = await request(h.url)
      .post('/tariff-changes')
      .set({
        ...bearer('supplier'),
        'x-organisation-id': 'provider-andet',
        'x-tenant-id': 'provider-andet',
      })
      .send({
        offerId: offer,
        effectiveFrom: '2026-07-01',
        dailyBasisTariffOre: 103_000,
        reason: 'Løn',
      });
    expect(res.status).toBe(201);
    const { change } = res.body as Announced;
    expect(change.supplier.organisationId).toBe(basisFactory().supplier.organisationId);
    expect(change.id).toMatch(/^tc-[ghjkmnpqrstvwxyz]{20}$/);
    expect((await as(h, 'otherSupplier').get(`/tariff-changes/${change.id}`)).status).toBe(404);
  });

  it("When a tenant id is sent in the query, then an unknown one is refused and a known filter only narrows the caller's own contracts", async () => {
    await activeContract(h, { buyer: 'greve', offer: { offerId: offerId('q') } });
    for (const q of ['organisationId', 'tenantId', 'actingMunicipalityId']) {
      const res = await as(h, 'koege').get(`/contracts?${q}=mun-253`);
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([`query.${q}`]);
    }
    const greve = (await as(h, 'greve').get('/contracts?municipalityId=mun-253'))
      .body as ContractPage;
    expect(greve.count).toBeGreaterThan(0);
    // Køge pays for the factory's contracts (payingMunicipality mun-259): it sees only those.
    const koege = (await as(h, 'roskilde').get('/contracts?municipalityId=mun-253'))
      .body as ContractPage;
    expect(koege.count).toBe(0);
  });

  it('When a change stored under its legacy hex id (before ids were written in letters) is announced again, then the same change answers: no second change is made', async () => {
    const offer = offerId('legacy');
    await activeContract(h, { offer: { offerId: offer }, dailyBasisTariffOre: 100_000 });
    const body = {
      offerId: offer,
      effectiveFrom: '2026-08-01',
      dailyBasisTariffOre: 102_000,
      reason: 'Husleje',
    };
    const first = (await as(h, 'supplier').post('/tariff-changes', body)).body as Announced;
    // As it was stored before: the same document under the legacy id.
    const legacyId = legacyTariffChangeId({
      supplierOrganisationId: basisFactory().supplier.organisationId,
      offerId: offer,
      effectiveFrom: body.effectiveFrom,
      dailyBasisTariffOre: body.dailyBasisTariffOre,
    });
    const model = tariffChangeModel(h.svc.runtime.db);
    const stored = await model.findById(first.change.id).lean();
    await model.create({ ...stored, _id: legacyId });
    await model.deleteOne({ _id: first.change.id });
    const again = await as(h, 'supplier').post('/tariff-changes', body);
    expect(again.status).toBe(201);
    expect((again.body as Announced).change.id).toBe(legacyId);
    expect((again.body as Announced).created).toBe(false);
    expect((await as(h, 'supplier').get(`/tariff-changes/${legacyId}`)).status).toBe(200);
  });
});
