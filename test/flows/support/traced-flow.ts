/**
 * One case worker's request across the suite, run as a process of its own by
 * test/flows/tracing.test.ts with the test's OTEL_* settings (tracing on or off): the portal and
 * the contracts service in this process (the instrumentations hook Node's own module loading,
 * which jest's module registry bypasses, so they cannot run inside a jest worker), the
 * notifications service as its own process from its main.ts (its api and letters worker), on a
 * Redis of its own. The case worker sends a contract on the portal page: portal → contracts
 * service → notifications service → letters job → worker. Then everything is shut down (the
 * SDKs export what they hold) and one line `TRACED-FLOW <json>` tells the test what happened.
 */
// First: tracing must be in place before express, mongodb and ioredis are loaded.
import { tracing } from './traced-flow-instrument';
import path from 'node:path';
import type { Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { newOpaqueId } from '@rammeaftale/logging';
import {
  bearer,
  freePort,
  repoRoot,
  spawnManaged,
  startRedis,
  startSmtpCatcher,
  testEnv,
  uniqueName,
  until,
  type LogLine,
} from '@rammeaftale/testing';
import { sessionCookie } from '@rammeaftale/order-portal/test/support/session-cookie';
import { startTestPortal } from '@rammeaftale/order-portal/test/support/start-portal';
import { basisFactory } from '@rammeaftale/standard-contract/test/support';
import { startContracts } from '@rammeaftale/standard-contract/test/support/start-contracts';

/** The JSON log lines of a process's output. */
const jsonLines = (text: string): LogLine[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

async function main(): Promise<void> {
  const idp = await createLocalIdentityProvider();
  const jwksApp = express();
  jwksApp.get('/jwks', (_req, res) => void res.json(idp.jwks));
  const jwksPort = await freePort();
  const jwks: Server = jwksApp.listen(jwksPort, '127.0.0.1');
  const smtp = await startSmtpCatcher();
  // Its own Redis: a notifications process uses the queues' default prefix, which another
  // test's process on the shared Redis could be consuming too.
  const redis = await startRedis();
  const notificationsPort = await freePort();
  const notificationsUrl = `http://127.0.0.1:${notificationsPort}`;
  const notifications = spawnManaged(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot(), 'services/tariff-notifications/src/main.ts')],
    {
      cwd: repoRoot(),
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        PORT: String(notificationsPort),
        MONGO_URL: testEnv().MONGO_URL,
        MONGO_DB: uniqueName('e2e_otel_tn'),
        REDIS_URL: redis.url,
        SMTP_URL: smtp.url,
        SMTP_REQUIRE_TLS: 'false',
        AUTH_ISSUER: idp.issuer,
        AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks`,
      },
    },
  );
  await until(
    () =>
      fetch(`${notificationsUrl}/readyz`)
        .then((r) => r.status)
        .catch(() => 0),
    (status) => status === 200,
    60_000,
  );

  const contracts = await startContracts({
    idp,
    env: { TARIFF_NOTIFICATIONS_URL: notificationsUrl },
  });
  const portal = await startTestPortal(uniqueName('e2e_otel_op'), {
    verifier: idp.verifier,
    env: { STANDARD_CONTRACT_URL: contracts.url, TARIFF_NOTIFICATIONS_URL: notificationsUrl },
  });
  const cookie = await sessionCookie(portal, contracts.tokens.greve);
  const page = await request(portal.http.url).get('/kontrakter').set('cookie', cookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const draft = await request(contracts.url)
    .post('/internal/contracts/drafts')
    .set(bearer(contracts.tokens.service))
    .send(basisFactory());
  const contractId = (draft.body as { contract: { id: string } }).contract.id;

  const correlationId = `trace-${newOpaqueId()}`;
  const sent = await request(portal.http.url)
    .post(`/kontrakter/${contractId}/send`)
    .set('cookie', cookie)
    .set('x-request-id', correlationId)
    .type('form')
    .send({ _csrf: csrf });
  const mails = await smtp.waitFor(1, 30_000);
  const letterSent = await until(
    () =>
      Promise.resolve(
        jsonLines(notifications.output()).find(
          (l) => l.msg === 'letter sent' && l.correlationId === correlationId,
        ),
      ),
    (l) => l !== undefined,
    30_000,
  );

  await portal.close();
  await contracts.svc.close();
  // SIGTERM: the service's own shutdown, whose last step ends its SDK (exporting its spans).
  await notifications.stop();
  await tracing?.shutdown();
  await redis.stop();
  await smtp.close();
  jwks.close();

  const result = {
    tracing: tracing?.serviceName ?? null,
    // Whether this process loaded the SDK at all (it must not when tracing is off).
    sdkLoaded: Object.keys(require.cache).some((k) => k.includes('@opentelemetry/sdk-node')),
    correlationId,
    contractId,
    status: sent.status,
    mails: mails.length,
    letterSent,
    portalRequest: portal.log.withMessage('request').find((l) => l.correlationId === correlationId),
    contractsRequest: contracts.log
      .withMessage('request')
      .find((l) => l.correlationId === correlationId),
    ports: {
      portal: new URL(portal.http.url).port,
      contracts: new URL(contracts.url).port,
      notifications: String(notificationsPort),
    },
  };
  process.stdout.write(`TRACED-FLOW ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('traced flow failed:', err);
    process.exit(1);
  },
);
