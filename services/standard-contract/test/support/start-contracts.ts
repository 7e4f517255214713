/**
 * The one way tests start the contracts service: in-process against the real FerretDB and Redis
 * of the jest global setup, on its own database and queue prefix, with a local identity
 * provider, a captured `testLogger`, a movable clock, and a real HTTP stand-in of the order portal
 * (contract bases, policy values). The cross-service flows start it the same way.
 */
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import {
  PARTIES,
  party,
  testEnv,
  testLogger,
  uniqueName,
  type PartyActor,
  type TestLogger,
} from '@rammeaftale/testing';
import { standardContractEnv } from '../../src/config';
import { startStandardContract, type StandardContract } from '../../src/start';
import { AUTHORITIES, OTHER_SUPPLIER, basisFactory } from './factories';
import { startPortalStandIn, type PortalStandIn } from './portal-stand-in';

/**
 * Who the tests act as, by their part in a contract: the parties of `PARTIES`, the supplier with
 * the organisation the basis factory's contracts name, and authorities the configuration does or
 * does not know.
 */
const ACTORS = {
  service: PARTIES.orderPortalService,
  greve: PARTIES.caseworkerGreve,
  koege: PARTIES.caseworkerKoege,
  roskilde: PARTIES.caseworkerRoskilde,
  supplier: party('supplierA', {
    userId: 'leder-solhaven',
    organisationId: basisFactory().supplier.organisationId,
  }),
  otherSupplier: party('supplierB', {
    userId: 'leder-andet',
    organisationId: OTHER_SUPPLIER.organisationId,
  }),
  secretariat: PARTIES.secretariat,
  authority: party('authority', { organisationId: AUTHORITIES['Socialtilsyn Øst'].organisationId }),
  otherAuthority: party('authority', {
    userId: 'tilsyn-syd',
    organisationId: AUTHORITIES['Socialtilsyn Syd'].organisationId,
  }),
  unknownAuthority: party('authority', { userId: 'tilsyn-x', organisationId: 'socialtilsyn-x' }),
  operator: PARTIES.operator,
} satisfies Record<string, PartyActor>;

export type Who = keyof typeof ACTORS;

export interface ContractsHarness {
  svc: StandardContract;
  idp: LocalIdentityProvider;
  url: string;
  /** The database name and queue key prefix of this start. */
  prefix: string;
  /** What the service logged. */
  log: TestLogger;
  /** The order portal stand-in (contract bases and policy values). */
  portal: PortalStandIn;
  /** Moves the service's clock (deadlines, reminders); real time plus this many days. */
  advanceDays: (days: number) => void;
  tokens: Record<Who, string>;
}

export interface ContractsOptions {
  /** Settings over the test defaults (e.g. `TARIFF_NOTIFICATIONS_URL`). */
  env?: Record<string, string>;
  /** The identity provider of the calling test, shared with another service it starts. */
  idp?: LocalIdentityProvider;
  /** The queue key prefix of another service the test starts, whose events come here. */
  queuePrefix?: string;
  /** The database (and queue prefix) of a start before: a second replica of that service. */
  replicaOf?: string;
}

export async function startContracts(opts: ContractsOptions = {}): Promise<ContractsHarness> {
  const idp = opts.idp ?? (await createLocalIdentityProvider());
  const prefix = opts.replicaOf ?? uniqueName('sc');
  const log = testLogger('sc-test');
  const portal = await startPortalStandIn({ serviceVerifier: idp.verifier });
  let offsetMs = 0;
  const config = standardContractEnv.parse({
    ...testEnv(),
    PORT: '0',
    MONGO_DB: prefix,
    AUTH_ISSUER: idp.issuer,
    AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
    ORDER_PORTAL_URL: portal.url,
    AUTHORITIES: JSON.stringify(AUTHORITIES),
    TARIFF_FLOW_INTERVAL_MS: '3600000',
    TARIFF_NOTIFICATIONS_URL: 'http://127.0.0.1:1',
    PORTAL_URL: 'https://portal.rammeaftale-sjaelland.test',
    EVENT_RETRY_BASE_MS: '50',
    LETTER_RETRY_INTERVAL_MS: '3600000',
    LETTER_RETRY_AFTER_MS: '0',
    // Fuzzing sends thousands of requests from one address.
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...opts.env,
  });
  const svc = await startStandardContract(config, {
    logger: log.logger,
    verifier: idp.verifier,
    queuePrefix: opts.queuePrefix ?? prefix,
    now: () => new Date(Date.now() + offsetMs),
    serviceTokens: () => idp.issue(PARTIES.contractsService),
  });
  const close = svc.close;
  svc.close = async () => {
    await close();
    await portal.close();
  };
  const tokens = Object.fromEntries(
    await Promise.all(
      Object.entries(ACTORS).map(async ([who, actor]) => [who, await idp.issue(actor)]),
    ),
  ) as Record<Who, string>;
  return {
    svc,
    idp,
    url: svc.http.url,
    prefix,
    log,
    portal,
    advanceDays: (days) => {
      offsetMs += days * 86_400_000;
    },
    tokens,
  };
}

/** Requests as one of the harness's actors. */
export const as = (h: ContractsHarness, who: Who) => ({
  get: (path: string) => request(h.url).get(path).set('authorization', `Bearer ${h.tokens[who]}`),
  post: (path: string, body?: object) => {
    const r = request(h.url).post(path).set('authorization', `Bearer ${h.tokens[who]}`);
    return body === undefined ? r : r.send(body);
  },
});
