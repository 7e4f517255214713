/**
 * Test support: the service started in-process against the real FerretDB and Redis of the jest
 * global setup, a local identity provider, factories with overrides, and a small real order
 * portal stand-in serving contract bases on a loopback port.
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import { policyInForce, type PolicyValues } from '@rammeaftale/domain';
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

/** The policy values the portal stand-in serves unless a test gives its own. */
export const POLICY_2025: PolicyValues = {
  year: 2025,
  effectiveFrom: '2025-01-01',
  plRateBp: 400,
  privateReportThresholdBp: 500,
  publicReportThresholdBp: 800,
};

export const AUTHORITIES = {
  'Socialtilsyn Øst': {
    email: 'indberetning@socialtilsyn-oest.test',
    organisationId: 'socialtilsyn-oest',
  },
  'Socialtilsyn Syd': {
    email: 'indberetning@socialtilsyn-syd.test',
    organisationId: 'socialtilsyn-syd',
  },
};

export const MUNICIPALITIES = {
  greve: {
    organisationId: 'mun-253',
    name: 'Greve Kommune',
    ean: EAN[0],
    municipalityCode: 253,
    contact: { name: 'Sagsbehandler Greve', email: 'myndighed@greve.test' },
  },
  koege: {
    organisationId: 'mun-259',
    name: 'Køge Kommune',
    ean: EAN[1],
    municipalityCode: 259,
    contact: { email: 'myndighed@koege.test' },
  },
  roskilde: {
    organisationId: 'mun-265',
    name: 'Roskilde Kommune',
    ean: EAN[3],
    municipalityCode: 265,
    contact: { email: 'myndighed@roskilde.test' },
  },
};

export interface Harness {
  svc: StandardContract;
  idp: LocalIdentityProvider;
  url: string;
  prefix: string;
  /** The order portal stand-in (contract bases and policy values). */
  portal: PortalStandIn;
  /** Moves the service's clock (deadlines, reminders); real time plus this many days. */
  advanceDays: (days: number) => void;
  tokens: {
    service: string;
    greve: string;
    koege: string;
    roskilde: string;
    supplier: string;
    otherSupplier: string;
    secretariat: string;
    authority: string;
    otherAuthority: string;
    unknownAuthority: string;
    operator: string;
  };
}

