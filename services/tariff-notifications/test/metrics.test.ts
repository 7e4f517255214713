/**
 * `GET /metrics` (issue 17): Prometheus text from the process's one registry, behind the
 * scraper's bearer token. After a request, a letter sent, a letter refused with 550 at the SMTP
 * catcher and one waiting in a paused worker's queue, the named series are there: request
 * durations by route pattern (never the URL with its id), deliveries by outcome, the letters
 * queue's states and the oldest waiting job's age, readiness and the event loop's lag.
 */
import request from 'supertest';
import { METRICS } from '@rammeaftale/runtime';
import { parsePrometheus, samplesOf, seriesNames, type Sample } from '@rammeaftale/testing';
import { letterFactory, startNotifications, until, type NotificationsHarness } from './support';

const TOKEN = 'metrics-scraper-token-0123456789abcdef';
const REFUSED = 'afvist@leverandor.test';
let h: NotificationsHarness;

beforeAll(async () => {
  h = await startNotifications({
    name: 'tn_metrics',
    env: { METRICS_TOKEN: TOKEN, RETRY_BASE_MS: '50', MAIL_SOCKET_TIMEOUT_MS: '5000' },
  });
});
afterAll(() => h.close());

const scrape = async (): Promise<Sample[]> => {
  const res = await request(h.url).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(res.text);
};
const post = (key: string, to: string) =>
  request(h.url)
    .post('/letters')
    .set(h.headers('contractsService'))
    .send(letterFactory(key, { to: [to] }));
/** A look-up of one delivery: a route with an id in its URL. */
const lookUp = (key: string) =>
  request(h.url)
    .get(`/deliveries/${encodeURIComponent(key)}`)
    .set(h.headers('operator'));
const value = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samplesOf(samples, name, labels).reduce((sum, s) => sum + s.value, 0);

describe('GET /metrics', () => {
  it('When the scraper sends no token or a wrong one, then it is refused with 401 and no series', async () => {
    const none = await request(h.url).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.text).not.toContain('rammeaftale_');
    const wrong = await request(h.url)
      .get('/metrics')
      .set('authorization', `Bearer ${TOKEN.slice(0, -1)}x`);
    expect(wrong.status).toBe(401);
  });

  it('When a letter is sent and one is refused with 550, then deliveries count one sent and one bounced, and the request durations carry the route pattern, not the id', async () => {
    const before = await scrape();
    h.smtp.failRecipient((a) => a === REFUSED);
    const sent = 'contract-letter:K-2026-0101:v1';
    const bounced = 'contract-letter:K-2026-0102:v1';
    expect((await post(sent, 'tilbud@leverandor.test')).status).toBe(202);
    expect((await post(bounced, REFUSED)).status).toBe(202);
    const delta = (now: Sample[], outcome: string) =>
      value(now, METRICS.deliveries, { outcome }) - value(before, METRICS.deliveries, { outcome });
    // The counter is what the test waits on: both letters have come to an end when it says so.
    await until(
      () => scrape(),
      (now) => delta(now, 'sent') + delta(now, 'bounced') + delta(now, 'failed') >= 2,
    );
    await lookUp(sent);
    await lookUp(bounced);
    h.smtp.failRecipient(null);

    expect(h.smtp.messages.map((m) => m.envelopeTo)).toEqual([['tilbud@leverandor.test']]);
    const scraped = await scrape();
    const outcomes = Object.fromEntries(
      ['sent', 'bounced', 'failed'].map((o) => [o, delta(scraped, o)]),
    );
    expect(outcomes).toEqual({
      sent: 1,
      bounced: 1,
      failed: 0,
    });
    const lookups = value(scraped, `${METRICS.httpDuration}_count`, {
      method: 'GET',
      route: '/deliveries/:id',
      service: 'tariff-notifications',
    });
    expect(lookups).toBe(2);
    expect(
      value(scraped, `${METRICS.httpDuration}_count`, { route: '/letters', status: '202' }),
    ).toBe(2);
    const text = scraped.map((s) => JSON.stringify(s.labels)).join('\n');
    expect(text).not.toContain('K-2026-0101');
    expect(text).not.toContain(REFUSED);
  });

  it('When the worker is paused and a letter waits, then the letters queue reports it waiting with the age of the oldest; readiness and event-loop lag are there too', async () => {
    await h.svc.worker.pause();
    try {
      expect((await post('contract-letter:K-2026-0103:v1', 'tilbud@leverandor.test')).status).toBe(
        202,
      );
      await new Promise((r) => setTimeout(r, 1100));
      const samples = await scrape();
      const waiting = value(samples, METRICS.queueJobs, { queue: 'letters', state: 'waiting' });
      const oldest = value(samples, METRICS.queueOldestWaiting, { queue: 'letters' });
      console.log(`letters queue: ${waiting} waiting, oldest ${oldest.toFixed(2)} s`);
      expect(waiting).toBe(1);
      expect(oldest).toBeGreaterThanOrEqual(1);
      for (const state of ['active', 'failed', 'delayed'])
        expect(samplesOf(samples, METRICS.queueJobs, { queue: 'letters', state })).toHaveLength(1);
      expect(value(samples, METRICS.ready, { check: 'mongodb' })).toBe(1);
      expect(value(samples, METRICS.ready, { check: 'redis' })).toBe(1);
      const names = seriesNames(samples);
      for (const name of [
        METRICS.httpDuration,
        METRICS.eventLoopLag,
        METRICS.queueJobs,
        METRICS.queueOldestWaiting,
        METRICS.deliveries,
        METRICS.ready,
      ])
        expect([name, names.has(name)]).toEqual([name, true]);
    } finally {
      h.svc.worker.resume();
    }
  });
});
