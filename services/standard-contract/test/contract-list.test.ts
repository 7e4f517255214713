/**
 * The contract list (issue 15): filtered and searched on the server, read a page at a time with
 * a cursor, with the count of all that match; always within the caller's own contracts.
 */
import {
  MUNICIPALITIES,
  activeContract,
  answer,
  as,
  offerId,
  problemOf,
  startContracts,
  type ContractPage,
  type ContractsHarness,
} from './support';

jest.setTimeout(60_000);

let h: ContractsHarness;
const offer = offerId('list');
const ids: Record<'x1' | 'x2' | 'x3' | 'koegePays' | 'roskilde' | 'other', string> = {
  x1: '',
  x2: '',
  x3: '',
  koegePays: '',
  roskilde: '',
  other: '',
};

beforeAll(async () => {
  h = await startContracts();
  ids.x1 = await activeContract(h, { offer: { offerId: offer, name: 'Bostedet Kastanjen' } });
  ids.x2 = await activeContract(h, { offer: { offerId: offer, name: 'Bostedet Kastanjen' } });
  ids.x3 = await activeContract(h, { offer: { offerId: offer, name: 'Bostedet Kastanjen' } });
  ids.koegePays = await activeContract(h, {
    basis: { payingMunicipality: MUNICIPALITIES.koege },
  });
  ids.roskilde = await activeContract(h, { buyer: 'roskilde' });
  ids.other = await activeContract(h, { supplier: 'otherSupplier' });
  const ended = await as(h, 'greve').post(`/contracts/${ids.x3}/termination`, {
    noticeGivenOn: '2026-01-05',
    reason: 'Borgeren flytter',
  });
  expect(ended.status).toBe(200);
});

afterAll(() => h.svc.close());

const list = (who: 'greve' | 'koege' | 'supplier' | 'service', query: string) =>
  answer<ContractPage>(as(h, who).get(`/contracts?${query}`));

describe('filters and search on the server', () => {
  it('When the buyer filters by offer and status, then only those contracts come, with their count', async () => {
    const running = await list('greve', `offerId=${offer}&status=active`);
    expect(running.status).toBe(200);
    expect(running.body.items.map((c) => c.id).sort()).toEqual([ids.x1, ids.x2].sort());
    expect(running.body.count).toBe(2);
    const ended = await list('greve', `offerId=${offer}&status=terminated`);
    expect(ended.body.items.map((c) => c.id)).toEqual([ids.x3]);
  });

  it('When the search names part of the offer, or an order id, then it finds them, case-insensitively', async () => {
    const byName = await list('greve', 'q=kastanj');
    expect(byName.body.count).toBe(3);
    const orderId = ids.x1.slice(2);
    expect((await list('greve', `q=${orderId}`)).body.items.map((c) => c.id)).toEqual([ids.x1]);
    // A search term is text, never a pattern.
    expect((await list('greve', 'q=.*')).body.count).toBe(0);
  });

  it('When the paying municipality filters by itself, then it gets the contracts it pays for and no other', async () => {
    const pays = await list('koege', 'municipalityId=mun-259');
    expect(pays.body.items.map((c) => c.id)).toContain(ids.koegePays);
    expect(pays.body.items.map((c) => c.id)).not.toContain(ids.x1);
  });

  it("When a municipality filters by another municipality or supplier, then the filter narrows its own contracts and never shows another's", async () => {
    const roskilde = await list('greve', 'municipalityId=mun-265');
    expect(roskilde.body).toEqual({ items: [], count: 0 });
    const other = await list('greve', 'supplierId=provider-andet');
    expect(other.body.items.map((c) => c.id)).toEqual([ids.other]);
    const mine = await list('supplier', 'municipalityId=mun-265');
    expect(mine.body.items.map((c) => c.id)).toEqual([ids.roskilde]);
  });
});

describe('pages with a cursor', () => {
  it('When the buyer reads its contracts one at a time, then each page holds one, the cursor leads on, and together they are all of them once', async () => {
    const all = await list('greve', 'limit=200');
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < all.body.count + 1; i++) {
      const page = await list('greve', `limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.count).toBe(all.body.count);
      seen.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.body.items.map((c) => c.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('When the cursor was not made by the service, then 400 names it', async () => {
    const res = await as(h, 'greve').get(
      `/contracts?cursor=${Buffer.from('x|y').toString('base64url')}`,
    );
    expect(res.status).toBe(400);
    expect(problemOf(res).errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
  });
});
