/**
 * Storage limitation: an order over for longer than ORDER_RETENTION_DAYS (default 5 years) is
 * anonymised by the housekeeping's retention sweeper — the CPR number, the pseudonym, the free
 * texts about the citizen go; what the market data uses stays — and each anonymisation has exactly
 * one entry in the access log. Orders within their retention, and open orders, are untouched.
 * On a fake clock: the portal's `now`.
 */
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { accessLogModel } from '@rammeaftale/privacy';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { orderModel } from '../src/orders/order.model';
import { json, type OrderView } from './support/json';
import { makeMunicipalities, orderBody } from './support/order-factories';
import { orderAt } from './support/placed-order';
import { startTestPortal, type TestPortal } from './support/start-portal';

const DAY = 24 * 60 * 60 * 1000;
const RETENTION_DAYS = 1826;
const T0 = new Date('2026-01-10T10:00:00Z');
const NEEDS = 'Døgndækning og struktur i hverdagen efter indlæggelse';
const SPECIAL = 'Må ikke bo sammen med yngre beboere';

let idp: LocalIdentityProvider;
let portal: TestPortal;
let clock = T0;
let token: string;

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_retention'), {
    verifier: idp.verifier,
    // The access log's entries carry the real time; its own retention must not purge them when
    // the fake clock is years ahead.
    env: { AUTH_ISSUER: idp.issuer, ACCESS_LOG_RETENTION_DAYS: '36500' },
    now: () => clock,
  });
  await makeMunicipalities(portal.runtime.db, [253]);
  token = await idp.issue(party('caseworkerGreve', { userId: 'cw-greve' }));
});
afterAll(() => portal.close());

const api = {
  get: (path: string) => request(portal.http.url).get(path).set(bearer(token)),
  post: (path: string, body: object) =>
    request(portal.http.url).post(path).set(bearer(token)).send(body),
};

async function newOrder(reference: string): Promise<string> {
  const res = await api.post(
    '/api/orders',
    orderBody({ citizen: { reference }, need: { needs: NEEDS, specialRequirements: SPECIAL } }),
  );
  expect(res.status).toBe(201);
  return json<OrderView>(res).id;
}

async function cancelledAt(reference: string, at: Date): Promise<string> {
  clock = at;
  const id = await newOrder(reference);
  const res = await api.post(`/api/orders/${id}/cancellation`, {
    reason: 'Borgeren er flyttet til en anden kommune',
  });
  expect(res.status).toBe(200);
  return id;
}

const stored = async (id: string) =>
  (await orderModel(portal.runtime.db).collection.findOne({ _id: id } as never)) as unknown as {
    citizen: { reference: string; age: number; gender?: string; cpr?: unknown };
    // The needs texts as stored: plain or encrypted (the vault's format), whichever is in force.
    need: Record<string, unknown>;
    goals: unknown[];
    transitions: { reason?: string }[];
    placement?: { endReason?: string };
    retention?: { anonymisedAt: Date; basis: string; logged: boolean };
  };

const deletions = async () =>
  (await accessLogModel(portal.runtime.db).find({ action: 'delete' }).lean()).map((e) => ({
    id: e.resource.id,
    citizenRef: e.citizenRef,
    organisationId: e.organisationId,
  }));

async function housekeepingAt(at: Date): Promise<void> {
  clock = at;
  await portal.housekeepingNow();
}

describe('order retention', () => {
  it('When an order is over for longer than the retention, then it is anonymised once with one access-log entry; orders within it, and open ones, are untouched', async () => {
    const old = await cancelledAt('Borger R-1', T0);
    const recent = await cancelledAt('Borger R-2', new Date(T0.getTime() + 30 * DAY));
    clock = T0;
    const ended = await newOrder('Borger R-3');
    await orderAt(portal.runtime.db, ended, 'ended', {
      placement: { startedOn: '2026-02-01', endedOn: '2026-03-31', endReason: 'Flyttet hjem' },
    });
    const open = await newOrder('Borger R-4');
    await orderAt(portal.runtime.db, open, 'active', { placement: { startedOn: '2026-02-01' } });
    const before = await stored(recent);
    const oldBefore = await stored(old);

    // A day after the first cancellation's retention ran out.
    await housekeepingAt(new Date(T0.getTime() + (RETENTION_DAYS + 1) * DAY));
    const anon = await stored(old);
    expect(anon.citizen).toEqual({ reference: 'anonymiseret', age: 30 });
    expect(anon.need).toEqual({
      targetGroup: 'autisme',
      legalBasis: 'SEL § 108',
      wantedStart: '2027-01-01',
      homeMunicipalityCode: expect.any(Number) as number,
      maxDistanceKm: 100,
      requiredCompetences: [],
      wishedCompetences: [],
    });
    expect(anon.goals).toEqual([]);
    expect(anon.transitions.some((t) => t.reason !== undefined)).toBe(false);
    expect(anon.retention).toMatchObject({ basis: 'cancelled', logged: true });
    const text = JSON.stringify(anon);
    // The texts as stored (encrypted or not) and the CPR number's ciphertext and look-up token.
    const storedTexts = [oldBefore.need.needs, oldBefore.need.specialRequirements].map(String);
    expect(JSON.stringify(oldBefore)).toContain('lookupToken');
    for (const gone of [NEEDS, SPECIAL, 'Borger R-1', 'flyttet', 'ciphertext', 'lookupToken'])
      expect(text).not.toContain(gone);
    for (const gone of storedTexts) expect(text).not.toContain(gone);
    expect(await deletions()).toEqual([
      { id: old, citizenRef: 'Borger R-1', organisationId: 'mun-253' },
    ]);
    // Within their retention: untouched, to the byte.
    expect(await stored(recent)).toEqual(before);
    expect((await stored(ended)).need.needs).toBeDefined();
    expect((await stored(open)).citizen.cpr).toBeDefined();

    // The order still opens for its municipality, as an anonymised order.
    const page = await api.get(`/api/orders/${old}`);
    expect(page.status).toBe(200);
    expect(json<OrderView>(page).citizen).toMatchObject({
      reference: 'anonymiseret',
      hasCpr: false,
    });

    // The next day's pass: nothing new, and still one entry for the order.
    await housekeepingAt(new Date(T0.getTime() + (RETENTION_DAYS + 2) * DAY));
    expect(await deletions()).toHaveLength(1);

    // Once their own retention has passed, the others follow (the ended one from its last day);
    // the open one never.
    await housekeepingAt(new Date(Date.parse('2026-04-01T00:00:00Z') + (RETENTION_DAYS + 1) * DAY));
    const all = await deletions();
    expect(all.map((d) => d.id).sort()).toEqual([old, recent, ended].sort());
    expect(all.filter((d) => d.id === ended)).toEqual([
      { id: ended, citizenRef: 'Borger R-3', organisationId: 'mun-253' },
    ]);
    const endedAnon = await stored(ended);
    expect(endedAnon.retention?.basis).toBe('placement-ended');
    expect(endedAnon.placement).toEqual({ startedOn: '2026-02-01', endedOn: '2026-03-31' });
    expect((await stored(open)).retention).toBeUndefined();
    expect(portal.log.text()).not.toContain(NEEDS);
  });

  it('When anyone reads the privacy notice, then it states how long an order keeps the citizen’s data and that it is then anonymised', async () => {
    const res = await request(portal.http.url).get('/privatliv');
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      'gemmes med borgerens oplysninger i 1826 dage (omkring 5 år). Derefter anonymiseres den automatisk',
    );
    expect(res.text).not.toContain('Bestillinger slettes ikke automatisk');
  });
});
