import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { vocabularyModel } from '../src/orders/follow-up-vocabulary';
import { json, type OrderView, type Problem } from './support/json';
import { makeMunicipalities, orderBody } from './support/order-factories';
import { orderAt } from './support/placed-order';
import { startTestPortal, type TestPortal } from './support/start-portal';

/** Follow-up meetings during the placement (personrettet tilsyn) and the supplier's reports. */
let idp: LocalIdentityProvider;
let portal: TestPortal;
const NOW = new Date('2026-06-15T10:00:00Z');
const WHO = {
  greve: party('caseworkerGreve', { userId: 'cw-greve' }),
  koege: party('caseworkerKoege', { userId: 'cw-koege' }),
  supplierA: party('supplierA', { userId: 'sup-a' }),
  supplierB: party('supplierB', { userId: 'sup-b' }),
};
type Who = keyof typeof WHO;
const tokens = {} as Record<Who, string>;
const NOTES = 'Borgeren har svært ved morgenrutinen efter medicinskift';

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_follow_ups'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
    now: () => NOW,
  });
  await makeMunicipalities(portal.runtime.db, [253, 259]);
  for (const [who, actor] of Object.entries(WHO) as [Who, (typeof WHO)[Who]][])
    tokens[who] = await idp.issue(actor);
});
afterAll(() => portal.close());

const api = (who: Who) => ({
  get: (path: string) => request(portal.http.url).get(path).set(bearer(tokens[who])),
  post: (path: string, body: object) =>
    request(portal.http.url).post(path).set(bearer(tokens[who])).send(body),
});

/** A placement of supplier A's offer; its order id and the id of supplier A's selected request. */
const placements = new Map<string, string>();
async function runningPlacement(status: 'active' | 'contracted' = 'active'): Promise<string> {
  const res = await api('greve').post(
    '/api/orders',
    orderBody({
      citizen: { cpr: undefined },
      goals: [
        { goal: 'Selvstændig morgenrutine', followUp: 'Hver 3. måned' },
        { goal: 'Deltage i dagtilbud', followUp: 'Hver 3. måned' },
      ],
    }),
  );
  const id = json<OrderView>(res).id;
  placements.set(
    id,
    await orderAt(portal.runtime.db, id, status, { placement: { startedOn: '2026-03-01' } }),
  );
  return id;
}

const meeting = (over: object = {}) => ({
  heldOn: '2026-06-01',
  assessments: [
    { key: 'goal-1', status: 'in_progress' },
    { key: 'goal-2', status: 'reached' },
  ],
  notes: NOTES,
  nextDueOn: '2026-09-01',
  ...over,
});

interface SupplierFollowUps {
  goals: string[];
  followUps: { followUpId: string; notes: string; supplierReport?: { text: string } }[];
}

