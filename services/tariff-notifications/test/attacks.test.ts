import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import {
  fuzzOperations,
  injectionCorpus,
  startSmtpCatcher,
  testEnv,
  uniqueName,
  type SmtpCatcher,
} from '@rammeaftale/testing';
import { tariffNotificationsEnv } from '../src/config';
import { startTariffNotifications, type TariffNotifications } from '../src/start';

jest.setTimeout(180_000);

let svc: TariffNotifications;
let smtp: SmtpCatcher;
let headers: (op: string) => Record<string, string>;
let doc: unknown;

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  smtp = await startSmtpCatcher();
  svc = await startTariffNotifications(
    tariffNotificationsEnv.parse({
      ...testEnv(),
      PORT: '0',
      MONGO_DB: uniqueName('tn_attack'),
      RATE_LIMIT_PER_MINUTE: '1000000',
      SMTP_URL: smtp.url,
      AUTH_ISSUER: idp.issuer,
      AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
    }),
    {
      logger: createLogger({ service: 'attack', level: 'silent' }),
      verifier: idp.verifier,
      queuePrefix: uniqueName('attack'),
    },
  );
  // Each route is attacked with a role allowed to call it, so the attacks reach validation
  // rather than stopping at 403.
  const operator = {
    authorization: `Bearer ${await idp.issue({ userId: 'op', role: 'operator', organisationId: 'operator' })}`,
  };
  const secretariat = {
    authorization: `Bearer ${await idp.issue({ userId: 'sek', role: 'secretariat', organisationId: 'secretariat' })}`,
  };
  headers = (op) => (op === 'post /campaigns' ? secretariat : operator);
  doc = await (await fetch(`${svc.http.url}/openapi.json`)).json();
});

afterAll(async () => {
  await svc.close();
  await smtp.close();
});

describe('hostile input', () => {
  it('When operator-injection payloads are sent in every body, query and path field, then each gets 400 (or 404), never data or 5xx', async () => {
    const findings = await injectionCorpus({
      baseUrl: svc.http.url,
      doc,
      headers,
      examples: {
        'post /letters': {
          key: 'k:1',
          kind: 'orientation-letter',
          to: ['a@b.dk'],
          subject: 's',
          text: 't',
        },
      },
    });
    expect(findings).toEqual([]);
  });

  it('When 1,000 generated requests hit each route, then none answers 5xx or leaks internals', async () => {
    const findings = await fuzzOperations({ baseUrl: svc.http.url, doc, headers, runs: 1000 });
    expect(findings).toEqual([]);
  });
});
