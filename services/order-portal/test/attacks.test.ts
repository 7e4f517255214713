import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import { fuzzOperations, injectionCorpus, testEnv, uniqueName } from '@rammeaftale/testing';
import { orderPortalEnv } from '../src/config';
import { startOrderPortal, type OrderPortal } from '../src/start';

jest.setTimeout(300_000);

let portal: OrderPortal;
let headers: (op: string) => Record<string, string>;
let doc: unknown;

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  portal = await startOrderPortal(
    orderPortalEnv.parse({
      ...testEnv(),
      PORT: '0',
      MONGO_DB: uniqueName('op_attack'),
      AUTH_ISSUER: idp.issuer,
      AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
      RATE_LIMIT_PER_MINUTE: '1000000',
      USER_RATE_LIMIT_PER_MINUTE: '1000000',
    }),
    {
      logger: createLogger({ service: 'attack', level: 'silent' }),
      tokenVerifier: idp.verifier,
      queuePrefix: uniqueName('attack'),
    },
  );
  const token = async (
    role: 'caseworker' | 'supplier' | 'secretariat' | 'service',
    organisationId: string,
  ) => ({
    authorization: `Bearer ${await idp.issue({ userId: `u-${role}`, role, organisationId })}`,
  });
  const byRole = {
    caseworker: await token('caseworker', 'mun-253'),
    supplier: await token('supplier', 'cvr-11111111'),
    secretariat: await token('secretariat', 'secretariat'),
    service: await token('service', 'standard-contract'),
  };
  // Each route is attacked with a role allowed to call it, so attacks reach validation, not 403.
  headers = (op) =>
    op.includes('/internal/')
      ? byRole.service
      : op.includes('/api/requests')
        ? byRole.supplier
        : op.startsWith('post /api/orders') || op.startsWith('get /api/orders')
          ? byRole.caseworker
          : byRole.secretariat;
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
