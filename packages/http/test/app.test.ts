import request, { type Response } from 'supertest';
import { testLogger } from '@rammeaftale/testing';
import { createHttpApp, notFound, rateLimit, z, type ProblemBody } from '../src';

const problem = (res: Response) => res.body as ProblemBody;
const fields = (res: Response) => (problem(res).errors ?? []).map((e) => e.field);

/** The parts of the OpenAPI document the tests look at. */
interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { requestBody: { content: Record<string, { schema: { required: string[] } }> } }>
  >;
}

function makeApp(ready = true) {
  const log = testLogger('http-test');
  const app = createHttpApp({
    service: 'http-test',
    logger: log.logger,
    jsonBodyLimit: '1kb',
    readiness: [{ name: 'mongo', check: () => Promise.resolve(ready) }],
    isUnavailable: (err) => (err as Error).name === 'MongoServerSelectionError',
    routes: (api) => {
      api.route({
        method: 'post',
        path: '/things/:id',
        summary: 'Update a thing',
        security: 'none',
        params: z.strictObject({ id: z.string().regex(/^t\d+$/) }),
        query: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
        body: z.strictObject({ name: z.string().min(1), places: z.number().int().min(0) }),
        response: z.object({ id: z.string(), name: z.string() }),
        handler: ({ params, body }) => ({ id: params.id, name: body.name }),
      });
      api.route({
        method: 'get',
        path: '/missing/:id',
        summary: 'Always 404',
        security: 'none',
        handler: () => {
          throw notFound('Thing');
        },
      });
      api.route({
        method: 'get',
        path: '/down',
        summary: 'Database down',
        security: 'none',
        handler: () => {
          throw Object.assign(new Error('connect ECONNREFUSED'), {
            name: 'MongoServerSelectionError',
          });
        },
      });
      api.route({
        method: 'get',
        path: '/boom',
        summary: 'Bug',
        security: 'none',
        handler: () => {
          throw new Error('secret internals at /srv/x.ts:10');
        },
      });
    },
  });
  return { app, log };
}

describe('http app', () => {
  it('When the body is valid, then the handler answers with its result and a request id', async () => {
    const res = await request(makeApp().app).post('/things/t1').send({ name: 'Bo', places: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 't1', name: 'Bo' });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('When fields are wrong, then 400 problem+json names each failing field', async () => {
    const res = await request(makeApp().app)
      .post('/things/x1?dryRun=maybe')
      .send({ name: '', places: -1, extra: 1 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    // params fail first: the client fixes one part at a time, each with every field named
    expect(fields(res)).toEqual(['params.id']);
    const res2 = await request(makeApp().app)
      .post('/things/t1')
      .send({ name: '', places: -1, extra: 1 });
    expect(fields(res2).sort()).toEqual(['body.extra', 'body.name', 'body.places']);
  });

  it('When a path id is percent-encoding that is not UTF-8, then 400 names the parameter, not 500, and nothing is logged as a failure', async () => {
    const { app, log } = makeApp();
    const res = await request(app).post('/things/%E6%F8').send({ name: 'Bo', places: 3 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(problem(res).errors).toEqual([
      { field: 'params.id', message: 'not valid percent-encoded UTF-8', code: 'invalid_encoding' },
    ]);
    expect(log.lines().filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
  });

  it('When the body is too large, then 413', async () => {
    const res = await request(makeApp().app)
      .post('/things/t1')
      .send({ name: 'x'.repeat(5000), places: 1 });
    expect(res.status).toBe(413);
    expect(problem(res).title).toBe('Content Too Large');
  });

  it('When the content type is not JSON, then 415', async () => {
    const res = await request(makeApp().app)
      .post('/things/t1')
      .set('content-type', 'text/plain')
      .send('name=x');
    expect(res.status).toBe(415);
  });

  it('When the JSON is malformed, then 400 without parser internals', async () => {
    const res = await request(makeApp().app)
      .post('/things/t1')
      .set('content-type', 'application/json')
      .send('{"name":');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/SyntaxError|at JSON/);
  });

  it('When any response is sent, then it is marked no-store', async () => {
    const res = await request(makeApp().app).post('/things/t1').send({ name: 'Bo', places: 3 });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('When the route is unknown, then 404 problem+json', async () => {
    const res = await request(makeApp().app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('When a handler hits a bug, then 500 without stack or message, and the error is logged', async () => {
    const { app, log } = makeApp();
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('/srv/x.ts');
    expect(problem(res).correlationId).toBe(res.headers['x-request-id']);
    expect(log.text()).toContain('secret internals');
  });

  it('When the database is down, then 503 with Retry-After', async () => {
    const res = await request(makeApp().app).get('/down');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('When a dependency is not ready, then /readyz answers 503 and /healthz 200', async () => {
    const { app } = makeApp(false);
    expect((await request(app).get('/healthz')).status).toBe(200);
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect((ready.body as { checks: unknown }).checks).toEqual({ mongo: 'unavailable' });
  });

  it('When asked, then OpenAPI 3.1 describes the routes from the same schemas, and a docs page renders', async () => {
    const { app } = makeApp();
    const doc = (await request(app).get('/openapi.json')).body as OpenApiDoc;
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths['/things/{id}']!.post!;
    expect(op.requestBody.content['application/json']!.schema.required).toEqual(['name', 'places']);
    const page = await request(app).get('/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/things/{id}');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});

describe('rate limits', () => {
  it('When an address exceeds its limit, then 429 problem+json with Retry-After, and health stays reachable', async () => {
    const app = createHttpApp({
      service: 'rl',
      logger: testLogger('rl').logger,
      readiness: [],
      ipRateLimit: { max: 3, windowMs: 60_000 },
      routes: (api) =>
        api.route({
          method: 'get',
          path: '/x',
          summary: 'x',
          security: 'none',
          handler: () => ({ ok: true }),
        }),
    });
    for (let i = 0; i < 3; i++) expect((await request(app).get('/x')).status).toBe(200);
    const limited = await request(app).get('/x');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it('When a signed-in user exceeds the per-user limit, then only that user is limited', async () => {
    const app = createHttpApp({
      service: 'rl',
      logger: testLogger('rl').logger,
      readiness: [],
      ipRateLimit: false,
      routes: (api) =>
        api.route({
          method: 'get',
          path: '/y',
          summary: 'y',
          security: 'none',
          before: [
            (req, res, next) => {
              res.locals.actor = { userId: req.get('x-test-user') };
              next();
            },
            rateLimit({ key: 'user', max: 2, windowMs: 60_000 }),
          ],
          handler: () => ({ ok: true }),
        }),
    });
    await request(app).get('/y').set('x-test-user', 'a');
    await request(app).get('/y').set('x-test-user', 'a');
    expect((await request(app).get('/y').set('x-test-user', 'a')).status).toBe(429);
    expect((await request(app).get('/y').set('x-test-user', 'b')).status).toBe(200);
  });
});
