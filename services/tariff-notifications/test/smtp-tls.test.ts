/**
 * Letters leave only encrypted: with SMTP_REQUIRE_TLS (the production setting) a mail server that
 * does not offer STARTTLS — here the test catcher, which has STARTTLS disabled, as a downgrade
 * would — receives no message, and the delivery fails at once with the reason for the operator.
 */
import request from 'supertest';
import type { z } from 'zod';
import type { DeliveryView } from '../src/deliveries/delivery.routes';
import { letterFactory, startNotifications, until, type NotificationsHarness } from './support';

type Delivery = z.infer<typeof DeliveryView>;

let h: NotificationsHarness;

beforeAll(async () => {
  h = await startNotifications({
    name: 'tn_tls',
    env: { SMTP_REQUIRE_TLS: 'true', RETRY_BASE_MS: '50', MAIL_SOCKET_TIMEOUT_MS: '5000' },
  });
});

afterAll(() => h.close());

describe('SMTP over TLS only', () => {
  it('When the mail server offers no STARTTLS, then no message is accepted and the delivery fails with the reason', async () => {
    const res = await request(h.url)
      .post('/letters')
      .set(h.headers('contractsService'))
      .send(letterFactory('tls-letter-1', { to: ['tilbud@leverandor.test'] }));
    expect(res.status).toBe(202);
    const d = await until(
      async () =>
        (await request(h.url).get('/deliveries/tls-letter-1').set(h.headers('operator')))
          .body as Delivery,
      (x) => x.status === 'failed',
    );
    expect(d.lastError).toMatch(/^ETLS: .*STARTTLS/);
    expect(d.attempts).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.smtp.messages).toHaveLength(0);
    // Not a bounce: the address may well be fine; the connection was not safe.
    expect(h.log.lines().some((l) => l.alert === 'smtp-tls-refused')).toBe(true);
  });
});
