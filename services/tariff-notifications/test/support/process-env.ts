/**
 * What a test needs to run the service as processes of their own: a local identity provider
 * whose keys the processes fetch over HTTP (they cannot share the test's verifier), a free port
 * and the environment, on the test's own Redis and SMTP catcher.
 */
import express from 'express';
import type { Server } from 'node:http';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { PARTIES, freePort, testEnv, uniqueName } from '@rammeaftale/testing';

export interface ProcessFixture {
  /** The environment of one process; `port` gives it a port of its own. */
  env: (port: number) => NodeJS.ProcessEnv;
  /** A bearer token of the contracts service (may send letters). */
  token: string;
  close: () => void;
}

export async function processFixture(
  name: string,
  over: { REDIS_URL: string; SMTP_URL: string } & Record<string, string>,
): Promise<ProcessFixture> {
  const idp = await createLocalIdentityProvider();
  const app = express();
  app.get('/jwks', (_req, res) => void res.json(idp.jwks));
  const jwksPort = await freePort();
  const jwks: Server = app.listen(jwksPort, '127.0.0.1');
  const base = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info', // as in production: the CPR scan of the run reads what the process logged
    MONGO_URL: testEnv().MONGO_URL,
    MONGO_DB: uniqueName(name),
    SMTP_REQUIRE_TLS: 'false',
    AUTH_ISSUER: idp.issuer,
    AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks`,
    ...over,
  };
  return {
    env: (port) => ({ ...base, PORT: String(port) }),
    token: await idp.issue(PARTIES.contractsService),
    close: () => {
      jwks.closeAllConnections();
      jwks.close();
    },
  };
}

/** POSTs a plain letter under `key`; resolves with the HTTP status. */
export async function postLetter(url: string, token: string, key: string): Promise<number> {
  const res = await fetch(`${url}/letters`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      key,
      kind: 'orientation-letter',
      to: ['kontakt@leverandor.test'],
      subject: `Brev ${key}`,
      text: 'Kære leverandør',
    }),
  });
  await res.body?.cancel();
  return res.status;
}
