/**
 * Every service started while Redis is away waits for it: its port answers the probes meanwhile
 * (alive; not ready, naming Redis), and once a redis-server comes up on its address the service
 * starts and is ready. (The notifications service's own test also sends a letter afterwards:
 * services/tariff-notifications/test/faults/redis-at-start.test.ts.)
 */
import path from 'node:path';
import {
  freePort,
  repoRoot,
  spawnManaged,
  startRedis,
  testEnv,
  uniqueName,
  until,
  type ManagedProcess,
  type RunningRedis,
} from '@rammeaftale/testing';

jest.setTimeout(180_000);

let redis: RunningRedis | undefined;
let svc: ManagedProcess | undefined;

afterEach(async () => {
  await svc?.stop();
  await redis?.stop();
  redis = undefined;
});

const probe = async (url: string) => {
  try {
    const res = await fetch(url);
    return { status: res.status, body: (await res.json()) as { checks?: Record<string, string> } };
  } catch {
    return { status: 0, body: {} }; // not listening (yet)
  }
};

it.each(['order-portal', 'standard-contract', 'tariff-notifications'])(
  'When %s starts while Redis is down, then it answers /readyz 503 and becomes ready once Redis comes',
  async (service) => {
    const [port, redisPort] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${port}`;
    svc = spawnManaged(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot(), `services/${service}/src/main.ts`), 'api'],
      {
        cwd: repoRoot(),
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          PORT: String(port),
          MONGO_URL: testEnv().MONGO_URL,
          MONGO_DB: uniqueName(service.replace('-', '_')),
          REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          SMTP_URL: 'smtp://127.0.0.1:1',
          SMTP_REQUIRE_TLS: 'false',
          AUTH_ISSUER: 'http://127.0.0.1:1',
          AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks',
        },
      },
    );
    const waiting = await until(
      () => probe(`${url}/readyz`),
      (r) => r.status !== 0,
      60_000,
    );
    expect(waiting.status).toBe(503);
    expect(waiting.body.checks).toEqual({ redis: 'unavailable' });
    expect((await probe(`${url}/healthz`)).status).toBe(200);

    redis = await startRedis({ port: redisPort });
    const came = Date.now();
    const ready = await until(
      () => probe(`${url}/readyz`),
      (r) => r.status === 200,
      60_000,
    );
    expect({ status: ready.status, output: ready.status === 200 ? '' : svc.output() }).toEqual({
      status: 200,
      output: '',
    });
    console.log(
      `${service}: /readyz 503 while Redis was down, 200 ${Date.now() - came} ms after it came`,
    );
  },
);
