/**
 * Issue 16, input and tenants, against the real notifications service (FerretDB, Redis, an SMTP
 * catcher): what a municipality's security review asks of the door through which letters leave
 * the suite.
 */
import request from 'supertest';
import { Queue } from 'bullmq';
import {
  bodyParserFindings,
  logLineFindings,
  prototypePollutionFindings,
  sendLogForgeries,
  undecodablePathFindings,
} from '@rammeaftale/testing';
import { QUEUES } from '@rammeaftale/queues';
import { DeliveryRepository } from '../../src/deliveries/delivery.repository';
import { stableMessageId } from '../../src/deliveries/accept-delivery.use-case';
import { workerScope } from '../../src/deliveries/letter.access';
import {
  letterFactory,
  orientationCampaign,
  recipientsFactory,
  startNotifications,
  until,
  type LetterBody,
  type NotificationsHarness,
} from '../support';

jest.setTimeout(60_000);

/** The body limit start.ts gives the service (authority reports carry PDF attachments). */
const BODY_LIMIT = '8mb';
const CPR = '010190-1234';

type Problem = { errors?: { field: string; code?: string }[] };
const fields = (res: { body: unknown }) => ((res.body as Problem).errors ?? []).map((e) => e.field);

let h: NotificationsHarness;
let doc: unknown;
const roleFor = (op: string) =>
  ['post /campaigns', 'post /campaigns/preview'].includes(op) ? 'secretariat' : 'operator';

beforeAll(async () => {
  h = await startNotifications({
    name: 'tn_input',
    env: {
      RATE_LIMIT_PER_MINUTE: '1000000',
      RETRY_BASE_MS: '50',
      RECONCILE_INTERVAL_MS: '3600000',
      RECONCILE_AFTER_MS: '1',
    },
  });
  doc = await (await fetch(`${h.url}/openapi.json`)).json();
});

afterAll(() => h.close());

beforeEach(() => h.smtp.clear());

const post = (body: object, who: 'contractsService' | 'secretariat' = 'contractsService') =>
  request(h.url).post('/letters').set(h.headers(who)).send(body);
/** A letter as the outbox stores it, written past the API (as letters stored before a rule). */
const newLetter = (id: string) => ({
  _id: id,
  kind: 'tariff-letter',
  to: ['tilbud@leverandor.test'],
  subject: 'Takst',
  text: 'Kære leverandør',
  messageId: stableMessageId(id),
});
const jobCounts = () =>
  h.svc.producer.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
const totalJobs = async () => Object.values(await jobCounts()).reduce((a, b) => a + b, 0);

describe('input at the door of the letters', () => {
  it('When a path id is percent-encoding that is not UTF-8 (/deliveries/%E6%F8), then every route with an id answers 400 problem+json naming the parameter', async () => {
    expect(
      await undecodablePathFindings({
        baseUrl: h.url,
        doc,
        headers: (op) => h.headers(roleFor(op)),
      }),
    ).toEqual([]);
    const res = await request(h.url).get('/deliveries/%E6%F8').set(h.headers('operator'));
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['params.id']);
  });

  it(`When JSON is nested 10,000 deep, a body is one byte over ${BODY_LIMIT} or a write has no Content-Type, then 400, 413 and 415 problem+json within 1 s`, async () => {
    expect(
      await bodyParserFindings({
        baseUrl: h.url,
        method: 'post',
        path: '/letters',
        headers: h.headers('contractsService'),
        limit: BODY_LIMIT,
      }),
    ).toEqual([]);
  });

  it('When 1,000 bodies try to reach a prototype (__proto__, constructor.prototype), then each is refused and Object.prototype is unchanged', async () => {
    const findings = await prototypePollutionFindings({
      baseUrl: h.url,
      headers: (op) => h.headers(roleFor(op)),
      runs: 1000,
      operations: [
        { method: 'post', path: '/letters', valid: { ...letterFactory('poison:1') } },
        {
          method: 'post',
          path: '/campaigns',
          valid: orientationCampaign('poison-1', recipientsFactory(1)),
        },
      ],
    });
    expect(findings).toEqual([]);
    expect(h.smtp.messages).toHaveLength(0);
  });

  it('When CR, LF, ANSI escapes and a forged JSON line are sent in headers, paths, queries and bodies, then every log line stays one escaped JSON line', async () => {
    h.log.clear();
    const { sent, findings } = await sendLogForgeries({
      baseUrl: h.url,
      doc,
      headers: (op) => h.headers(roleFor(op)),
    });
    expect(findings).toEqual([]);
    // And straight through the logger, in a message and a field, as code would log them.
    h.svc.runtime.logger.warn({ note: 'a\r\nb\u001b[31m' }, 'line\r\n{"msg":"forged"}\u001b[0m');
    const text = h.log.text();
    expect(h.log.withMessage('request').length).toBeGreaterThanOrEqual(sent);
    expect(logLineFindings(text)).toEqual([]);
  });
});

