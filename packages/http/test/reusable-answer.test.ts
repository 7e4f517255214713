import request from 'supertest';
import { testLogger } from '@rammeaftale/testing';
import { createHttpApp, reusableAnswer, reusableAnswerText, z } from '../src';

const Page = z.object({
  results: z.array(z.object({ id: z.string(), reasons: z.array(z.string()) })),
  total: z.number(),
});

describe('reusable answers', () => {
  it('When an answer is made reusable, then it is frozen through and through and its JSON is made once', () => {
    const answer = reusableAnswer({ results: [{ id: 'a', reasons: ['nær'] }], total: 1 });
    expect(() => answer.results[0]!.reasons.push('x')).toThrow(TypeError);
    expect(() => {
      (answer as { total: number }).total = 2;
    }).toThrow(TypeError);
    const text = reusableAnswerText(answer);
    expect(text).toBe(JSON.stringify({ results: [{ id: 'a', reasons: ['nær'] }], total: 1 }));
    expect(reusableAnswerText(answer)).toBe(text); // the same string, not made again
    expect(reusableAnswer(answer)).toBe(answer);
    expect(reusableAnswerText({ total: 1 })).toBeUndefined();
  });

  it('When a route answers a reusable answer, then the client gets the same bytes and headers as from an ordinary one', async () => {
    const body = () => ({
      results: [{ id: 'tp-1', reasons: ['Offentligt tilbud', '4,2 km'] }],
      total: 1,
    });
    const shared = reusableAnswer(body());
    const app = createHttpApp({
      service: 'http-reusable',
      logger: testLogger('http-reusable').logger,
      readiness: [],
      routes: (api) => {
        for (const [path, answer] of [
          ['/ordinary', () => body()],
          ['/reused', () => shared],
        ] as const)
          api.route({
            method: 'get',
            path,
            summary: path,
            security: 'none',
            response: Page,
            handler: answer,
          });
      },
    });
    const [ordinary, first, second] = await Promise.all([
      request(app).get('/ordinary'),
      request(app).get('/reused'),
      request(app).get('/reused'),
    ]);
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(res.text).toBe(ordinary.text);
      expect(res.headers['content-type']).toBe(ordinary.headers['content-type']);
      expect(res.headers.etag).toBe(ordinary.headers.etag);
    }
  });
});
