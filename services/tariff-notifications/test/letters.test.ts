import request from 'supertest';
import type { z } from 'zod';
import { newOpaqueId } from '@rammeaftale/logging';
import type { DeliveryView } from '../src/deliveries/delivery.routes';
import {
  letterFactory,
  startNotifications,
  until,
  type LetterBody,
  type NotificationsHarness,
} from './support';

type Delivery = z.infer<typeof DeliveryView>;
type Accepted = { id: string; status: string; created: boolean };
type Problem = { errors: { field: string }[] };

let h: NotificationsHarness;
let svc: NotificationsHarness['svc'];
let smtp: NotificationsHarness['smtp'];
let prefix: string;
let operator: string;

beforeAll(async () => {
  h = await startNotifications({
    name: 'tn',
    env: {
      RETRY_BASE_MS: '50',
      RECONCILE_INTERVAL_MS: '3600000',
      RECONCILE_AFTER_MS: '1',
      MAIL_SOCKET_TIMEOUT_MS: '5000',
    },
  });
  ({ svc, smtp, prefix } = h);
  operator = h.tokens.operator;
});

afterAll(() => h.close());

beforeEach(() => {
  smtp.clear();
  smtp.failData(null);
  smtp.failRecipient(null);
});

const letter = (key: string, to = ['tilbud@leverandor.test']) => letterFactory(key, { to });

const post = (body: LetterBody) =>
  request(h.url).post('/letters').set(h.headers('contractsService')).send(body);
const delivery = async (id: string) =>
  (await request(h.url).get(`/deliveries/${id}`).set(h.headers('operator'))).body as Delivery;

