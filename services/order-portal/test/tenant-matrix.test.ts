/**
 * The cross-tenant matrix of the order portal (issue 7): every API operation and every portal page
 * with an id in its path, called on Greve's records by everyone who must not reach them — Køge's
 * and Roskilde's case workers, supplier B, the municipal supplier, roles that never see citizen
 * data. Each must get 403 or 404 with none of the canaries planted in the record, and the owners'
 * view must read the same afterwards. A new route with an id fails the first test until it is
 * classified here.
 */
import request from 'supertest';
import {
  PARTIES,
  canary,
  party,
  expressRoutes,
  openApiIdRoutes,
  partiesOf as pick,
  tenantMatrixTests,
  viewsOf,
  type ListCase,
  type PartyActor,
  type Party,
  type TenantMatrix,
} from '@rammeaftale/testing';
import { startRegistry, type RegistryHarness } from './offers/support';
import { sessionCookie } from './support/session-cookie';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from './support/order-factories';

jest.setTimeout(60_000);

/** The parties of the matrix: the shared test parties, and Solrød as a municipality with no part. */
const WHO = {
  greve: PARTIES.caseworkerGreve,
  koege: PARTIES.caseworkerKoege,
  roskilde: PARTIES.caseworkerRoskilde,
  solroed: party('caseworkerGreve', {
    userId: 'sagsbehandler-solroed',
    organisationId: 'mun-269',
    name: 'Sagsbehandler, Solrød Kommune',
  }),
  supplierA: PARTIES.supplierA,
  supplierB: PARTIES.supplierB,
  municipalSupplier: PARTIES.supplierRoskilde,
  secretariat: PARTIES.secretariat,
  authority: PARTIES.authority,
  operator: PARTIES.operator,
  service: PARTIES.contractsService,
} satisfies Record<string, PartyActor>;
type Who = keyof typeof WHO;

/** Greve's order in the middle of its search: requests out, one answer in, the check made. */
const G = {
  reference: canary('Borger'),
  needs: canary('behov'),
  special: canary('krav'),
  goal: canary('maal'),
  followUp: canary('opfoelgning'),
  conditions: canary('betingelser'),
  checkNote: canary('tjeknote'),
  interestNote: canary('interessenote'),
  offerName: canary('Tilbud'),
};
/** Greve's second order: a private offer selected, with a reason. */
const G2 = {
  reference: canary('Borger'),
  goal: canary('maal'),
  followUp: canary('opfoelgning'),
  reason: canary('begrundelse'),
  notes: canary('notat'),
};

let h: RegistryHarness;
/** Bearer tokens for the API; the session cookie and each one's own CSRF token for the pages. */
const api = {} as Record<Who, Party>;
const page = {} as Record<Who, Party>;
const ids = { g: '', g2: '', k: '', reqA: '', reqR: '', req2: '', fup: '' };

/** What the set-up reads of the answers: a new order's id, the requests sent. */
interface SetupBody {
  id: string;
  sent: { offerId: string; requestId: string }[];
  followUps: { followUpId: string }[];
}

async function ok(
  res: request.Response | Promise<request.Response>,
  status: number,
): Promise<SetupBody> {
  const r = await res;
  if (r.status !== status) throw new Error(`${r.status} ${r.text}`);
  return r.body as SetupBody;
}
const as = (who: Who) => ({
  post: (path: string, body: object = {}) =>
    request(h.url).post(path).set(api[who].headers).send(body),
});