describe('CPR-shaped values never leave in a letter', () => {
  it.each<[string, Partial<LetterBody> & { html?: string }, string]>([
    ['key', { key: `tariff-letter:${CPR}` }, 'body.key'],
    ['text', { text: `Vedr. borger ${CPR}` }, 'body.text'],
    ['subject', { subject: `Borger 0101901234` }, 'body.subject'],
    ['to', { to: [`${CPR.replace('-', '')}@leverandor.test`] }, 'body.to.0'],
    ['html', { html: `<p>${CPR}</p>` }, 'body.html'],
  ])(
    'When a letter holds a CPR-shaped %s, then 400 names the field, nothing is stored, queued or mailed',
    async (_what, over, field) => {
      const key = `cpr-refused:${_what}`;
      const before = await totalJobs();
      const res = await post(letterFactory(key, over));
      expect(res.status).toBe(400);
      expect(fields(res)).toContain(field);
      expect((res.body as Problem).errors?.find((e) => e.field === field)?.code).toBe('custom');
      expect(JSON.stringify(res.body)).not.toContain('1234');
      expect(await totalJobs()).toBe(before);
      const stored = await request(h.url)
        .get(`/deliveries/${encodeURIComponent(key)}`)
        .set(h.headers('operator'));
      expect(stored.status).toBe(404);
      expect(h.smtp.messages).toHaveLength(0);
    },
  );

  it("When a template letter's data or a campaign's recipient name is CPR-shaped, then 400 names that field", async () => {
    const templated = await post({
      key: 'cpr-refused:data',
      kind: 'orientation-letter',
      to: ['a@leverandor.test'],
      template: 'orientation-letter',
      data: {
        policyYear: '2026',
        plRate: CPR,
        privateThreshold: '5',
        publicThreshold: '8',
        supplierName: 'x',
      },
    });
    expect(templated.status).toBe(400);
    expect(fields(templated)).toContain('body.data.plRate');
    const recipients = recipientsFactory(2);
    recipients[1]!.name = `Leverandør ${CPR}`;
    const campaign = await request(h.url)
      .post('/campaigns')
      .set(h.headers('secretariat'))
      .send(orientationCampaign('cpr-refused-campaign', recipients));
    expect(campaign.status).toBe(400);
    expect(fields(campaign)).toEqual(['body.recipients.1.name']);
    expect(h.smtp.messages).toHaveLength(0);
  });

  it('When a letter with a CPR number in its text is already in the outbox (stored before the rule), then the worker refuses it: no mail, failed with the field named', async () => {
    const deliveries = new DeliveryRepository(h.svc.runtime.db);
    const id = 'legacy-letter:cpr-in-text';
    await deliveries.accept(workerScope(), {
      _id: id,
      kind: 'tariff-letter',
      to: ['tilbud@leverandor.test'],
      subject: 'Takst',
      text: `Borger ${CPR} flytter`,
      messageId: stableMessageId(id),
    });
    await h.svc.producer.add('send-letter', { deliveryId: id }, { jobId: id });
    const failed = await until(
      () => deliveries.get(workerScope(), id),
      (d) => d?.status === 'failed',
    );
    expect(failed?.lastError).toBe('refused: a CPR-shaped value in text');
    expect(h.smtp.messages).toHaveLength(0);
  });
});