describe('letters through the worker', () => {
  it('When a letter names who answers it, then the mail carries that Reply-To; when it names no one, the secretariat is the Reply-To; both are marked automated (RFC 3834)', async () => {
    const named = await post({
      ...letter('contract-rejected:c-reply-1'),
      replyTo: 'kontrakter@greve.test',
    });
    expect(named.status).toBe(202);
    expect((await post(letter('tariff-letter:offer-reply:2026'))).status).toBe(202);
    const mails = await smtp.waitFor(2);
    const replyTo = (key: string) => {
      const mail = mails.find((m) => m.headers.get('x-delivery-key') === key)!;
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      return (mail.headers.get('reply-to') as { value: { address: string }[] }).value[0]!.address;
    };
    expect(replyTo('contract-rejected:c-reply-1')).toBe('kontrakter@greve.test');
    expect(replyTo('tariff-letter:offer-reply:2026')).toBe('sekretariat@rammeaftale-sjaelland.dk');
    expect((await delivery('contract-rejected:c-reply-1')).replyTo).toBe('kontrakter@greve.test');
  });

  it('When a letter is accepted twice under one key, then the SMTP server receives it once with a stable Message-ID', async () => {
    const first = await post(letter('tariff-letter:offer-1:2026'));
    expect(first.status).toBe(202);
    expect((first.body as Accepted).created).toBe(true);
    const again = await post(letter('tariff-letter:offer-1:2026'));
    expect((again.body as Accepted).created).toBe(false);
    const [mail] = await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages).toHaveLength(1);
    expect(mail?.subject).toBe('Takststigning over P/L');
    expect(mail?.messageId).toMatch(/^<[0-9a-f]{32}@rammeaftale-sjaelland\.dk>$/);
    expect(
      (
        await until(
          () => delivery('tariff-letter:offer-1:2026'),
          (d) => d.status === 'sent',
        )
      ).status,
    ).toBe('sent');
  });

  it('When the SMTP server answers 550, then the letter fails once, is not retried, and the reason is visible', async () => {
    smtp.failData({ code: 550, message: '5.7.1 Relaying denied' });
    await post(letter('tariff-letter:offer-2:2026'));
    const d = await until(
      () => delivery('tariff-letter:offer-2:2026'),
      (x) => x.status === 'failed',
    );
    expect(d.status).toBe('failed');
    expect(d.attempts).toBe(1);
    expect(d.lastError).toContain('550');
    const failed = await request(svc.http.url)
      .get('/deliveries?status=failed')
      .set('authorization', `Bearer ${operator}`);
    expect((failed.body as Delivery[]).map((x) => x.id)).toContain('tariff-letter:offer-2:2026');

    smtp.failData(null);
    const retry = await request(svc.http.url)
      .post('/deliveries/tariff-letter:offer-2:2026/retry')
      .set('authorization', `Bearer ${operator}`);
    expect(retry.status).toBe(202);
    await smtp.waitFor(1);
    expect(
      (
        await until(
          () => delivery('tariff-letter:offer-2:2026'),
          (x) => x.status === 'sent',
        )
      ).status,
    ).toBe('sent');
  });

  it('When the SMTP server answers 451 for a while, then the letter is delivered after it recovers', async () => {
    smtp.failData({ code: 451, message: '4.3.0 Try again later' });
    await post(letter('tariff-letter:offer-3:2026'));
    const pending = await until(
      () => delivery('tariff-letter:offer-3:2026'),
      (x) => x.attempts >= 2,
    );
    expect(pending.lastError).toContain('451');
    smtp.failData(null);
    await smtp.waitFor(1);
    const d = await until(
      () => delivery('tariff-letter:offer-3:2026'),
      (x) => x.status === 'sent',
    );
    expect(d.status).toBe('sent');
  });

  it('When one recipient is refused, then the delivery is failed with that recipient, not reported as sent', async () => {
    smtp.failRecipient((a) => a.startsWith('closed'));
    await post(letter('orientation:p-9', ['open@leverandor.test', 'closed@leverandor.test']));
    const d = await until(
      () => delivery('orientation:p-9'),
      (x) => x.status === 'failed',
    );
    expect(d.rejected).toEqual(['closed@leverandor.test']);
  });

  it('When a recipient is refused, then the failure is logged with its reason and without the address', async () => {
    h.log.clear();
    smtp.failRecipient((a) => a.startsWith('refused'));
    await post(letter('orientation:p-10', ['refused.person@leverandor.test']));
    const lines = await until(
      () => Promise.resolve(h.log.withMessage('job failed permanently')),
      (ls) => ls.length > 0,
    );
    expect(lines).toEqual([
      expect.objectContaining({
        final: true,
        reason: expect.stringContaining('(refused: <address>)') as string,
      }),
    ]);
    expect(h.log.text()).not.toContain('refused.person@leverandor.test');
    // The operator still sees whom the mail server refused, on the delivery record.
    expect((await delivery('orientation:p-10')).lastError).toContain(
      'refused.person@leverandor.test',
    );
  });

  it('When Redis loses the queued jobs, then the reconciler re-enqueues from the outbox and each letter is sent once', async () => {
    await svc.worker.pause();
    const keys = Array.from({ length: 20 }, (_, i) => `orientation:batch:${i}`);
    for (const k of keys) expect((await post(letter(k))).status).toBe(202);
    // Redis "loses everything" for this queue: all of its keys are deleted.
    const redisKeys = await svc.runtime.redis.keys(`${prefix}:*`);
    if (redisKeys.length) await svc.runtime.redis.del(...redisKeys);
    svc.worker.resume();
    const requeued = await svc.reconcileNow();
    expect(requeued).toBe(20);
    await smtp.waitFor(20);
    await new Promise((r) => setTimeout(r, 500));
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(20);
    expect(ids).toHaveLength(20);
  });

  it('When Redis loses the jobs of letters accepted under request ids, then the reconciler re-sends each under its id, and a final failure is logged under it too', async () => {
    h.log.clear();
    smtp.failRecipient((a) => a.startsWith('lukket'));
    await svc.worker.pause();
    const accepted = [
      { key: 'orientation:corr:sent', to: 'tilbud@leverandor.test', id: `req-${newOpaqueId()}` },
      { key: 'orientation:corr:refused', to: 'lukket@leverandor.test', id: `req-${newOpaqueId()}` },
    ];
    for (const a of accepted) {
      const res = await post(letter(a.key, [a.to])).set('x-request-id', a.id);
      expect(res.status).toBe(202);
      expect((await delivery(a.key)).correlationId).toBe(a.id);
    }
    const redisKeys = await svc.runtime.redis.keys(`${prefix}:*`);
    if (redisKeys.length) await svc.runtime.redis.del(...redisKeys);
    svc.worker.resume();
    expect(await svc.reconcileNow()).toBeGreaterThanOrEqual(2);

    const [sent, refused] = accepted;
    const sentLine = await until(
      () =>
        Promise.resolve(h.log.withMessage('letter sent').find((l) => l.deliveryId === sent!.key)),
      (l) => l !== undefined,
    );
    expect(sentLine?.correlationId).toBe(sent!.id);
    const job = await svc.producer.getJob(refused!.key);
    const finalLine = await until(
      () =>
        Promise.resolve(
          h.log.withMessage('job failed permanently').find((l) => l.jobId === job?.id),
        ),
      (l) => l !== undefined,
    );
    expect(finalLine).toMatchObject({ correlationId: refused!.id, final: true });
    const alert = h.log.lines().find((l) => l.alert && l.deliveryId === refused!.key);
    expect(alert?.correlationId).toBe(refused!.id);
  });

  it('When a template letter with attachments is accepted, then the mail carries the Danish text, HTML and the attachments', async () => {
    const res = await post({
      key: 'authority-report:change-1:socialtilsyn-oest',
      kind: 'authority-report',
      to: ['indberetning@socialtilsyn-oest.test'],
      template: 'authority-report',
      data: {
        authorityName: 'Socialtilsyn Øst',
        operatorKindLabel: 'private',
        thresholdUsed: '5,00 %',
        offerName: 'Bostedet Æblehaven',
        tilbudsportalenId: '12345',
        supplierName: 'Omsorg ApS',
        effectiveFrom: '1. januar 2027',
        increasePercent: '5,01 %',
        municipalities: 'Greve, Køge',
      },
      attachments: [
        {
          filename: 'indberetning.pdf',
          contentType: 'application/pdf',
          contentBase64: Buffer.from('%PDF-1.4 test').toString('base64'),
        },
        {
          filename: 'indberetning.csv',
          contentType: 'text/csv',
          contentBase64: Buffer.from('kommune;stigning\nGreve;5,01\n').toString('base64'),
        },
      ],
    });
    expect(res.status).toBe(202);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe('Indberetning af takststigning – Bostedet Æblehaven (5,01 %)');
    expect(mail?.text).toContain('Berørte kommuner: Greve, Køge');
    expect(mail?.html).toContain('<li>Leverandør: Omsorg ApS</li>');
    expect(mail?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['indberetning.pdf', 'application/pdf'],
      ['indberetning.csv', 'text/csv'],
    ]);
    expect(mail?.attachments[1]?.content.toString()).toContain('Greve;5,01');
    const d = await delivery('authority-report:change-1:socialtilsyn-oest');
    expect(d.attachments).toEqual([
      { filename: 'indberetning.pdf', contentType: 'application/pdf' },
      { filename: 'indberetning.csv', contentType: 'text/csv' },
    ]);
  });

  it('When a template field is missing, then 400 names the missing data fields and nothing is stored', async () => {
    const res = await post({
      key: 'orientation:missing',
      kind: 'orientation-letter',
      to: ['a@b.dk'],
      template: 'orientation-letter',
      data: { supplierName: 'X' },
    });
    expect(res.status).toBe(400);
    expect((res.body as Problem).errors.map((e) => e.field)).toEqual(
      expect.arrayContaining([
        'body.data.policyYear',
        'body.data.plRate',
        'body.data.privateThreshold',
        'body.data.publicThreshold',
      ]),
    );
    expect(
      (
        await request(svc.http.url)
          .get('/deliveries/orientation:missing')
          .set('authorization', `Bearer ${operator}`)
      ).status,
    ).toBe(404);
  });

  it('When the caller has no token, then 401 and nothing is accepted', async () => {
    const res = await request(svc.http.url).post('/letters').send(letter('x:1'));
    expect(res.status).toBe(401);
  });

  it('When the body is invalid, then 400 names each field', async () => {
    const res = await post({ ...letter('bad key with spaces'), to: ['not-an-email'] });
    expect(res.status).toBe(400);
    expect((res.body as Problem).errors.map((e) => e.field).sort()).toEqual([
      'body.key',
      'body.to.0',
    ]);
  });
});
