import request from 'supertest';
import { crossTenant } from '@rammeaftale/db';
import { recipientDeliveryKey } from '../src/campaigns/start-campaign.use-case';
import { acceptDeliveries } from '../src/deliveries/accept-delivery.use-case';
import { DeliveryRepository } from '../src/deliveries/delivery.repository';
import {
  ORIENTATION_DATA,
  recipientsFactory,
  startNotifications,
  type NotificationsHarness,
} from './support';

let h: NotificationsHarness;
let smtp: NotificationsHarness['smtp'];
let svc: NotificationsHarness['svc'];
let secretariat: string;

beforeAll(async () => {
  h = await startNotifications({ name: 'tn_campaign' });
  ({ smtp, svc } = h);
  secretariat = h.tokens.secretariat;
});

afterAll(() => h.close());

type Accepted = { id: string; created: boolean; recipients: number };
type Problem = { errors: { field: string }[] };

const data = ORIENTATION_DATA;
const recipients = recipientsFactory(12);

describe('orientation letter campaign', () => {
  it('When the secretariat sends the orientation letter to a set of suppliers, then each gets its own letter and the progress shows each status', async () => {
    smtp.failRecipient((a) => a === 'kontakt3@leverandor.test');
    const res = await request(svc.http.url)
      .post('/campaigns')
      .set('authorization', `Bearer ${secretariat}`)
      .send({
        key: 'orientation-2026',
        template: 'orientation-letter',
        kind: 'orientation-letter',
        data,
        recipients,
      });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: 'orientation-2026', created: true, recipients: 12 });

    await smtp.waitFor(11);
    let progress: {
      body: {
        counts: Record<string, number>;
        percentDone: number;
        recipients: { organisationId: string; status: string; lastError?: string }[];
      };
    };
    const end = Date.now() + 15000;
    do {
      progress = await request(svc.http.url)
        .get('/campaigns/orientation-2026')
        .set('authorization', `Bearer ${secretariat}`);
      await new Promise((r) => setTimeout(r, 100));
    } while (progress.body.percentDone < 100 && Date.now() < end);
    expect(progress.body.counts).toMatchObject({ sent: 11, failed: 1 });
    expect(progress.body.percentDone).toBe(100);
    const failed = progress.body.recipients.find((r) => r.organisationId === 'provider-3');
    expect(failed?.status).toBe('failed');
    expect(failed?.lastError).toContain('kontakt3@leverandor.test');
    const toProvider5 = smtp.messages.find((m) => m.envelopeTo[0] === 'kontakt5@leverandor.test');
    expect(toProvider5?.text).toContain('Kære Leverandør 5 ApS');
    expect(toProvider5?.subject).toBe(
      'Orientering om standardkontrakter og håndtering af takststigninger i Rammeaftale Sjælland',
    );
  });

  it('When the same campaign is posted again, then nothing is sent twice', async () => {
    const before = smtp.messages.length;
    const res = await request(svc.http.url)
      .post('/campaigns')
      .set('authorization', `Bearer ${secretariat}`)
      .send({
        key: 'orientation-2026',
        template: 'orientation-letter',
        kind: 'orientation-letter',
        data,
        recipients,
      });
    expect((res.body as Accepted).created).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.length).toBe(before);
  });

  it('When some recipients’ letters were accepted before a crash, then starting the campaign accepts the rest in bulk and sends each letter once', async () => {
    smtp.failRecipient(null);
    smtp.clear();
    const key = 'orientation-2026-crashed';
    const deps = {
      deliveries: new DeliveryRepository(svc.runtime.db),
      producer: svc.producer,
      logger: svc.runtime.logger,
    };
    // Two of the letters were accepted (one already sent) before the process died.
    const early = recipients.slice(0, 2).map((r) => ({
      key: recipientDeliveryKey(key, r.organisationId),
      kind: 'orientation-letter',
      campaignId: key,
      to: [r.email],
      subject: 'Orientering',
      text: 'Tekst',
    }));
    // A service hands the letters over across tenants, as the contracts service does.
    const scope = crossTenant('the test hands letters over as a service would');
    expect(await acceptDeliveries(deps, scope, early)).toEqual({ created: 2, enqueued: 2 });
    await smtp.waitFor(2);
    for (let i = 0; i < 100; i++) {
      const states = await Promise.all(early.map((l) => deps.deliveries.get(scope, l.key)));
      if (states.every((d) => d?.status === 'sent')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // Accepted again (a retry of the hand-over): nothing new, nothing queued again.
    expect(await acceptDeliveries(deps, scope, early)).toEqual({ created: 0, enqueued: 0 });

    const res = await request(svc.http.url)
      .post('/campaigns')
      .set('authorization', `Bearer ${secretariat}`)
      .send({ key, template: 'orientation-letter', kind: 'orientation-letter', data, recipients });
    expect(res.body).toEqual({ id: key, created: true, recipients: 12 });
    await smtp.waitFor(12);
    await new Promise((r) => setTimeout(r, 500));
    const to = smtp.messages.map((m) => m.envelopeTo[0]).sort();
    expect(to).toEqual(recipients.map((r) => r.email).sort());
  });

  it('When a template field is missing, then 400 names it and no campaign exists', async () => {
    const res = await request(svc.http.url)
      .post('/campaigns')
      .set('authorization', `Bearer ${secretariat}`)
      .send({
        key: 'orientation-bad',
        template: 'orientation-letter',
        kind: 'orientation-letter',
        data: { policyYear: '2026' },
        recipients,
      });
    expect(res.status).toBe(400);
    expect((res.body as Problem).errors.map((e) => e.field)).toContain('body.data.plRate');
    expect(
      (
        await request(svc.http.url)
          .get('/campaigns/orientation-bad')
          .set('authorization', `Bearer ${secretariat}`)
      ).status,
    ).toBe(404);
  });
});
