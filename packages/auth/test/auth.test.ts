import type express from 'express';
import request from 'supertest';
import { SignJWT, generateKeyPair, UnsecuredJWT } from 'jose';
import { createHttpApp } from '@rammeaftale/http';
import { testLogger } from '@rammeaftale/testing';
import {
  actorOf,
  authenticate,
  createLocalIdentityProvider,
  requireRole,
  type LocalIdentityProvider,
} from '../src';

let idp: LocalIdentityProvider;
let app: express.Express;

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  app = createHttpApp({
    service: 'auth-test',
    logger: testLogger('auth-test').logger,
    readiness: [],
    routes: (api) => {
      api.route({
        method: 'get',
        path: '/me',
        summary: 'Who am I',
        security: 'bearer',
        before: [authenticate(idp.verifier), requireRole('caseworker')],
        handler: ({ res }) => actorOf(res),
      });
    },
  });
});

const caseworker = { userId: 'u1', role: 'caseworker' as const, organisationId: 'mun-253' };

describe('authentication', () => {
  it('When the token is valid, then the actor comes from its claims', async () => {
    const res = await request(app)
      .get('/me')
      .set('authorization', `Bearer ${await idp.issue(caseworker)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(caseworker);
  });

  it('When the role does not fit, then 403', async () => {
    const token = await idp.issue({ ...caseworker, role: 'supplier' });
    expect((await request(app).get('/me').set('authorization', `Bearer ${token}`)).status).toBe(
      403,
    );
  });

  const attacks: [string, () => Promise<string>][] = [
    ['no token', () => Promise.resolve('')],
    [
      'alg none',
      () =>
        Promise.resolve(
          new UnsecuredJWT({ role: 'caseworker', org: 'mun-253' })
            .setSubject('u1')
            .setIssuer(idp.issuer)
            .setAudience(idp.audience)
            .encode(),
        ),
    ],
    ['expired', async () => idp.issue(caseworker, -60)],
    [
      'wrong issuer',
      async () => {
        const other = await createLocalIdentityProvider({ issuer: 'https://evil.example' });
        return other.issue(caseworker);
      },
    ],
    ['signed by another key', async () => (await createLocalIdentityProvider()).issue(caseworker)],
    ['missing tenant claim', async () => idp.signClaims({ sub: 'u1', role: 'caseworker' })],
    ['unknown role', async () => idp.signClaims({ sub: 'u1', role: 'admin', org: 'mun-253' })],
    [
      'wrong audience',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT({ role: 'caseworker', org: 'x' })
          .setProtectedHeader({ alg: 'RS256', kid: 'dev-1' })
          .setAudience('other')
          .sign(privateKey);
      },
    ],
  ];

  it.each(attacks)('When the token is %s, then 401 problem+json', async (_name, make) => {
    const token = await make();
    const res = await request(app).get('/me').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toContain('Bearer');
  });
});
