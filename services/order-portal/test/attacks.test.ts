import { createLocalIdentityProvider } from '@rammeaftale/auth';
import {
  bearer,
  fuzzOperations,
  injectionCorpus,
  tokensFor,
  uniqueName,
} from '@rammeaftale/testing';
import { startTestPortal, type TestPortal } from './support/start-portal';

jest.setTimeout(300_000);

let portal: TestPortal;
let headers: (op: string) => Record<string, string>;
let doc: unknown;

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_attack'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
  });
  const t = await tokensFor(idp, [
    'caseworkerGreve',
    'supplierA',
    'secretariat',
    'contractsService',
  ]);
  // Each route is attacked with a role allowed to call it, so attacks reach validation, not 403.
  headers = (op) =>
    op.includes('/internal/')
      ? bearer(t.contractsService)
      : op.includes('/api/requests')
        ? bearer(t.supplierA)
        : op.startsWith('post /api/orders') || op.startsWith('get /api/orders')
          ? bearer(t.caseworkerGreve)
          : bearer(t.secretariat);
  doc = await (await fetch(`${portal.http.url}/openapi.json`)).json();
});

afterAll(() => portal.close());

describe('hostile input against the order portal', () => {
  it('When operator-injection payloads are sent in every body, query and path field, then each gets 400 (or 404), never data or 5xx', async () => {
    const findings = await injectionCorpus({
      baseUrl: portal.http.url,
      doc,
      headers,
      examples: {
        'post /api/orders': {
          payingMunicipalityCode: 253,
          citizen: { reference: 'Borger X', age: 30 },
          need: {
            targetGroup: 'autisme',
            legalBasis: 'SEL § 108',
            wantedStart: '2027-01-01',
            needs: 'x',
          },
          goals: [{ goal: 'g', followUp: 'f' }],
        },
      },
    });
    expect(findings).toEqual([]);
  });

  it('When 1,000 generated requests hit each route, then none answers 5xx or leaks internals', async () => {
    const findings = await fuzzOperations({ baseUrl: portal.http.url, doc, headers, runs: 1000 });
    expect(findings).toEqual([]);
  });
});
