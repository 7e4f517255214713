import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RejectedError,
  UnavailableError,
} from '@rammeaftale/domain';
import { contractsClient } from '../../src/contracts/contracts.client';

/**
 * The contracts service's answers as the domain's refusals, so the pages need no HTTP: a stub
 * service answers each status with a problem body as standard-contract writes it.
 */
let server: Server;
let base = '';
const answers: Record<string, { status: number; body: unknown }> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const a = answers[req.url!.split('/')[2] ?? ''] ?? { status: 500, body: {} };
    res.writeHead(a.status, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const problem = (status: number, type: string, extra: object = {}) => ({
  status,
  body: { type: `https://rammeaftale-sjaelland.dk/problems/${type}`, detail: 'English', ...extra },
});

describe('the contracts client', () => {
  it('When the contracts service refuses, then the client throws the domain refusal of that status, with the fields and the code', async () => {
    Object.assign(answers, {
      c400: problem(400, 'validation-failed', {
        errors: [{ field: 'body.startedOn', message: 'YYYY-MM-DD', code: 'invalid_format' }],
      }),
      c403: problem(403, 'forbidden'),
      c404: problem(404, 'not-found'),
      c409: problem(409, 'tariff-change-pending'),
      c422: problem(422, 'price-before-price-in-force'),
      c401: problem(401, 'unauthorized'),
      c503: problem(503, 'unavailable'),
    });
    const client = contractsClient({ baseUrl: base });
    const refusal = (id: string) => client.contract('token', id).catch((e: unknown) => e);
    const invalid = await refusal('c400');
    expect(invalid).toBeInstanceOf(InvalidInputError);
    expect((invalid as InvalidInputError).issues).toEqual([
      { field: 'startedOn', message: 'YYYY-MM-DD', code: 'invalid_format' },
    ]);
    expect(await refusal('c403')).toBeInstanceOf(ForbiddenError);
    expect(await refusal('c404')).toBeInstanceOf(NotFoundError);
    const conflict = await refusal('c409');
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).code).toBe('tariff-change-pending');
    expect(await refusal('c422')).toBeInstanceOf(RejectedError);
    for (const id of ['c401', 'c503']) {
      const down = await refusal(id);
      expect(down).toBeInstanceOf(UnavailableError);
      expect((down as UnavailableError).code).toBe('contracts-unavailable');
    }
  });

  it('When the contracts service cannot be reached, then the client throws "unavailable"', async () => {
    const client = contractsClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 500 });
    await expect(client.contracts('token')).rejects.toBeInstanceOf(UnavailableError);
  });
});