export async function startHarness(
  env: Record<string, string> = {},
  idpGiven?: LocalIdentityProvider,
): Promise<Harness> {
  const idp = idpGiven ?? (await createLocalIdentityProvider());
  const prefix = uniqueName('sc');
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
    ...env,
  });
  const svc = await startStandardContract(config, {
    logger: createLogger({ service: 'sc-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    verifier: idp.verifier,
    queuePrefix: prefix,
    now: () => new Date(Date.now() + offsetMs),
    serviceTokens: () =>
      idp.issue({
        userId: 'standard-contract',
        role: 'service',
        organisationId: 'standard-contract',
      }),
  });
  const issue = (
    userId: string,
    role: 'caseworker' | 'supplier' | 'service' | 'secretariat' | 'authority' | 'operator',
    org: string,
  ) => idp.issue({ userId, role, organisationId: org });
  const close = svc.close;
  svc.close = async () => {
    await close();
    await portal.close();
  };
  return {
    svc,
    idp,
    url: svc.http.url,
    prefix,
    portal,
    advanceDays: (days) => {
      offsetMs += days * 86_400_000;
    },
    tokens: {
      service: await issue('order-portal', 'service', 'order-portal'),
      greve: await issue('sagsbehandler-greve', 'caseworker', 'mun-253'),
      koege: await issue('sagsbehandler-koege', 'caseworker', 'mun-259'),
      roskilde: await issue('sagsbehandler-roskilde', 'caseworker', 'mun-265'),
      supplier: await issue('leder-solhaven', 'supplier', 'provider-solhaven'),
      otherSupplier: await issue('leder-andet', 'supplier', 'provider-andet'),
      secretariat: await issue('sekretariat', 'secretariat', 'secretariat'),
      authority: await issue('tilsyn-oest', 'authority', 'socialtilsyn-oest'),
      otherAuthority: await issue('tilsyn-syd', 'authority', 'socialtilsyn-syd'),
      unknownAuthority: await issue('tilsyn-x', 'authority', 'socialtilsyn-x'),
      operator: await issue('drift', 'operator', 'operator'),
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

/**
 * A real HTTP server standing in for the order portal: the contract basis of selected orders and
 * the policy values registry (`GET /api/policy-values/in-force`), both behind a service token.
 */
export async function startPortalStandIn(opts: {
  serviceVerifier: LocalIdentityProvider['verifier'];
}) {
  const bases = new Map<string, ContractBasis>();
  const calls: string[] = [];
  const policyCalls: string[] = [];
  const state = { failNext: 0, policies: [POLICY_2025] as PolicyValues[], policyDown: false };
  const app = express();
  const serviceOnly: express.RequestHandler = async (req, res, next) => {
    const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const actor = await opts.serviceVerifier(token).catch(() => undefined);
    if (!actor || actor.role !== 'service') return void res.status(401).end();
    next();
  };
  app.get('/internal/orders/:orderId/contract-basis', serviceOnly, (req, res) => {
    calls.push(String(req.params.orderId));
    if (state.failNext > 0) {
      state.failNext--;
      return void res.status(503).json({ title: 'Service Unavailable' });
    }
    const basis = bases.get(String(req.params.orderId));
    if (!basis) return void res.status(404).json({ title: 'Not Found' });
    res.json(basis);
  });
  app.get('/api/policy-values/in-force', serviceOnly, (req, res) => {
    const date = String(req.query.date);
    policyCalls.push(date);
    if (state.policyDown) return void res.status(503).json({ title: 'Service Unavailable' });
    let p: PolicyValues;
    try {
      p = policyInForce(state.policies, date);
    } catch {
      return void res.status(404).json({ title: 'Not Found' });
    }
    const text = (bp: number) => `${(bp / 100).toFixed(2).replace('.', ',')} %`;
    res.json({
      ...p,
      plRateText: text(p.plRateBp),
      privateReportThresholdText: text(p.privateReportThresholdBp),
      publicReportThresholdText: text(p.publicReportThresholdBp),
      createdAt: '2024-12-01T10:00:00.000Z',
      createdByOrganisationId: 'secretariat',
    });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bases,
    calls,
    policyCalls,
    failNext: (n: number) => {
      state.failNext = n;
    },
    setPolicies: (p: PolicyValues[]) => {
      state.policies = p;
    },
    policiesDown: (down: boolean) => {
      state.policyDown = down;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type PortalStandIn = Awaited<ReturnType<typeof startPortalStandIn>>;

export async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

type MunicipalityName = keyof typeof MUNICIPALITIES;

/**
 * A running contract made through the API the way it happens for real: drafted (service), sent
 * and signed by the acting municipality, accepted by the supplier, activated.
 */
export async function activeContract(
  h: Harness,
  opts: {
    buyer?: MunicipalityName;
    supplier?: 'supplier' | 'otherSupplier';
    offer?: Partial<ContractBasis['offer']>;
    dailyBasisTariffOre?: number;
    additionalTariffs?: { description: string; dailyOre: number }[];
    startDate?: string;
    /** Anything else of the basis (citizen, goals, another paying municipality). */
    basis?: Partial<ContractBasis>;
  } = {},
): Promise<string> {
  const buyer = opts.buyer ?? 'greve';
  const supplierToken = opts.supplier ?? 'supplier';
  const base = basisFactory();
  const basis = basisFactory({
    actingMunicipality: MUNICIPALITIES[buyer],
    payingMunicipality: MUNICIPALITIES[buyer],
    supplier:
      supplierToken === 'supplier'
        ? base.supplier
        : {
            organisationId: 'provider-andet',
            name: 'Bocentret Andet A/S',
            cvr: CVR[1],
            contact: { email: 'takst@andet.test' },
          },
    offer: { ...base.offer, ...opts.offer },
    price: {
      dailyBasisTariffOre: opts.dailyBasisTariffOre ?? 100_000,
      additionalTariffs: opts.additionalTariffs ?? [],
      tariffYear: 2025,
    },
    startDate: opts.startDate ?? '2025-03-01',
    ...opts.basis,
  });
  const drafted = await as(h, 'service').post('/internal/contracts/drafts', basis);
  if (drafted.status !== 201) throw new Error(`draft: ${drafted.status} ${drafted.text}`);
  const id = drafted.body.contract.id as string;
  const steps: [keyof Harness['tokens'], string, object][] = [
    [buyer, 'send', {}],
    [supplierToken, 'accept', { version: 1 }],
    [buyer, 'sign', { version: 1 }],
    [buyer, 'activate', {}],
  ];
  for (const [who, step, body] of steps) {
    const res = await as(h, who).post(`/contracts/${id}/${step}`, body);
    if (res.status !== 200) throw new Error(`${step}: ${res.status} ${res.text}`);
  }
  return id;
}

let offerCounter = 0;
/** An offer id no other test uses. */
export const offerId = (prefix = 'offer') =>
  `${prefix}-${Date.now().toString(36)}-${++offerCounter}`;

/**
 * Text of a PDF through pdf-parse (pdf.js). It runs in a child node process: pdf.js loads its
 * worker with a dynamic import, which jest's module sandbox does not allow.
 */
export function pdfText(buf: Buffer): Promise<string> {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      process.stdout.write((await parser.getText()).text);
      await parser.destroy();
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', script],
      { cwd: path.resolve(__dirname, '..'), maxBuffer: 10 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
    child.stdin?.end(buf);
  });
}
