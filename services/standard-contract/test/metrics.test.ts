/**
 * `/metrics` of a worker role's process (issue 17): the relay role has no API, only its health
 * port (serveHealth), and the scraper reads its series there with the same bearer token — the
 * contracts' and tariff changes' outbox backlogs, the inbox queue's states, readiness and the
 * event loop. Without the token it is refused, as on the API.
 */
import request from 'supertest';
import { METRICS } from '@rammeaftale/runtime';
import {
  parsePrometheus,
  samplesOf,
  seriesNames,
  testEnv,
  testLogger,
  type Sample,
} from '@rammeaftale/testing';
import { standardContractEnv } from '../src/config';
import { startStandardContractRole, type StandardContractProcess } from '../src/start';
import { AUTHORITIES } from './support/factories';
import { startContracts, type ContractsHarness } from './support/start-contracts';

const TOKEN = 'contracts-metrics-token-0123456789abcdef';
let h: ContractsHarness;
let relay: StandardContractProcess;

beforeAll(async () => {
  h = await startContracts({ env: { METRICS_TOKEN: TOKEN } });
  const config = standardContractEnv.parse({
    ...testEnv(),
    PORT: '0',
    MONGO_DB: h.prefix,
    AUTH_ISSUER: h.idp.issuer,
    AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
    ORDER_PORTAL_URL: h.portal.url,
    AUTHORITIES: JSON.stringify(AUTHORITIES),
    TARIFF_NOTIFICATIONS_URL: 'http://127.0.0.1:1',
    PORTAL_URL: 'https://portal.rammeaftale-sjaelland.test',
    METRICS_TOKEN: TOKEN,
  });
  relay = await startStandardContractRole(config, 'relay', {
    logger: testLogger('sc-relay').logger,
    queuePrefix: h.prefix,
    serviceTokens: () => Promise.reject(new Error('the relay calls no service')),
  });
});
afterAll(async () => {
  await relay?.close();
  await h?.svc.close();
});

const scrape = async (url: string): Promise<Sample[]> => {
  const res = await request(url).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  return parsePrometheus(res.text);
};

describe('a worker role’s /metrics', () => {
  it('When the relay process is scraped on its health port, then its outboxes, the inbox queue, readiness and the event loop are there; without the token, 401', async () => {
    expect((await request(relay.http.url).get('/metrics')).status).toBe(401);
    const samples = await scrape(relay.http.url);
    for (const outbox of ['contracts', 'tariffChanges']) {
      const labels = { outbox, service: 'standard-contract' };
      expect([outbox, samplesOf(samples, METRICS.outboxPending, labels).length]).toEqual([
        outbox,
        1,
      ]);
      expect(samplesOf(samples, METRICS.outboxOldestPending, labels)).toHaveLength(1);
    }
    expect(
      samplesOf(samples, METRICS.queueJobs, { queue: 'standard-contract-events' }).map(
        (s) => s.labels.state,
      ),
    ).toEqual(['waiting', 'active', 'failed', 'delayed']);
    expect(samplesOf(samples, METRICS.ready, { check: 'mongodb' })[0]?.value).toBe(1);
    expect(seriesNames(samples).has(METRICS.eventLoopLag)).toBe(true);
    // The probe's own requests are counted in this process's registry, not the API's.
    await request(relay.http.url).get('/readyz');
    const after = await scrape(relay.http.url);
    expect(
      samplesOf(after, `${METRICS.httpDuration}_count`, { route: '/readyz', status: '200' })[0]
        ?.value,
    ).toBe(1);
  });

  it('When the API is scraped, then it answers its own registry with the same token', async () => {
    expect((await request(h.url).get('/metrics')).status).toBe(401);
    const samples = await scrape(h.url);
    expect(samplesOf(samples, METRICS.ready, { service: 'standard-contract' })).toHaveLength(2);
  });
});