beforeAll(async () => {
  h = await startRegistry('op_tenant_matrix');
  for (const [who, w] of Object.entries(WHO) as [Who, (typeof WHO)[Who]][]) {
    const token = await h.idp.issue(w);
    api[who] = { headers: { authorization: `Bearer ${token}` } };
    const cookie = { cookie: await sessionCookie(h.portal, token) };
    const html = (await request(h.url).get('/bestillinger').set(cookie)).text;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error(`no CSRF token in the portal for ${who}`);
    page[who] = { headers: cookie, formFields: { _csrf: csrf } };
  }
  const db = h.portal.runtime.db;
  await makeMunicipalities(db, [253, 259, 265]);
  for (const cvr of ['11111111', '22222222'])
    await makeOrganisation(db, { _id: `cvr-${cvr}`, kind: 'private', name: `Udbyder ${cvr}`, cvr });
  const confirmedAt = h.clock.now;
  const municipal = { kind: 'municipal' as const, organisationId: 'mun-265' };
  await makeOffer(db, 'offer-a', {
    name: G.offerName,
    confirmedAt,
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
  });
  await makeOffer(db, 'offer-b', {
    confirmedAt,
    operator: { kind: 'private', organisationId: 'cvr-22222222' },
  });
  await makeOffer(db, 'offer-r', { confirmedAt, operator: municipal });
  await makeOffer(db, 'offer-r2', { confirmedAt, operator: municipal });

  ids.g = (
    await ok(
      as('greve').post(
        '/api/orders',
        orderBody({
          citizen: { reference: G.reference },
          need: { needs: G.needs, specialRequirements: G.special },
          goals: [{ goal: G.goal, followUp: G.followUp }],
        }),
      ),
      201,
    )
  ).id;
  await ok(as('greve').post(`/api/orders/${ids.g}/search`), 200);
  const sent = (
    await ok(
      as('greve').post(`/api/orders/${ids.g}/requests`, {
        offerIds: ['offer-a', 'offer-b', 'offer-r'],
      }),
      201,
    )
  ).sent;
  const requestOf = (offerId: string) => sent.find((s) => s.offerId === offerId)!.requestId;
  // Supplier B is asked too: it holds a request on the same order, just not supplier A's.
  ids.reqA = requestOf('offer-a');
  ids.reqR = requestOf('offer-r');
  await ok(
    as('municipalSupplier').post(`/api/requests/${ids.reqR}/answer`, {
      kind: 'offer',
      dailyPriceOre: 300_000,
      possibleStart: '2027-01-01',
      conditions: G.conditions,
    }),
    200,
  );
  await ok(
    as('greve').post(`/api/orders/${ids.g}/shared-offer-check`, {
      outcome: 'interest_registered',
      note: G.checkNote,
    }),
    201,
  );
  await ok(
    as('roskilde').post(`/api/orders/${ids.g}/joint-offer-interest`, { note: G.interestNote }),
    201,
  );

  ids.g2 = (
    await ok(
      as('greve').post(
        '/api/orders',
        orderBody({
          citizen: { reference: G2.reference },
          goals: [{ goal: G2.goal, followUp: G2.followUp }],
        }),
      ),
      201,
    )
  ).id;
  await ok(as('greve').post(`/api/orders/${ids.g2}/search`), 200);
  const [req2] = (
    await ok(as('greve').post(`/api/orders/${ids.g2}/requests`, { offerIds: ['offer-a'] }), 201)
  ).sent;
  await ok(
    as('supplierA').post(`/api/requests/${req2!.requestId}/answer`, {
      kind: 'offer',
      dailyPriceOre: 210_000,
      possibleStart: '2027-01-15',
    }),
    200,
  );
  await ok(
    as('greve').post(`/api/orders/${ids.g2}/selection`, {
      requestId: req2!.requestId,
      privateReason: { code: 'special_competence', text: G2.reason },
    }),
    200,
  );
  // G2's placement runs, with a follow-up meeting whose notes are a canary.
  ids.req2 = req2!.requestId;
  await ok(
    as('greve').post(`/api/orders/${ids.g2}/transitions`, { event: 'contract_signed' }),
    200,
  );
  await ok(
    as('greve').post(`/api/orders/${ids.g2}/placement-start`, { startedOn: '2026-03-01' }),
    200,
  );
  const followed = await ok(
    as('greve').post(`/api/orders/${ids.g2}/follow-ups`, {
      heldOn: '2026-03-10',
      assessments: [{ key: 'goal-1', status: 'in_progress' }],
      notes: G2.notes,
      nextDueOn: '2026-06-10',
    }),
    201,
  );
  ids.fup = followed.followUps[0]!.followUpId;

  ids.k = (
    await ok(
      as('koege').post(
        '/api/orders',
        orderBody({ payingMunicipalityCode: 259, citizen: { reference: canary('Borger') } }),
      ),
      201,
    )
  ).id;
});

