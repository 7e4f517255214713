/**
 * Test support: the service started in-process against the real FerretDB and Redis of the jest
 * global setup, a local identity provider, factories with overrides, and a small real order
 * portal stand-in serving contract bases on a loopback port.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import type { ContractBasis } from '@rammeaftale/service-api';
import { testEnv, uniqueName } from '@rammeaftale/testing';
import { standardContractEnv } from '../src/config';
import { startStandardContract, type StandardContract } from '../src/start';

export const EAN = ['5798000000018', '5798000000025', '5798000000032', '5798000000049'] as const;
export const CVR = ['29403473', '29403481', '29403503'] as const;

let counter = 0;
export const orderId = (prefix = 'ord') => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export function basisFactory(overrides: Partial<ContractBasis> = {}): ContractBasis {
  return {
    orderId: orderId(),
    actingMunicipality: {
      organisationId: 'mun-253',
      name: 'Greve Kommune',
      ean: EAN[0],
      municipalityCode: 253,
      contact: { name: 'Sagsbehandler Greve', email: 'myndighed@greve.test' },
    },
    payingMunicipality: {
      organisationId: 'mun-259',
      name: 'Køge Kommune',
      ean: EAN[1],
      municipalityCode: 259,
      contact: { email: 'betaling@koege.test' },
    },
    supplier: {
      organisationId: 'provider-solhaven',
      name: 'Bostedet Solhaven ApS',
      cvr: CVR[0],
      ean: EAN[2],
      contact: { name: 'Leder Solhaven', email: 'kontrakt@solhaven.test' },
    },
    citizen: { reference: 'GRV-2026-0042', isChild: false },
    offer: {
      offerId: 'offer-solhaven-1',
      tilbudsportalenId: '12345',
      name: 'Bostedet Solhaven',
      departmentName: 'Afdeling Æblehaven',
      coveredByFrameworkAgreement: true,
      operatorKind: 'private',
      supervisingAuthority: 'Socialtilsyn Øst',
    },
    services: [
      { description: 'Længerevarende botilbud', legalBasis: 'SEL § 108' },
      { description: 'Socialpædagogisk støtte', legalBasis: 'SEL § 85' },
    ],
    price: {
      dailyBasisTariffOre: 250_000,
      additionalTariffs: [{ description: 'Særlig nattevagt', dailyOre: 50_000 }],
      tariffYear: 2026,
    },
    startDate: '2026-03-01',
    expectedDurationMonths: 24,
    goals: [
      {
        goal: 'Borgeren mestrer egen økonomi med støtte',
        followUp: 'Statusmøde hver 6. måned',
      },
    ],
    selectedAt: '2026-02-01T10:00:00Z',
    selectedBy: 'sagsbehandler-greve',
    ...overrides,
  };
}

export interface Harness {
  svc: StandardContract;
  idp: LocalIdentityProvider;
  url: string;
  prefix: string;
  tokens: {
    service: string;
    greve: string;
    koege: string;
    roskilde: string;
    supplier: string;
    otherSupplier: string;
    secretariat: string;
  };
}

export async function startHarness(
  env: Record<string, string> = {},
  idpGiven?: LocalIdentityProvider,
): Promise<Harness> {
  const idp = idpGiven ?? (await createLocalIdentityProvider());
  const prefix = uniqueName('sc');
  const config = standardContractEnv.parse({
    ...testEnv(),
    PORT: '0',
    MONGO_DB: prefix,
    AUTH_ISSUER: idp.issuer,
    AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
    ORDER_PORTAL_URL: 'http://127.0.0.1:1',
    TARIFF_NOTIFICATIONS_URL: 'http://127.0.0.1:1',
    PORTAL_URL: 'https://portal.rammeaftale-sjaelland.test',
    EVENT_RETRY_BASE_MS: '50',
    LETTER_RETRY_INTERVAL_MS: '3600000',
    LETTER_RETRY_AFTER_MS: '0',
    // Fuzzing sends thousands of requests from one address.
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  const svc = await startStandardContract(config, {
    logger: createLogger({ service: 'sc-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    verifier: idp.verifier,
    queuePrefix: prefix,
    serviceTokens: () =>
      idp.issue({
        userId: 'standard-contract',
        role: 'service',
        organisationId: 'standard-contract',
      }),
  });
  const issue = (
    userId: string,
    role: 'caseworker' | 'supplier' | 'service' | 'secretariat',
    org: string,
  ) => idp.issue({ userId, role, organisationId: org });
  return {
    svc,
    idp,
    url: svc.http.url,
    prefix,
    tokens: {
      service: await issue('order-portal', 'service', 'order-portal'),
      greve: await issue('sagsbehandler-greve', 'caseworker', 'mun-253'),
      koege: await issue('sagsbehandler-koege', 'caseworker', 'mun-259'),
      roskilde: await issue('sagsbehandler-roskilde', 'caseworker', 'mun-265'),
      supplier: await issue('leder-solhaven', 'supplier', 'provider-solhaven'),
      otherSupplier: await issue('leder-andet', 'supplier', 'provider-andet'),
      secretariat: await issue('sekretariat', 'secretariat', 'secretariat'),
    },
  };
}

export const as = (h: Harness, who: keyof Harness['tokens']) => ({
  get: (path: string) => request(h.url).get(path).set('authorization', `Bearer ${h.tokens[who]}`),
  post: (path: string, body?: object) => {
    const r = request(h.url).post(path).set('authorization', `Bearer ${h.tokens[who]}`);
    return body === undefined ? r : r.send(body);
  },
});

/** A real HTTP server standing in for the order portal's contract-basis endpoint. */
export async function startBasisServer(opts: {
  serviceVerifier: LocalIdentityProvider['verifier'];
}) {
  const bases = new Map<string, ContractBasis>();
  const calls: string[] = [];
  let failNext = 0;
  const app = express();
  app.get('/internal/orders/:orderId/contract-basis', async (req, res) => {
    calls.push(req.params.orderId);
    const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const actor = await opts.serviceVerifier(token).catch(() => undefined);
    if (!actor || actor.role !== 'service') return void res.status(401).end();
    if (failNext > 0) {
      failNext--;
      return void res.status(503).json({ title: 'Service Unavailable' });
    }
    const basis = bases.get(req.params.orderId);
    if (!basis) return void res.status(404).json({ title: 'Not Found' });
    res.json(basis);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bases,
    calls,
    failNext: (n: number) => {
      failNext = n;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 15000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
