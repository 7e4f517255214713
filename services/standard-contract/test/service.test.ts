import request from 'supertest';
import { createLogger } from '@rammeaftale/logging';
import { testEnv, uniqueName } from '@rammeaftale/testing';
import { standardContractEnv } from '../src/config';
import { startStandardContract, type StandardContract } from '../src/start';
import { variantFor } from '../src/templates/template-variants';

describe('standard-contract service', () => {
  let svc: StandardContract;
  beforeAll(async () => {
    const config = standardContractEnv.parse({
      ...testEnv(),
      PORT: '0',
      MONGO_DB: uniqueName('sc'),
      AUTH_ISSUER: 'http://127.0.0.1/dev-idp',
      AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks',
    });
    svc = await startStandardContract(config, {
      logger: createLogger({ service: 'sc-test', level: 'silent' }),
    });
  });
  afterAll(() => svc.close());

  it('When MongoDB and Redis are reachable, then /readyz answers 200', async () => {
    const res = await request(svc.http.url).get('/readyz');
    expect(res.status).toBe(200);
  });

  it('When the variants are listed, then exactly the four national standard contracts are offered', async () => {
    const res = await request(svc.http.url).get('/template-variants');
    expect(res.body.map((t: { id: string }) => t.id).sort()).toEqual([
      'boern-ikke-rammeaftale',
      'boern-rammeaftale',
      'voksen-ikke-rammeaftale',
      'voksen-rammeaftale',
    ]);
  });
});

describe('variantFor', () => {
  it.each([
    [false, true, 'voksen-rammeaftale'],
    [false, false, 'voksen-ikke-rammeaftale'],
    [true, true, 'boern-rammeaftale'],
    [true, false, 'boern-ikke-rammeaftale'],
  ])('When child=%s and framework=%s, then the variant is %s', (child, framework, expected) => {
    expect(variantFor({ citizenIsChild: child, offerCoveredByFramework: framework })).toBe(
      expected,
    );
  });
});