afterAll(() => h.close());

const gAll = Object.values(G);
const g2All = Object.values(G2);
/** What the order page shows of Greve's order. */
const gPage = [G.reference, G.needs, G.goal, G.followUp, G.conditions];
/** What supplier A's request shows: the anonymised profile and its own offer. */
const reqA = [G.needs, G.special, G.goal, G.offerName];

const orderView = (id: string) => viewsOf(api, `/api/orders/${id}`, 'greve');
const requestView = () => viewsOf(api, `/api/requests/${ids.reqA}`, 'supplierA');
const offerView = () => viewsOf(api, '/api/offers/offer-a', 'supplierA');
const pageOf = (who: Who, path: string) => viewsOf(page, path, who);

/** Everyone but Greve's case workers, on the API's case-worker routes. */
const notTheBuyer = () =>
  pick(
    api,
    'koege',
    'roskilde',
    'supplierA',
    'supplierB',
    'municipalSupplier',
    'secretariat',
    'authority',
    'operator',
  );
const notSupplierA = () =>
  pick(api, 'supplierB', 'municipalSupplier', 'koege', 'secretariat', 'authority');
const pageNotTheBuyer = () =>
  pick(page, 'koege', 'roskilde', 'supplierA', 'supplierB', 'secretariat', 'authority');
const pageNotSupplierA = () => pick(page, 'supplierB', 'municipalSupplier', 'koege', 'secretariat');

/** A call on Greve's order G by everyone else (a write with a valid body); Greve's view must not change. */
const onGreveOrder = (json?: unknown) => () => ({
  params: { id: ids.g },
  json,
  owners: orderView(ids.g),
  canaries: gAll,
  intruders: notTheBuyer(),
});
const formOnGreveOrder = (form: Record<string, string>) => () => ({
  params: { id: ids.g },
  form,
  owners: orderView(ids.g),
  canaries: gAll,
  intruders: pageNotTheBuyer(),
});
const pageOfGreveOrder = (path: (id: string) => string, canaries: string[]) => () => ({
  params: { id: ids.g },
  owners: pageOf('greve', path(ids.g)),
  canaries,
  intruders: pageNotTheBuyer(),
});

const capacityForm = { placesInOperation: '10', occupied: '8', free: '2', waitingList: '1' };

const CONTRACT_PAGE =
  "The page shows what the contracts service answers to the signed-in person's own token, so the contracts service decides; its matrix runs with that service in test/flows/portal-contracts.test.ts";

const LETTERS_PAGE =
  "The page shows what the notifications service answers to the signed-in person's own token (ADR 0009, 0012), so that service decides; its matrix runs with that service in test/flows/workspace.test.ts";

const OVERSIGHT_PAGE =
  "The page shows what the contracts service answers to the signed-in person's own token (the secretariat's cross-tenant read, an authority's own reports), so that service decides; its matrix runs with that service in test/flows/oversight-pages.test.ts";

const IMPORT_UPLOAD =
  "A secretariat person's uploaded CSV file; its case (another secretariat person, every other role) runs in test/flows/workspace.test.ts with the pages it belongs to";