describe('follow-ups during the placement', () => {
  it('When the case worker records a meeting, then each goal has its status and label, the next due date is kept, and the notes are in no log line', async () => {
    const id = await runningPlacement();
    const res = await api('greve').post(`/api/orders/${id}/follow-ups`, meeting());
    expect(res.status).toBe(201);
    const [f] = json<OrderView>(res).followUps!;
    expect(f).toMatchObject({
      heldOn: '2026-06-01',
      nextDueOn: '2026-09-01',
      notes: NOTES,
      assessments: [
        { key: 'goal-1', label: 'Selvstændig morgenrutine', status: 'in_progress' },
        { key: 'goal-2', label: 'Deltage i dagtilbud', status: 'reached' },
      ],
    });
    expect(f!.followUpId).toMatch(/^fup-[a-z]{24}$/);
    expect(portal.log.text()).not.toContain(NOTES);
  });

  it('When a goal is left out, a status is not in the vocabulary or the dates are wrong, then 400 names each field', async () => {
    const id = await runningPlacement();
    const res = await api('greve').post(
      `/api/orders/${id}/follow-ups`,
      meeting({
        heldOn: '2026-06-20',
        assessments: [{ key: 'goal-1', status: 'almost' }],
        nextDueOn: '2026-06-10',
      }),
    );
    expect(res.status).toBe(400);
    expect(json<Problem>(res).errors.map((e) => [e.field, e.code])).toEqual([
      ['body.assessments.0.status', 'unknown_status'],
      ['body.assessments.goal-2', 'missing'],
      ['body.heldOn', 'in_future'],
      ['body.nextDueOn', 'not_after_meeting'],
    ]);
  });

  it('When the placement has not started, then 409; another municipality gets 404', async () => {
    const contracted = await runningPlacement('contracted');
    const early = await api('greve').post(`/api/orders/${contracted}/follow-ups`, meeting());
    expect(early.status).toBe(409);
    const id = await runningPlacement();
    expect((await api('koege').post(`/api/orders/${id}/follow-ups`, meeting())).status).toBe(404);
  });

  it('When the supplier of the placement reads its follow-ups and reports, then it sees the goals and notes, reports once, and another supplier sees nothing', async () => {
    const id = await runningPlacement();
    await api('greve').post(`/api/orders/${id}/follow-ups`, meeting());
    const REQUEST = placements.get(id)!;
    const seen = json<SupplierFollowUps>(
      await api('supplierA').get(`/api/requests/${REQUEST}/follow-ups`),
    );
    expect(seen.goals).toEqual(['Selvstændig morgenrutine', 'Deltage i dagtilbud']);
    expect(JSON.stringify(seen)).not.toContain('Borger A-17');
    const fup = seen.followUps.at(-1)!.followUpId;
    const path = `/api/requests/${REQUEST}/follow-ups/${fup}/report`;
    const report = await api('supplierA').post(path, { report: 'Morgenrutinen øves dagligt' });
    expect(report.status).toBe(201);
    expect(json<SupplierFollowUps>(report).followUps.at(-1)!.supplierReport).toMatchObject({
      text: 'Morgenrutinen øves dagligt',
    });
    expect((await api('supplierA').post(path, { report: 'Igen' })).status).toBe(409);
    expect((await api('supplierB').get(`/api/requests/${REQUEST}/follow-ups`)).status).toBe(404);
    expect((await api('supplierB').post(path, { report: 'Fremmed' })).status).toBe(404);
    const order = json<OrderView>(await api('greve').get(`/api/orders/${id}`));
    expect(order.followUps!.at(-1)!.supplierReport).toMatchObject({
      text: 'Morgenrutinen øves dagligt',
    });
  });

  it('When the quality model adds a theme to the vocabulary, then the next meeting must assess it too, without a release', async () => {
    await vocabularyModel(portal.runtime.db).create({
      _id: 'theme:trivsel',
      kind: 'theme',
      code: 'trivsel',
      label: 'Trivsel og relationer',
      sortOrder: 10,
      active: true,
    });
    const vocabulary = await api('greve').get('/api/follow-up-vocabulary');
    expect(vocabulary.body).toMatchObject({
      statuses: [{ code: 'reached' }, { code: 'in_progress' }, { code: 'not_reached' }],
      themes: [{ code: 'trivsel', label: 'Trivsel og relationer' }],
    });
    const id = await runningPlacement();
    const without = await api('greve').post(`/api/orders/${id}/follow-ups`, meeting());
    expect(json<Problem>(without).errors).toEqual([
      expect.objectContaining({ field: 'body.assessments.theme-trivsel', code: 'missing' }),
    ]);
    const assessments = [...meeting().assessments, { key: 'theme-trivsel', status: 'reached' }];
    const withTheme = await api('greve').post(
      `/api/orders/${id}/follow-ups`,
      meeting({ assessments }),
    );
    expect(withTheme.status).toBe(201);
    await vocabularyModel(portal.runtime.db).deleteOne({ _id: 'theme:trivsel' });
  });
});
