/**
 * The queue dashboard (bull-board) at /admin/queues: operators only, by bearer token (people reach
 * it through the portal's proxy); read-only; its looser style policy on its own pages only. The
 * depth of each queue for the portal's operator page (GET /queues).
 */
import request from 'supertest';
import { QUEUES } from '@rammeaftale/queues';
import { startNotifications, type NotificationsHarness } from './support';

let h: NotificationsHarness;
let svc: NotificationsHarness['svc'];
let smtp: NotificationsHarness['smtp'];
const tokens: Record<'operator' | 'service' | 'secretariat' | 'caseworker', string> = {
  operator: '',
  service: '',
  secretariat: '',
  caseworker: '',
};

beforeAll(async () => {
  h = await startNotifications({ name: 'tn_board' });
  ({ svc, smtp } = h);
  tokens.operator = h.tokens.operator;
  tokens.service = h.tokens.contractsService;
  tokens.secretariat = h.tokens.secretariat;
  tokens.caseworker = h.tokens.caseworkerGreve;
});

afterAll(() => h.close());

const get = (path: string) => request(svc.http.url).get(path);

describe('queue dashboard', () => {
  it('When nobody is signed in, then 401 as problem+json and nothing of the board', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const res = await get(path);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.text).not.toContain('letters');
    }
  });

  it('When a signed-in user without the operator role asks, then 403', async () => {
    for (const who of ['service', 'secretariat', 'caseworker'] as const) {
      const res = await get('/admin/queues/api/queues').set(
        'authorization',
        `Bearer ${tokens[who]}`,
      );
      expect([who, res.status]).toEqual([who, 403]);
    }
  });

  it("When a browser sends the operator's portal session cookie, then 401: the board takes a bearer token only (the portal proxies it, ADR 0012)", async () => {
    const res = await get('/admin/queues').set(
      'cookie',
      `rs_session=${encodeURIComponent(tokens.operator)}`,
    );
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('letters');
  });

  it('When an operator opens the board with a bearer token, then the page loads with its scripts under a policy loosened for styles only', async () => {
    const auth = `Bearer ${tokens.operator}`;
    const page = await get('/admin/queues').set('authorization', auth);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<base href="/admin/queues/"');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain("script-src 'self' 'unsafe");
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const js = await get(`/admin/queues/${script}`).set('authorization', auth);
    expect(js.status).toBe(200);
    // The board's own express app does not name itself (X-Powered-By), on pages, files and API.
    const api = await get('/admin/queues/api/queues').set('authorization', auth);
    expect(api.status).toBe(200);
    for (const res of [page, js, api]) expect(res.headers['x-powered-by']).toBeUndefined();
    // The rest of the service keeps the strict policy.
    const docs = await get('/docs');
    expect(docs.headers['content-security-policy']).toContain("style-src 'self';");
  });

  it('When an operator reads the queue through the board, then the letters queue shows the letter just sent', async () => {
    const sent = await request(svc.http.url)
      .post('/letters')
      .set('authorization', `Bearer ${tokens.service}`)
      .send({
        key: 'board:letter:1',
        kind: 'orientation-letter',
        to: ['leverandoer@board.test'],
        subject: 'Orientering',
        text: 'Tekst',
      });
    expect(sent.status).toBe(202);
    await smtp.waitFor(1);
    let queue: { name: string; readOnlyMode: boolean; counts: Record<string, number> } | undefined;
    for (let i = 0; i < 50; i++) {
      const res = await get('/admin/queues/api/queues').set(
        'authorization',
        `Bearer ${tokens.operator}`,
      );
      expect(res.status).toBe(200);
      queue = (res.body as { queues: NonNullable<typeof queue>[] }).queues.find(
        (q) => q.name === 'letters',
      );
      if ((queue?.counts.completed ?? 0) >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(queue).toMatchObject({ name: 'letters', readOnlyMode: true });
    expect(queue!.counts.completed).toBeGreaterThanOrEqual(1);
  });

  it('When someone tries to change the queue through the board, then it is refused (read-only; a cookie is no way in)', async () => {
    const byToken = await request(svc.http.url)
      .put('/admin/queues/api/queues/letters/pause')
      .set('authorization', `Bearer ${tokens.operator}`);
    expect(byToken.status).toBe(405);
    const crossSite = await request(svc.http.url)
      .put('/admin/queues/api/queues/letters/pause')
      .set('cookie', `rs_session=${encodeURIComponent(tokens.operator)}`)
      .set('origin', 'https://evil.example');
    expect(crossSite.status).toBe(401);
    expect(await svc.producer.queue.isPaused()).toBe(false);
  });

  it("When the operator asks for the queues' depths, then each queue of the suite is listed with its counts and the oldest waiting job's age", async () => {
    await svc.worker.pause();
    try {
      const before = Date.now();
      const sent = await request(svc.http.url)
        .post('/letters')
        .set('authorization', `Bearer ${tokens.service}`)
        .send({
          key: 'board:letter:waiting',
          kind: 'orientation-letter',
          to: ['venter@board.test'],
          subject: 'Orientering',
          text: 'Tekst',
        });
      expect(sent.status).toBe(202);
      const res = await get('/queues').set('authorization', `Bearer ${tokens.operator}`);
      expect(res.status).toBe(200);
      type Stats = { name: string; waiting: number; oldestWaitingSince?: string };
      const stats = res.body as Stats[];
      expect(stats.map((q) => q.name).sort()).toEqual(Object.values(QUEUES).sort());
      const letters = stats.find((q) => q.name === 'letters')!;
      expect(letters.waiting).toBe(1);
      expect(Date.parse(letters.oldestWaitingSince!)).toBeGreaterThanOrEqual(before - 1000);
      expect(JSON.stringify(stats)).not.toContain('venter@board.test');
      for (const who of ['secretariat', 'caseworker'] as const) {
        const refused = await get('/queues').set('authorization', `Bearer ${tokens[who]}`);
        expect([who, refused.status]).toEqual([who, 403]);
      }
    } finally {
      svc.worker.resume();
    }
    await smtp.waitFor(2);
  });
});