const matrix: TenantMatrix = {
  // ---- Pages served from the contracts service ----
  'get /kontrakter/{id}': { exempt: CONTRACT_PAGE },
  'get /kontrakter/{id}/versioner/{version}/pdf': { exempt: CONTRACT_PAGE },
  'post /kontrakter/{id}/send': { exempt: CONTRACT_PAGE },
  'post /kontrakter/{id}/accepter': { exempt: CONTRACT_PAGE },
  'post /kontrakter/{id}/underskriv': { exempt: CONTRACT_PAGE },
  'post /kontrakter/{id}/aktiver': { exempt: CONTRACT_PAGE },
  'post /kontrakter/{id}/trak-tilbage': { exempt: CONTRACT_PAGE },
  'post /kontrakter/{id}/afvis': { exempt: CONTRACT_PAGE },
  'post /kontrakter/{id}/opsig': { exempt: CONTRACT_PAGE },
  'post /kontrakter/{id}/ophaev': { exempt: CONTRACT_PAGE },
  'post /kontrakter/{id}/tillaeg': { exempt: CONTRACT_PAGE },
  'post /kontrakter/{id}/tillaeg/{nummer}/svar': { exempt: CONTRACT_PAGE },
  'get /takstaendringer/{id}': { exempt: CONTRACT_PAGE },
  'post /takstaendringer/{id}/beslutning': { exempt: CONTRACT_PAGE },
  'post /takstaendringer/{id}/begrundelse': { exempt: CONTRACT_PAGE },
  'get /sekretariat/takstaendringer/{id}': { exempt: OVERSIGHT_PAGE },
  'get /indberetninger/{id}/{authority}': { exempt: OVERSIGHT_PAGE },
  'get /indberetninger/{id}/{authority}/{format}': { exempt: OVERSIGHT_PAGE },
  // ---- Pages over the notifications service (letters, campaigns, the queue board) ----
  'post /drift/forsendelser/{deliveryId}/proev-igen': { exempt: LETTERS_PAGE },
  'get /drift/koeer/{*rest}': { exempt: LETTERS_PAGE },
  'get /sekretariat/kampagner/{campaignId}': { exempt: LETTERS_PAGE },
  'post /sekretariat/kampagner/{campaignId}/proev-igen': { exempt: LETTERS_PAGE },
  // An upload is its uploader's own (partyScope('uploader')), whoever else is in the secretariat.
  'get /sekretariat/import/{uploadId}': { exempt: IMPORT_UPLOAD },
  'post /sekretariat/import/{uploadId}/importer': { exempt: IMPORT_UPLOAD },
  // ---- The API (OpenAPI operations with a path parameter) ----
  'get /api/orders/{id}': onGreveOrder(),
  'post /api/orders/{id}/search': onGreveOrder(),
  'get /api/orders/{id}/shared-offer-check': () => ({
    params: { id: ids.g },
    owners: viewsOf(api, `/api/orders/${ids.g}/shared-offer-check`, 'greve'),
    canaries: [G.checkNote, G.interestNote],
    intruders: notTheBuyer(),
  }),
  'post /api/orders/{id}/shared-offer-check': onGreveOrder({
    outcome: 'none_suitable',
    note: 'Ingen egnede',
  }),
  'post /api/orders/{id}/joint-offer-interest': () => ({
    params: { id: ids.g },
    json: { note: 'Vi har en lignende borger' },
    owners: orderView(ids.g),
    canaries: gAll,
    intruders: pick(
      api,
      'supplierA',
      'supplierB',
      'municipalSupplier',
      'secretariat',
      'authority',
      'operator',
    ),
    byDesign: {
      solroed: {
        party: api.solroed,
        status: [201],
        why: "Other municipalities mark interest in an open order for a joint offer (fælles tilbud): they write to Greve's order, but learn nothing of the citizen",
      },
    },
  }),
  'post /api/orders/{id}/single-person-offer': onGreveOrder(),
  'post /api/orders/{id}/requests': onGreveOrder({ offerIds: ['offer-r2'] }),
  'post /api/orders/{id}/selection': () => ({
    ...onGreveOrder()(),
    json: { requestId: ids.reqR },
  }),
  'post /api/orders/{id}/cancellation': onGreveOrder({ reason: 'Borgeren er flyttet' }),
  'post /api/orders/{id}/transitions': () => ({
    params: { id: ids.g2 },
    json: { event: 'contract_signed' },
    owners: orderView(ids.g2),
    canaries: g2All,
    intruders: notTheBuyer(),
  }),
  'post /api/orders/{id}/placement-start': () => ({
    params: { id: ids.g2 },
    json: { startedOn: '2026-03-01' },
    owners: orderView(ids.g2),
    canaries: g2All,
    intruders: notTheBuyer(),
  }),
  'post /api/orders/{id}/placement-end': () => ({
    params: { id: ids.g2 },
    json: { endedOn: '2026-03-01', reason: 'Borgeren er flyttet' },
    owners: orderView(ids.g2),
    canaries: g2All,
    intruders: notTheBuyer(),
  }),
  'post /api/orders/{id}/follow-ups': () => ({
    params: { id: ids.g2 },
    json: {
      heldOn: '2026-03-12',
      assessments: [{ key: 'goal-1', status: 'reached' }],
      notes: 'Fremmed notat',
      nextDueOn: '2026-06-12',
    },
    owners: orderView(ids.g2),
    canaries: g2All,
    intruders: notTheBuyer(),
  }),
  'get /api/requests/{requestId}/follow-ups': () => ({
    params: { requestId: ids.req2 },
    owners: viewsOf(api, `/api/requests/${ids.req2}/follow-ups`, 'supplierA'),
    canaries: [G2.goal, G2.notes],
    intruders: pick(
      api,
      'supplierB',
      'municipalSupplier',
      'koege',
      'greve',
      'secretariat',
      'authority',
    ),
  }),
  'post /api/requests/{requestId}/follow-ups/{followUpId}/report': () => ({
    params: { requestId: ids.req2, followUpId: ids.fup },
    json: { report: 'Fremmed rapport' },
    owners: viewsOf(api, `/api/requests/${ids.req2}/follow-ups`, 'supplierA'),
    canaries: [G2.goal, G2.notes],
    intruders: pick(
      api,
      'supplierB',
      'municipalSupplier',
      'koege',
      'greve',
      'secretariat',
      'authority',
    ),
  }),
  'get /api/requests/{requestId}': () => ({
    params: { requestId: ids.reqA },
    owners: requestView(),
    canaries: reqA,
    intruders: notSupplierA(),
  }),
  'post /api/requests/{requestId}/answer': () => ({
    params: { requestId: ids.reqA },
    json: { kind: 'offer', dailyPriceOre: 220_000, possibleStart: '2027-02-01' },
    owners: requestView(),
    canaries: reqA,
    intruders: notSupplierA(),
  }),
  'put /api/offers/{offerId}/capacity': () => ({
    params: { offerId: 'offer-a' },
    json: { placesInOperation: 10, occupied: 8, free: 2, waitingList: 1 },
    owners: offerView(),
    canaries: [G.offerName],
    intruders: pick(api, 'supplierB', 'municipalSupplier', 'greve', 'secretariat'),
  }),
  'get /internal/orders/{id}/contract-basis': () => ({
    params: { id: ids.g2 },
    owners: viewsOf(api, `/internal/orders/${ids.g2}/contract-basis`, 'service'),
    canaries: [G2.reference, G2.goal, G2.followUp],
    // Only the contracts service drafts from it: not even the buyer or the chosen supplier.
    intruders: pick(
      api,
      'greve',
      'koege',
      'supplierA',
      'supplierB',
      'secretariat',
      'authority',
      'operator',
    ),
  }),
  'get /api/offers/{offerId}': {
    exempt:
      'The offer registry is public to every signed-in party (the agreement is about transparent capacity and prices); its one write, the capacity report, is a case above',
  },
  'get /api/policy-values/{year}': {
    exempt: 'Policy values (P/L and report thresholds) are public numbers, not tenant data',
  },
  'post /api/imports/{kind}': {
    exempt:
      "`kind` names a file format, not a record; a supplier's capacity import touching only its own offers is tested in offers/import.test.ts",
  },

  // ---- The portal's pages with an id (from the express router) ----
  'get /bestillinger/{id}': pageOfGreveOrder((id) => `/bestillinger/${id}`, gPage),
  'post /bestillinger/{id}/soeg': formOnGreveOrder({}),
  'get /bestillinger/{id}/soegning': pageOfGreveOrder(
    (id) => `/bestillinger/${id}/soegning`,
    [G.reference],
  ),
  'post /bestillinger/{id}/forespoergsler': formOnGreveOrder({
    scope: 'chosen',
    offerIds: 'offer-r2',
  }),
  'post /bestillinger/{id}/valg': () => ({
    ...formOnGreveOrder({})(),
    form: { requestId: ids.reqR },
  }),
  'post /bestillinger/{id}/annuller': formOnGreveOrder({ cancelReason: 'Borgeren er flyttet' }),
  'get /bestillinger/{id}/opfoelgning': () => ({
    params: { id: ids.g2 },
    owners: pageOf('greve', `/bestillinger/${ids.g2}/opfoelgning`),
    canaries: [G2.reference, G2.goal],
    intruders: pageNotTheBuyer(),
  }),
  'post /bestillinger/{id}/opfoelgning': () => ({
    params: { id: ids.g2 },
    form: {
      heldOn: '12.03.2026',
      'status-1': 'reached',
      notes: 'Fremmed',
      nextDueOn: '12.06.2026',
    },
    owners: orderView(ids.g2),
    canaries: g2All,
    intruders: pageNotTheBuyer(),
  }),
  'get /leverandoer/forespoergsler/{requestId}/opfoelgning': () => ({
    params: { requestId: ids.req2 },
    owners: pageOf('supplierA', `/leverandoer/forespoergsler/${ids.req2}/opfoelgning`),
    canaries: [G2.goal, G2.notes],
    intruders: pick(page, 'supplierB', 'municipalSupplier', 'koege', 'greve', 'secretariat'),
  }),
  'post /leverandoer/forespoergsler/{requestId}/opfoelgning/{followUpId}/rapport': () => ({
    params: { requestId: ids.req2, followUpId: ids.fup },
    form: { report: 'Fremmed rapport' },
    owners: viewsOf(api, `/api/requests/${ids.req2}/follow-ups`, 'supplierA'),
    canaries: [G2.goal, G2.notes],
    intruders: pick(page, 'supplierB', 'municipalSupplier', 'koege', 'greve', 'secretariat'),
  }),
  'post /bestillinger/{id}/anbringelse/start': formOnGreveOrder({ startedOn: '01.03.2026' }),
  'post /bestillinger/{id}/anbringelse/slut': formOnGreveOrder({
    endedOn: '01.03.2026',
    endReason: 'Borgeren er flyttet',
  }),
  'get /bestillinger/{id}/faelles-tilbud': pageOfGreveOrder(
    (id) => `/bestillinger/${id}/faelles-tilbud`,
    [G.interestNote],
  ),
  'post /bestillinger/{id}/faelles-tilbud': formOnGreveOrder({
    outcome: 'none_suitable',
    note: 'Ingen',
  }),
  'post /bestillinger/{id}/faelles-tilbud/interesse': () => ({
    ...formOnGreveOrder({ otherOrderId: ids.g })(),
    byDesign: {
      koege: {
        party: page.koege,
        params: { id: ids.k },
        status: [303],
        why: "From the sharing page of its own order, Køge marks interest in Greve's open order",
      },
    },
  }),
  'post /bestillinger/{id}/enkeltmandstilbud': formOnGreveOrder({}),
  'get /leverandoer/forespoergsler/{requestId}': () => ({
    params: { requestId: ids.reqA },
    owners: pageOf('supplierA', `/leverandoer/forespoergsler/${ids.reqA}`),
    canaries: reqA,
    intruders: pageNotSupplierA(),
  }),
  'post /leverandoer/forespoergsler/{requestId}/svar': () => ({
    params: { requestId: ids.reqA },
    form: { kind: 'decline', declineReason: 'Ingen ledig plads' },
    owners: requestView(),
    canaries: reqA,
    intruders: pageNotSupplierA(),
  }),
  // A notice is its recipient organisation's and role's: supplier A's of the request to it.
  'post /beskeder/{id}/laest': () => ({
    params: { id: `request-new.${ids.reqA}` },
    form: {},
    owners: pageOf('supplierA', '/beskeder'),
    canaries: [ids.reqA],
    intruders: pick(page, 'supplierB', 'municipalSupplier', 'greve', 'koege', 'secretariat'),
  }),
  'get /leverandoer/tilbud/{offerId}/kapacitet': () => ({
    params: { offerId: 'offer-a' },
    owners: pageOf('supplierA', '/leverandoer/tilbud/offer-a/kapacitet'),
    canaries: [G.offerName],
    intruders: pick(page, 'supplierB', 'municipalSupplier', 'greve', 'secretariat'),
  }),
  'post /leverandoer/tilbud/{offerId}/kapacitet': () => ({
    params: { offerId: 'offer-a' },
    form: capacityForm,
    owners: offerView(),
    canaries: [G.offerName],
    intruders: pick(page, 'supplierB', 'municipalSupplier', 'greve', 'secretariat'),
  }),
};

