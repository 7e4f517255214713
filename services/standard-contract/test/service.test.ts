import request from 'supertest';
import { variantFor } from '../src/templates/template-variants';
import { startContracts, type ContractsHarness } from './support';

describe('standard-contract service', () => {
  let h: ContractsHarness;
  beforeAll(async () => {
    h = await startContracts();
  });
  afterAll(() => h.svc.close());

  it('When MongoDB and Redis are reachable, then /readyz answers 200', async () => {
    const res = await request(h.url).get('/readyz');
    expect(res.status).toBe(200);
  });

  it('When the variants are listed, then exactly the four national standard contracts are offered', async () => {
    const res = await request(h.url).get('/template-variants');
    expect((res.body as { id: string }[]).map((t) => t.id).sort()).toEqual([
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
