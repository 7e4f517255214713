import request from 'supertest';
import type { Role } from '@rammeaftale/auth';
import {
  expressRoutes,
  formFieldNames,
  fuzzPages,
  uniqueName,
  type PageSession,
} from '@rammeaftale/testing';
import type { OrderPortal } from '../../src/start';
import { startTestPortal } from '../support/start-portal';
import { sessionCookie } from '../support/session-cookie';
import { localProvider, type LocalProvider } from '../support/local-provider';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from '../support/order-factories';

/**
 * Hostile input against the portal's own pages and form posts (they are routes too, outside the
 * OpenAPI document): 1,000 generated requests per page route, signed in with a role the page is
 * for and carrying that session's CSRF token, so the requests reach the handlers.
 */
jest.setTimeout(900_000);

let portal: OrderPortal;
let provider: LocalProvider;
const sessions: Record<string, PageSession> = {};
const pathValues: Record<string, string[]> = {};
const fieldNames = new Set<string>();

/**
 * The pages of the portal: everything but the API, documents, probes and static assets. The
 * contract and tariff pages read the contracts service; they are fuzzed where it runs
 * (test/flows/portal-contracts.test.ts).
 */
const isPage = (route: string) =>
  !/^\w+ \/(api|internal|openapi\.json|docs|healthz|readyz|assets|kontrakter|takstaendringer)\b/.test(
    route,
  );

const roleOf = (route: string): string =>
  route.includes(' /leverandoer')
    ? 'supplier'
    : route.includes(' /rapporter')
      ? 'secretariat'
      : route.includes(' /drift')
        ? 'operator'
        : 'caseworker';

beforeAll(async () => {
  const prefix = uniqueName('op_page_attack');
  // Sign-in configured, so its pages are fuzzed as they run in production.
  provider = await localProvider(prefix);
  const idp = provider.idp;
  portal = await startTestPortal(prefix, { verifier: idp.verifier, env: provider.env });
  await provider.serve(portal, []);
  const db = portal.runtime.db;
  await makeMunicipalities(db, [253, 265]);
  await makeOrganisation(db, {
    _id: 'cvr-11111111',
    kind: 'private',
    name: 'Omsorg ApS',
    cvr: '11111111',
  });
  await makeOffer(db, 'public-1', { operator: { kind: 'municipal', organisationId: 'mun-265' } });
  await makeOffer(db, 'private-1', {
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
  });

  const users: Record<string, { role: Role; organisationId: string }> = {
    caseworker: { role: 'caseworker', organisationId: 'mun-253' },
    supplier: { role: 'supplier', organisationId: 'cvr-11111111' },
    secretariat: { role: 'secretariat', organisationId: 'secretariat' },
    operator: { role: 'operator', organisationId: 'operator' },
  };
  const tokens: Record<string, string> = {};
  for (const [name, u] of Object.entries(users))
    tokens[name] = await idp.issue({ userId: `fuzz-${name}`, ...u });

  // Real records behind the ids, so generated requests get past the look-ups: an order with a
  // search and a request to the private supplier.
  const api = request(portal.http.url);
  const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  const order = await api.post('/api/orders').set(auth('caseworker')).send(orderBody());
  expect(order.status).toBe(201);
  const id = (order.body as { id: string }).id;
  expect((await api.post(`/api/orders/${id}/search`).set(auth('caseworker'))).status).toBe(200);
  const sent = await api
    .post(`/api/orders/${id}/requests`)
    .set(auth('caseworker'))
    .send({ offerIds: ['private-1', 'public-1'] });
  expect(sent.status).toBe(201);
  const requests = await api.get('/api/requests').set(auth('supplier'));
  const requestIds = (requests.body as { items: { requestId: string }[] }).items.map(
    (r) => r.requestId,
  );
  expect(requestIds.length).toBeGreaterThan(0);
  Object.assign(pathValues, {
    id: [id],
    requestId: requestIds,
    offerId: ['private-1', 'public-1'],
  });

  // Each role's session and CSRF token, and the names of the form fields its pages show.
  const pagesOf: Record<string, string[]> = {
    caseworker: [
      '/bestillinger',
      '/bestillinger/ny',
      `/bestillinger/${id}`,
      `/bestillinger/${id}/soegning`,
      `/bestillinger/${id}/faelles-tilbud`,
    ],
    supplier: [
      '/leverandoer/forespoergsler',
      `/leverandoer/forespoergsler/${requestIds[0]}`,
      '/leverandoer/tilbud/private-1/kapacitet',
    ],
    secretariat: ['/rapporter/bestillinger'],
    operator: ['/drift'],
  };
  for (const [who, pages] of Object.entries(pagesOf)) {
    const cookie = await sessionCookie(portal, tokens[who]!);
    let csrf = '';
    for (const page of pages) {
      const res = await fetch(portal.http.url + page, { headers: { cookie } });
      expect(res.status).toBe(200);
      const html = await res.text();
      csrf ||= /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
      for (const n of formFieldNames(html)) fieldNames.add(n);
    }
    expect(csrf).not.toBe('');
    sessions[who] = { cookie, csrf };
  }
});

afterAll(async () => {
  await portal.close();
  await provider.close();
});

describe('hostile input against the portal pages', () => {
  it('When 1,000 generated requests hit each page and form post, then none answers 5xx, leaks internals or echoes markup', async () => {
    const routes = expressRoutes(portal.app).filter(isPage);
    // The enumeration found the pages (a guard against fuzzing nothing).
    expect(routes).toEqual(
      expect.arrayContaining([
        'get /bestillinger/{id}',
        'post /leverandoer/tilbud/{offerId}/kapacitet',
        'get /log-ind/callback',
      ]),
    );
    expect([...fieldNames]).toEqual(expect.arrayContaining(['placesInOperation', 'needs']));
    const started = Date.now();
    const findings = await fuzzPages({
      baseUrl: portal.http.url,
      routes,
      session: (route) => sessions[roleOf(route)]!,
      pathValues,
      fieldNames: [...fieldNames],
      runs: 1000,
    });
    // One example per route and kind of problem, so a failure reads as a list of distinct bugs.
    const distinct = new Map(findings.map((f) => [`${f.op} ${f.status} ${f.problem}`, f.request]));
    expect([...distinct]).toEqual([]);
    console.log(`${routes.length} page routes × 1,000 requests in ${Date.now() - started} ms`);
  });
});
