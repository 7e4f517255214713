/**
 * The cross-tenant matrix of the notifications service (issue 7): letters and campaigns are for
 * the operator, the secretariat and the services. A supplier, a case worker or an authority asking
 * for a delivery or a campaign by id gets 403 with none of the canaries (recipients, subject),
 * and a retry by anyone but the operator leaves the failed letter as it was. A new route with an
 * id fails the first test until it is classified here.
 */
import request from 'supertest';
import {
  canary,
  openApiIdRoutes,
  partiesOf,
  tenantMatrixTests,
  viewsOf,
  type ListCase,
  type Party,
  type TenantMatrix,
} from '@rammeaftale/testing';
import { startNotifications, type NotificationsHarness } from './support';

jest.setTimeout(60_000);

const L = {
  subject: canary('Emne'),
  to: `${canary('kontakt')}@leverandor.test`,
};
const K = {
  name: canary('Leverandoer'),
  email: `${canary('tilbud')}@leverandor.test`,
};

let h: NotificationsHarness;
const ids = { delivery: canary('tariff-letter:matrix'), campaign: canary('orientation-matrix') };
const party = {} as Record<
  'operator' | 'secretariat' | 'service' | 'supplier' | 'caseworker' | 'authority',
  Party
>;
type Who = keyof typeof party;
const pick = (...names: Who[]) => partiesOf(party, ...names);
const views = (path: string) => viewsOf(party, path, 'operator', 'secretariat', 'service');

beforeAll(async () => {
  h = await startNotifications({ name: 'tn_matrix', env: { RETRY_BASE_MS: '50' } });
  party.operator = { headers: h.headers('operator') };
  party.secretariat = { headers: h.headers('secretariat') };
  party.service = { headers: h.headers('contractsService') };
  party.supplier = { headers: h.headers('supplierA') };
  party.caseworker = { headers: h.headers('caseworkerGreve') };
  party.authority = { headers: h.headers('authority') };

  // The letter is refused by the mail server, so it is failed: the one state a retry acts on.
  h.smtp.failRecipient((a) => a === L.to);
  const letter = await request(h.url)
    .post('/letters')
    .set(party.service.headers)
    .send({
      key: ids.delivery,
      kind: 'tariff-letter',
      to: [L.to],
      subject: L.subject,
      text: 'Kære leverandør. Vi beder om en begrundelse for takststigningen.',
    });
  expect(letter.status).toBe(202);
  const campaign = await request(h.url)
    .post('/campaigns')
    .set(party.secretariat.headers)
    .send({
      key: ids.campaign,
      template: 'orientation-letter',
      kind: 'orientation-letter',
      data: {
        policyYear: '2026',
        plRate: '4,00 %',
        privateThreshold: '5,00 %',
        publicThreshold: '8,00 %',
      },
      recipients: [{ organisationId: 'cvr-11111111', name: K.name, email: K.email }],
    });
  expect(campaign.status).toBe(202);
  // Both settle before the matrix compares views: the letter failed, the campaign's one letter sent.
  for (let i = 0; i < 150; i++) {
    const [d, c] = await Promise.all([
      request(h.url).get(`/deliveries/${ids.delivery}`).set(party.operator.headers),
      request(h.url).get(`/campaigns/${ids.campaign}`).set(party.operator.headers),
    ]);
    const [delivery, progress] = [d.body as { status: string }, c.body as { percentDone: number }];
    if (delivery.status === 'failed' && progress.percentDone === 100) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the letter did not fail or the campaign did not finish in time');
});

afterAll(() => h.close());

/** No tenant of the suite reads letters: suppliers, case workers and authorities get none. */
const tenants = () => pick('supplier', 'caseworker', 'authority');

const matrix: TenantMatrix = {
  'get /deliveries/{id}': () => ({
    params: { id: ids.delivery },
    owners: views(`/deliveries/${ids.delivery}`),
    canaries: [L.subject, L.to],
    intruders: tenants(),
  }),
  'post /deliveries/{id}/retry': () => ({
    params: { id: ids.delivery },
    owners: views(`/deliveries/${ids.delivery}`),
    canaries: [L.subject, L.to],
    // Only the operator retries; the secretariat and the services read, and that is all.
    intruders: { ...tenants(), ...pick('secretariat', 'service') },
  }),
  'get /campaigns/{id}': () => ({
    params: { id: ids.campaign },
    owners: views(`/campaigns/${ids.campaign}`),
    canaries: [K.name, K.email],
    intruders: tenants(),
  }),
  'post /campaigns/{id}/retry-failed': () => ({
    params: { id: ids.campaign },
    owners: views(`/campaigns/${ids.campaign}`),
    canaries: [K.name, K.email],
    // The secretariat and the operator send a campaign's failed letters again; no party does.
    intruders: { ...tenants(), ...pick('service') },
  }),
};

const lists: Record<string, () => ListCase> = {
  'the deliveries': () => ({
    path: '/deliveries',
    owners: pick('operator', 'secretariat'),
    intruders: { ...tenants(), ...pick('service') },
    canaries: [ids.delivery, L.subject, L.to, K.email],
  }),
  'the campaigns': () => ({
    path: '/campaigns',
    owners: pick('operator', 'secretariat'),
    intruders: { ...tenants(), ...pick('service') },
    canaries: [ids.campaign],
  }),
};

describe('the cross-tenant matrix of the notifications service', () => {
  tenantMatrixTests({
    baseUrl: () => h.url,
    idRoutes: () => openApiIdRoutes(h.url),
    matrix,
    lists,
  });

  it('When the operator retries the failed letter, then it is accepted again (the positive control of the retry)', async () => {
    h.smtp.failRecipient(null);
    const res = await request(h.url)
      .post(`/deliveries/${ids.delivery}/retry`)
      .set(party.operator.headers);
    expect(res.status).toBe(202);
    await h.smtp.waitFor(2);
  });
});