const lists: Record<string, () => ListCase> = {
  "Greve's orders": () => ({
    path: '/api/orders',
    owners: pick(api, 'greve'),
    intruders: pick(api, 'koege', 'roskilde', 'supplierA', 'secretariat'),
    canaries: [ids.g, ids.g2, G.reference],
  }),
  "supplier A's requests": () => ({
    path: '/api/requests',
    owners: pick(api, 'supplierA'),
    intruders: pick(api, 'supplierB', 'municipalSupplier', 'koege'),
    canaries: [ids.reqA, G.offerName],
  }),
  "the municipal supplier's requests and its answer": () => ({
    path: '/api/requests',
    owners: pick(api, 'municipalSupplier'),
    intruders: pick(api, 'supplierA', 'supplierB'),
    canaries: [ids.reqR, G.conditions],
  }),
  "the access log of Greve's citizen": () => ({
    method: 'post',
    path: '/api/access-log/extract',
    json: { citizenRef: G.reference },
    owners: pick(api, 'greve'),
    // Roskilde's own supplier unit read Greve's request: that read is in Greve's extract, not
    // in the extract of Roskilde's case workers.
    intruders: pick(api, 'koege', 'roskilde', 'solroed', 'supplierA'),
    canaries: [ids.g],
  }),
  "Greve's order report (private choices with reasons)": () => ({
    path: '/api/reports/orders',
    owners: pick(api, 'greve'),
    intruders: pick(api, 'koege', 'roskilde', 'supplierA'),
    canaries: [ids.g2, G2.reason],
  }),
  "the page of Greve's orders": () => ({
    path: '/bestillinger',
    owners: pick(page, 'greve'),
    intruders: pick(page, 'koege', 'roskilde', 'supplierA'),
    canaries: [ids.g, G.reference, G2.reference],
  }),
  'the notices of supplier A (Beskeder)': () => ({
    path: '/beskeder',
    owners: pick(page, 'supplierA'),
    intruders: pick(page, 'supplierB', 'municipalSupplier', 'greve'),
    canaries: [ids.reqA],
  }),
  "the municipal supplier's notices, not its municipality's case workers'": () => ({
    path: '/beskeder',
    owners: pick(page, 'municipalSupplier'),
    intruders: pick(page, 'roskilde', 'supplierA'),
    canaries: [ids.reqR],
  }),
  "Greve's notices of the answers to its orders": () => ({
    path: '/beskeder',
    owners: pick(page, 'greve'),
    intruders: pick(page, 'koege', 'roskilde', 'supplierA'),
    canaries: [ids.g],
  }),
  "the page of supplier A's requests": () => ({
    path: '/leverandoer/forespoergsler',
    owners: pick(page, 'supplierA'),
    intruders: pick(page, 'supplierB', 'municipalSupplier'),
    canaries: [ids.reqA, G.offerName],
  }),
};

describe('the cross-tenant matrix of the order portal', () => {
  tenantMatrixTests({
    baseUrl: () => h.url,
    // The API's documented operations and the portal's pages, from the express router.
    idRoutes: async () => [
      ...new Set([
        ...(await openApiIdRoutes(h.url)),
        ...expressRoutes(h.portal.app).filter((k) => k.includes('{')),
      ]),
    ],
    matrix,
    lists,
  });
});
