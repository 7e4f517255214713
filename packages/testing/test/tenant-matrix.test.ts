import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  canary,
  checkCase,
  checkList,
  classification,
  expressRoutes,
  type TenantCase,
} from '../src/tenant-matrix';

/**
 * A toy service with one tenant's record, scoped correctly unless a fault is switched on: the kit
 * must pass it when it is right and name what is wrong when it is not.
 */
const secret = canary('hemmelighed');
const faults = { leakRead: false, leakWrite: false };
let record = { id: 'r1', owner: 'a', secret, version: 1 };
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const tenant = req.headers['x-tenant'];
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const mine = tenant === record.owner;
      const send = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (req.method === 'GET' && req.url === '/records')
        return send(200, faults.leakRead || mine ? [record] : []);
      if (req.method === 'GET' && req.url === '/records/r1')
        return mine || faults.leakRead ? send(200, record) : send(404, { detail: 'not found' });
      if (req.method === 'POST' && req.url === '/records/r1/touch') {
        if (!mine && !faults.leakWrite) return send(404, { detail: 'not found' });
        record = { ...record, version: record.version + 1, ...(JSON.parse(body) as object) };
        return send(200, { version: record.version });
      }
      send(404, { detail: 'no route' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((r) => server.close(r)));

afterEach(() => {
  faults.leakRead = false;
  faults.leakWrite = false;
});

const a = { headers: { 'x-tenant': 'a' } };
const b = { headers: { 'x-tenant': 'b' } };
const readCase: TenantCase = {
  params: { id: 'r1' },
  owners: { a: { party: a, path: '/records/r1' } },
  canaries: [secret],
  intruders: { b },
};
const writeCase: TenantCase = { ...readCase, json: { note: 'x' } };

describe('the tenant matrix kit', () => {
  it('When the service keeps the tenant out, then a read and a write case have no findings', async () => {
    expect(await checkCase(url, 'get /records/{id}', readCase)).toEqual([]);
    expect(await checkCase(url, 'post /records/{id}/touch', writeCase)).toEqual([]);
  });

  it('When another tenant is given the record, then the status and the canary are named', async () => {
    faults.leakRead = true;
    expect(await checkCase(url, 'get /records/{id}', readCase)).toEqual([
      'get /records/{id}: b got 200, expected 403 or 404',
      `get /records/{id}: b was given ${secret}`,
    ]);
  });

  it('When another tenant can write, then the owner’s changed record is named', async () => {
    faults.leakWrite = true;
    expect(await checkCase(url, 'post /records/{id}/touch', writeCase)).toEqual([
      'post /records/{id}/touch: b got 200, expected 403 or 404',
      "post /records/{id}/touch: owner a's record changed after the intruders' attempts",
    ]);
  });

  it('When the owner’s own view lacks a canary, then the case fails: it could not have failed otherwise', async () => {
    const missing = canary('fraværende');
    expect(await checkCase(url, 'get /records/{id}', { ...readCase, canaries: [missing] })).toEqual(
      [`get /records/{id}: owner a's view lacks ${missing} (no positive control)`],
    );
  });

  it('When a caller allowed by design writes, then it may, but still gets none of the canaries', async () => {
    faults.leakWrite = true;
    const byDesign = { b: { party: b, status: [200], why: 'b may touch by design' } };
    expect(
      await checkCase(url, 'post /records/{id}/touch', { ...writeCase, intruders: {}, byDesign }),
    ).toEqual([]);
  });

  it('When another tenant lists, then the owner’s record in its list is named', async () => {
    const list = { path: '/records', owners: { a }, intruders: { b }, canaries: [secret] };
    expect(await checkList(url, list)).toEqual([]);
    faults.leakRead = true;
    expect(await checkList(url, list)).toEqual([`get /records: b was given ${secret}`]);
  });

  it('When a route is not classified, an entry names a route that is gone, or an exemption has no reason, then each is named', () => {
    const matrix = {
      'get /records/{id}': () => readCase,
      'get /gone/{id}': { exempt: 'It used to be public reference data' },
      'get /public/{id}': { exempt: 'public' },
    };
    expect(
      classification(['get /records/{id}', 'post /records/{id}/touch', 'get /public/{id}'], matrix),
    ).toEqual({
      unclassified: ['post /records/{id}/touch'],
      unknown: ['get /gone/{id}'],
      unexplained: ['get /public/{id}'],
    });
  });

  it('When an express 5 app has nested routers, then its routes are named like OpenAPI operations', () => {
    const route = (path: string, ...methods: string[]) => ({
      route: { path, methods: Object.fromEntries(methods.map((m) => [m, true])) },
    });
    const app = {
      router: {
        stack: [
          { handle: () => undefined },
          { slash: true, handle: { stack: [route('/orders/:id', 'get', 'post')] } },
          { slash: false, rawPath: '/admin', handle: { stack: [route('/users/:userId', 'put')] } },
        ],
      },
    };
    expect(expressRoutes(app)).toEqual([
      'get /orders/{id}',
      'post /orders/{id}',
      'put /admin/users/{userId}',
    ]);
  });
});
