/**
 * Around a campaign (the secretariat's campaign pages in the portal): one letter before anything
 * is sent, the list of campaigns with their progress, and the failed letters sent again.
 */
import request from 'supertest';
import {
  ORIENTATION_DATA,
  orientationCampaign,
  recipientsFactory,
  startNotifications,
  until,
  type NotificationsHarness,
} from './support';

jest.setTimeout(60_000);

let h: NotificationsHarness;

beforeAll(async () => {
  h = await startNotifications({ name: 'tn_follow', env: { RETRY_BASE_MS: '20' } });
});

afterAll(() => h.close());

type Progress = {
  counts: Record<string, number>;
  percentDone: number;
  recipients: { organisationId: string; status: string; lastError?: string }[];
};
const progressOf = async (id: string) =>
  (await request(h.url).get(`/campaigns/${id}`).set(h.headers('secretariat'))).body as Progress;

describe('a campaign followed up', () => {
  it('When the secretariat previews a letter, then it gets the letter filled in for that supplier and nothing is stored or sent', async () => {
    const res = await request(h.url)
      .post('/campaigns/preview')
      .set(h.headers('secretariat'))
      .send({ template: 'orientation-letter', data: ORIENTATION_DATA, supplierName: 'Lyngen ApS' });
    expect(res.status).toBe(200);
    const letter = res.body as { subject: string; text: string };
    expect(letter.text).toContain('Kære Lyngen ApS');
    expect(letter.text).toContain('4,00 %');
    expect(letter.subject).toContain('Orientering');
    const missing = await request(h.url)
      .post('/campaigns/preview')
      .set(h.headers('secretariat'))
      .send({ template: 'orientation-letter', data: {}, supplierName: 'Lyngen ApS' });
    expect(missing.status).toBe(400);
    const operator = await request(h.url)
      .post('/campaigns/preview')
      .set(h.headers('operator'))
      .send({ template: 'orientation-letter', data: ORIENTATION_DATA, supplierName: 'X' });
    expect(operator.status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.smtp.messages).toHaveLength(0);
  });

  it('When a recipient was refused and the secretariat retries the failed letters once the address works, then only that letter is sent again and the campaign is done', async () => {
    const recipients = recipientsFactory(3);
    h.smtp.failRecipient((a) => a === 'kontakt1@leverandor.test');
    const started = await request(h.url)
      .post('/campaigns')
      .set(h.headers('secretariat'))
      .send(orientationCampaign('follow-2026', recipients));
    expect(started.status).toBe(202);
    await until(
      () => progressOf('follow-2026'),
      (p) => p.percentDone === 100,
    );
    expect((await progressOf('follow-2026')).counts).toMatchObject({ sent: 2, failed: 1 });

    const list = await request(h.url).get('/campaigns').set(h.headers('operator'));
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: 'follow-2026',
        total: 3,
        counts: { pending: 0, sending: 0, sent: 2, failed: 1 },
      }),
    ]);

    h.smtp.failRecipient(null);
    const retried = await request(h.url)
      .post('/campaigns/follow-2026/retry-failed')
      .set(h.headers('secretariat'));
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ id: 'follow-2026', retried: 1 });
    await until(
      () => progressOf('follow-2026'),
      (p) => p.counts.sent === 3,
    );
    const to = h.smtp.messages.map((m) => m.envelopeTo[0]).sort();
    expect(to).toEqual(recipients.map((r) => r.email).sort());

    const again = await request(h.url)
      .post('/campaigns/follow-2026/retry-failed')
      .set(h.headers('secretariat'));
    expect(again.body).toEqual({ id: 'follow-2026', retried: 0 });
    const unknown = await request(h.url)
      .post('/campaigns/no-such-campaign/retry-failed')
      .set(h.headers('secretariat'));
    expect(unknown.status).toBe(404);
  });

  it('When the mail server answers a letter with a temporary refusal, then the operator finds it among the retrying letters with the reason, and not once it is sent', async () => {
    h.smtp.failData({ code: 451, message: '4.3.0 Try again later' });
    const sent = await request(h.url)
      .post('/letters')
      .set(h.headers('contractsService'))
      .send({
        key: 'follow:retrying:1',
        kind: 'tariff-letter',
        to: ['tilbud@leverandor.test'],
        subject: 'Takststigning',
        text: 'Tekst',
      });
    expect(sent.status).toBe(202);
    type Row = { id: string; status: string; lastError?: string };
    const retrying = () =>
      request(h.url)
        .get('/deliveries?retrying=true')
        .set(h.headers('operator'))
        .then((r) => r.body as Row[]);
    const rows = await until(retrying, (r) => r.some((d) => d.id === 'follow:retrying:1'));
    const row = rows.find((d) => d.id === 'follow:retrying:1');
    expect(row).toMatchObject({ status: 'pending' });
    expect(row?.lastError).toContain('451');
    h.smtp.failData(null);
    const after = await until(retrying, (r) => !r.some((d) => d.id === 'follow:retrying:1'));
    expect(after.map((d) => d.id)).not.toContain('follow:retrying:1');
  });
});
