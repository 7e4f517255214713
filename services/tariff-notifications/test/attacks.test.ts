import { fuzzOperations, injectionCorpus } from '@rammeaftale/testing';
import { startNotifications, type NotificationsHarness } from './support';

jest.setTimeout(180_000);

let h: NotificationsHarness;
let svc: NotificationsHarness['svc'];
let headers: (op: string) => Record<string, string>;
let doc: unknown;

beforeAll(async () => {
  h = await startNotifications({ name: 'tn_attack', env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  svc = h.svc;
  // Each route is attacked with a role allowed to call it, so the attacks reach validation
  // rather than stopping at 403.
  headers = (op) =>
    h.headers(
      ['post /campaigns', 'post /campaigns/preview'].includes(op) ? 'secretariat' : 'operator',
    );
  doc = await (await fetch(`${svc.http.url}/openapi.json`)).json();
});

afterAll(() => h.close());

describe('hostile input', () => {
  it('When operator-injection payloads are sent in every body, query and path field, then each gets 400 (or 404), never data or 5xx', async () => {
    const findings = await injectionCorpus({
      baseUrl: svc.http.url,
      doc,
      headers,
      examples: {
        'post /letters': {
          key: 'k:1',
          kind: 'orientation-letter',
          to: ['a@b.dk'],
          subject: 's',
          text: 't',
        },
      },
    });
    expect(findings).toEqual([]);
  });

  it('When 1,000 generated requests hit each route, then none answers 5xx or leaks internals', async () => {
    const findings = await fuzzOperations({ baseUrl: svc.http.url, doc, headers, runs: 1000 });
    expect(findings).toEqual([]);
  });
});
