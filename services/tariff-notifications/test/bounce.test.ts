/**
 * A bounce — the recipient's server refusing a letter for good with a 5xx — flags the delivery
 * and records the contract or tariff change the letter belongs to, which the portal's
 * failed-letters page and the contracts service read, and logs one line with an `alert` field an
 * operator's alerting can match. A temporary refusal is no bounce.
 */
import request from 'supertest';
import type { z } from 'zod';
import type { DeliveryView } from '../src/deliveries/delivery.routes';
import { letterAbout } from '../src/deliveries/letter-failure';
import { letterFactory, startNotifications, until, type NotificationsHarness } from './support';

type Delivery = z.infer<typeof DeliveryView>;

const REFUSED = 'afvist@leverandor.test';
let h: NotificationsHarness;

beforeAll(async () => {
  h = await startNotifications({
    name: 'tn_bounce',
    env: { RETRY_BASE_MS: '50', MAIL_SOCKET_TIMEOUT_MS: '5000' },
  });
});
afterAll(() => h.close());
beforeEach(() => {
  h.smtp.failData(null);
  h.smtp.failRecipient(null);
});

const post = (key: string, kind: string) =>
  request(h.url)
    .post('/letters')
    .set(h.headers('contractsService'))
    .send({ ...letterFactory(key, { to: [REFUSED] }), kind });
const deliveryOf = async (id: string) =>
  (
    await request(h.url)
      .get(`/deliveries/${encodeURIComponent(id)}`)
      .set(h.headers('operator'))
  ).body as Delivery;
const alerts = () => h.log.lines().filter((l) => l.alert !== undefined);

describe('bounces', () => {
  it('When the recipient is refused with 550, then the delivery is failed and flagged as a bounce of its contract, and one alert line names the contract without the address', async () => {
    h.smtp.failRecipient((a) => a === REFUSED);
    const key = 'contract-letter:K-2026-0042:v1';
    expect((await post(key, 'contract-letter')).status).toBe(202);
    const d = await until(
      () => deliveryOf(key),
      (x) => x.status === 'failed',
    );
    expect(d.lastError).toContain('550');
    expect(d.attempts).toBe(1);
    expect(d.bounce).toMatchObject({ code: 550 });
    expect(d.about).toEqual({ contractId: 'K-2026-0042' });

    const failed = await request(h.url).get('/deliveries?status=failed').set(h.headers('operator'));
    expect((failed.body as Delivery[]).find((x) => x.id === key)?.bounce?.code).toBe(550);

    const lines = alerts().filter((l) => l.deliveryId === key);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      alert: 'letter-bounced',
      level: 50,
      contractId: 'K-2026-0042',
      smtpCode: 550,
    });
    expect(JSON.stringify(lines[0])).not.toContain(REFUSED);
  });

  it('When the server refuses a tariff letter’s message with 554, then the bounce names the tariff change', async () => {
    h.smtp.failData({ code: 554, message: '5.7.1 Message rejected' });
    const key = 'tariff-letter:tc-77:mun-253';
    expect((await post(key, 'tariff-letter')).status).toBe(202);
    const d = await until(
      () => deliveryOf(key),
      (x) => x.status === 'failed',
    );
    expect(d.bounce).toMatchObject({ code: 554 });
    expect(d.about).toEqual({ tariffChangeId: 'tc-77' });
    expect(alerts().filter((l) => l.deliveryId === key)).toEqual([
      expect.objectContaining({ alert: 'letter-bounced', tariffChangeId: 'tc-77' }),
    ]);
  });

  it('When the server refuses for now with 451, then it is no bounce: the letter waits for its next attempt and no alert is logged', async () => {
    h.smtp.failData({ code: 451, message: '4.3.0 Try again later' });
    const key = 'contract-letter:K-2026-0043:v1';
    expect((await post(key, 'contract-letter')).status).toBe(202);
    const d = await until(
      () => deliveryOf(key),
      (x) => x.attempts >= 1,
    );
    expect(d.status).toBe('pending');
    expect(d.bounce).toBeUndefined();
    expect(alerts().filter((l) => l.deliveryId === key)).toEqual([]);
    h.smtp.failData(null);
    await until(
      () => deliveryOf(key),
      (x) => x.status === 'sent',
    );
  });
});

describe('letterAbout', () => {
  it('When a key is one of the contracts service’s, then it names the contract or tariff change; otherwise nothing', () => {
    expect(letterAbout('contract-letter', 'contract-termination:K-1')).toEqual({
      contractId: 'K-1',
    });
    expect(letterAbout('authority-report', 'authority-report:tc-9:socialtilsyn-oest')).toEqual({
      tariffChangeId: 'tc-9',
    });
    expect(letterAbout('tariff-approval-reminder', 'tariff-reminder:tc-9:mun-253')).toEqual({
      tariffChangeId: 'tc-9',
    });
    expect(letterAbout('orientation-letter', 'orientation:2026:org-1')).toEqual({});
    expect(letterAbout('contract-letter', 'x')).toEqual({});
  });
});
