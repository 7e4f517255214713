import { fuzzOperations, injectionCorpus } from '@rammeaftale/testing';
import {
  activeContract,
  as,
  basisFactory,
  offerId,
  startContracts,
  type ContractsHarness,
  type Who,
} from './support';

jest.setTimeout(420_000);

let h: ContractsHarness;
let doc: unknown;
let contractId: string;
let changeId: string;
let offer: string;

/** The role each route is meant for, so the attacks reach validation rather than stopping at 403. */
const ROLE_OF: Record<string, Who> = {
  'post /templates': 'secretariat',
  'post /contracts/{id}/send': 'greve',
  'post /contracts/{id}/sign': 'greve',
  'post /contracts/{id}/activate': 'greve',
  'post /contracts/{id}/termination': 'greve',
  'post /contracts/{id}/rescission': 'greve',
  'post /contracts/{id}/withdrawal': 'greve',
  'post /contracts/{id}/rejection': 'supplier',
  'post /contracts/{id}/accept': 'supplier',
  'post /contracts/{id}/amendment-proposals': 'greve',
  'post /contracts/{id}/amendment-proposals/{number}/decision': 'supplier',
  'post /tariff-changes': 'supplier',
  'post /tariff-changes/{id}/justifications': 'supplier',
  'post /tariff-changes/{id}/decision': 'greve',
  'get /analytics/tariff-increases': 'secretariat',
  'get /analytics/tariff-increases/distribution': 'secretariat',
  'get /analytics/purchase-volume': 'authority',
  'get /analytics/purchase-volume/breakdown': 'authority',
  'post /access-log/extract': 'greve',
  'get /oversight/tariff-changes': 'secretariat',
  'get /oversight/policy-usage': 'secretariat',
  'get /authority-reports': 'secretariat',
  'get /authority-reports/{id}/{authority}': 'secretariat',
  'get /authority-reports/{id}/{authority}/{format}': 'secretariat',
  'get /analytics/meeting-pack': 'secretariat',
};
const headers = (op: string) => ({ authorization: `Bearer ${h.tokens[ROLE_OF[op] ?? 'service']}` });

beforeAll(async () => {
  h = await startContracts();
  const drafted = await fetch(`${h.url}/internal/contracts/drafts`, {
    method: 'POST',
    headers: { ...headers('post /internal/contracts/drafts'), 'content-type': 'application/json' },
    body: JSON.stringify(basisFactory()),
  });
  contractId = ((await drafted.json()) as { contract: { id: string } }).contract.id;
  // A tariff change awaiting the buyer, so attacks on its routes get past the path.
  offer = offerId('attack');
  await activeContract(h, { offer: { offerId: offer } });
  const announced = await as(h, 'supplier').post('/tariff-changes', {
    offerId: offer,
    effectiveFrom: '2026-01-01',
    dailyBasisTariffOre: 110_000,
    reason: 'Nye overenskomster',
  });
  changeId = (announced.body as { change: { id: string } }).change.id;
  doc = await (await fetch(`${h.url}/openapi.json`)).json();
});

afterAll(() => h.svc.close());

describe('hostile input', () => {
  it('When operator-injection payloads are sent in every body, query and path field, then each gets 400 (or 404), never data or 5xx', async () => {
    const ops = ['send', 'accept', 'sign', 'activate', 'amendments', 'termination'].map(
      (p) => `post /contracts/{id}/${p}`,
    );
    const findings = await injectionCorpus({
      baseUrl: h.url,
      doc,
      headers,
      examples: {
        'post /internal/contracts/drafts': { ...basisFactory() },
        'post /templates': {
          templateId: 'voksen-rammeaftale',
          version: 99,
          title: 'Standardkontrakt – voksenområdet (Rammeaftale)',
          effectiveFrom: '2030-01-01',
          defaults: { paymentDays: 30, noticeMonthsBuyer: 1, noticeMonthsSupplier: 3 },
          sections: [{ heading: 'Parter', text: '{{acting.name}}' }],
        },
        'post /contracts/{id}/accept': { version: 1 },
        'post /contracts/{id}/sign': { version: 1 },
        'post /contracts/{id}/activate': {},
        'post /contracts/{id}/amendments': {
          kind: 'terms',
          effectiveFrom: '2026-06-01',
          description: 'Ændret bemanding',
        },
        'post /contracts/{id}/termination': { noticeGivenOn: '2026-06-01', reason: 'Flytning' },
        'post /tariff-changes': {
          offerId: offer,
          effectiveFrom: '2026-01-01',
          dailyBasisTariffOre: 110_000,
          reason: 'Nye overenskomster',
        },
        'post /tariff-changes/{id}/decision': { decision: 'reject' },
        'post /tariff-changes/{id}/justifications': { note: 'Beregningsgrundlag vedlagt' },
        'post /access-log/extract': { citizenRef: 'GRV-2026-0042' },
      },
      // An existing contract, so body and query attacks get past the path and reach validation.
      pathValues: {
        ...Object.fromEntries(
          [...ops, 'get /contracts/{id}', 'get /contracts/{id}/versions/{version}/pdf'].map(
            (op) => [op, contractId],
          ),
        ),
        ...Object.fromEntries(
          [
            'get /tariff-changes/{id}',
            'post /tariff-changes/{id}/decision',
            'post /tariff-changes/{id}/justifications',
          ].map((op) => [op, changeId]),
        ),
      },
    });
    expect(findings).toEqual([]);
  });

  it('When generated requests hit each route, then none answers 5xx or leaks internals', async () => {
    const findings = await fuzzOperations({ baseUrl: h.url, doc, headers, runs: 1000 });
    expect(findings).toEqual([]);
  });
});