describe('letters accepted before the CPR rule', () => {
  it('When the outbox holds a letter whose key is CPR-shaped (the old 500 stored it before failing), then the reconciler fails it with the reason and still enqueues the letters after it; an operator retry is 422', async () => {
    const deliveries = new DeliveryRepository(h.svc.runtime.db);
    const stale = `tariff-letter:tc-${CPR.replace('-', '')}ab:mun-253`;
    const fine = 'tariff-letter:tc-after-the-stale-one:mun-253';
    for (const id of [stale, fine])
      await deliveries.accept(workerScope(), {
        ...newLetter(id),
        text: 'Kære leverandør',
      });
    await h.svc.reconcileNow();
    const refused = await deliveries.get(workerScope(), stale);
    expect(refused).toMatchObject({
      status: 'failed',
      lastError: 'refused: a CPR-shaped value in key',
    });
    const [mail] = await h.smtp.waitFor(1);
    expect(mail!.headers.get('x-delivery-key')).toBe(fine);
    const retry = await request(h.url)
      .post(`/deliveries/${encodeURIComponent(stale)}/retry`)
      .set(h.headers('operator'));
    expect(retry.status).toBe(422);
    expect((await deliveries.get(workerScope(), stale))?.status).toBe('failed');
    expect(h.log.text()).not.toContain(CPR.replace('-', ''));
    expect(h.smtp.messages).toHaveLength(1);
  });
});

describe('mass assignment and tenants', () => {
  it.each([
    'status',
    '_id',
    '__v',
    'outbox',
    'createdBy',
    'municipalityId',
    'organisationId',
    'messageId',
    'attempts',
  ])('When a letter carries `%s`, then 400 names it and nothing is stored', async (field) => {
    const key = `mass-assign:${field.replace(/_/g, '')}`;
    const res = await post({ ...letterFactory(key), [field]: field === 'attempts' ? 0 : 'sent' });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual([`body.${field}`]);
    const stored = await request(h.url).get(`/deliveries/${key}`).set(h.headers('operator'));
    expect(stored.status).toBe(404);
  });

  it("When a campaign carries createdBy or an organisation id of its own, then 400; the campaign's creator is the token's user, whatever a header claims", async () => {
    const body = orientationCampaign('tenant-campaign', recipientsFactory(1));
    for (const field of ['createdBy', 'organisationId', 'municipalityId', 'state']) {
      const res = await request(h.url)
        .post('/campaigns')
        .set(h.headers('secretariat'))
        .send({ ...body, [field]: 'mun-259' });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([`body.${field}`]);
    }
    const made = await request(h.url)
      .post('/campaigns')
      .set({
        ...h.headers('secretariat'),
        'x-organisation-id': 'mun-259',
        'x-tenant-id': 'mun-259',
        'x-user-id': 'sagsbehandler-koege',
      })
      .send(body);
    expect(made.status).toBe(202);
    const progress = await request(h.url)
      .get('/campaigns/tenant-campaign')
      .set(h.headers('secretariat'));
    expect(progress.body).toMatchObject({ createdBy: 'sekretariat' });
    await h.smtp.waitFor(1);
  });

  it('When a tenant id is sent in the query, then 400 names it: no list is scoped by the caller', async () => {
    for (const q of ['organisationId', 'municipalityId', 'tenant']) {
      const res = await request(h.url).get(`/deliveries?${q}=mun-259`).set(h.headers('operator'));
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([`query.${q}`]);
    }
  });

  it("When a job in Redis carries another organisation's id beside a real letter's id, then the worker refuses the job and mails nothing; the letter itself goes once, by its own job", async () => {
    const recipients = recipientsFactory(2);
    const deliveries = new DeliveryRepository(h.svc.runtime.db);
    const id = 'campaign:tenant-job:provider-0';
    // The letter is in the outbox but not yet enqueued (as after a lost Redis write).
    await deliveries.accept(workerScope(), {
      _id: id,
      kind: 'orientation-letter',
      campaignId: 'tenant-job',
      to: [recipients[0]!.email],
      subject: 'Orientering',
      text: 'Kære leverandør',
      messageId: stableMessageId(id),
    });
    // A job written to Redis by someone other than the producer (which validates): it names the
    // letter of provider-0 and claims provider-1's organisation.
    const raw = new Queue(QUEUES.letters, { connection: h.svc.runtime.redis, prefix: h.prefix });
    const job = await raw.add(
      'send-letter',
      { deliveryId: id, organisationId: recipients[1]!.organisationId },
      { attempts: 1 },
    );
    const refused = await until(
      () => raw.getJob(job.id!),
      (j) => Boolean(j?.failedReason),
    );
    expect(refused?.failedReason).toMatch(/^invalid payload/);
    await raw.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(h.smtp.messages).toHaveLength(0);
    expect((await deliveries.get(workerScope(), id))?.status).toBe('pending');
    // The reconciler enqueues the letter's own job: one mail, to provider-0 only.
    await h.svc.reconcileNow();
    const [mail] = await h.smtp.waitFor(1);
    expect(mail!.envelopeTo).toEqual([recipients[0]!.email]);
  });
});
