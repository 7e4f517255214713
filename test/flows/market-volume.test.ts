/**
 * The secretariat's purchase volume page (issue 14) against the real contracts service: the
 * figures' totals equal the contracts service's own per-year purchase volume, the paying
 * municipality filter narrows them, every row downloads as CSV, and only the secretariat sees it.
 */
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { formatDkk } from '@rammeaftale/domain';
import { createLogger } from '@rammeaftale/logging';
import { freePort, testEnv, uniqueName } from '@rammeaftale/testing';
import type { OrderPortal } from '@rammeaftale/order-portal/src/start';
import { startTestPortal } from '@rammeaftale/order-portal/test/support/start-portal';
import { sessionCookie } from '@rammeaftale/order-portal/test/support/session-cookie';
import { standardContractEnv } from '@rammeaftale/standard-contract/src/config';
import {
  startStandardContract,
  type StandardContract,
} from '@rammeaftale/standard-contract/src/start';
import { AUTHORITIES } from '@rammeaftale/standard-contract/test/support';
import { seedOversight, type OversightData } from './support/oversight-data';

jest.setTimeout(300_000);

let idp: LocalIdentityProvider;
let portal: OrderPortal;
let contracts: StandardContract;
let data: OversightData;

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  const prefix = uniqueName('e2e_volume');
  const auth = { AUTH_ISSUER: idp.issuer, AUTH_JWKS_URL: 'http://127.0.0.1:1/unused' };
  const portalPort = await freePort();
  contracts = await startStandardContract(
    standardContractEnv.parse({
      ...testEnv(),
      ...auth,
      PORT: '0',
      MONGO_DB: `${prefix}_sc`,
      ORDER_PORTAL_URL: `http://127.0.0.1:${portalPort}`,
      TARIFF_NOTIFICATIONS_URL: 'http://127.0.0.1:1',
      PORTAL_URL: `http://127.0.0.1:${portalPort}`,
      AUTHORITIES: JSON.stringify(AUTHORITIES),
      TARIFF_FLOW_INTERVAL_MS: '3600000',
    }),
    {
      logger: createLogger({ service: 'e2e-volume', level: 'silent' }),
      verifier: idp.verifier,
      serviceTokens: () =>
        idp.issue({
          userId: 'standard-contract',
          role: 'service',
          organisationId: 'standard-contract',
        }),
      queuePrefix: prefix,
    },
  );
  portal = await startTestPortal(`${prefix}_op`, {
    verifier: idp.verifier,
    env: { ...auth, PORT: String(portalPort), STANDARD_CONTRACT_URL: contracts.http.url },
  });
  data = await seedOversight({ idp, portal, contractsUrl: contracts.http.url });
});

afterAll(async () => {
  await portal?.close();
  await contracts?.close();
});

const page = async (who: 'secretariat' | 'greve', path: string) =>
  request(portal.http.url)
    .get(path)
    .set('cookie', await sessionCookie(portal, data.tokens[who]));

describe('purchase volume', () => {
  it('When the secretariat opens purchase volume, then each year per operator kind adds up to the contracts service’s own figures, and every row downloads as CSV', async () => {
    const years = [2025, 2026];
    const own = await Promise.all(
      years.map(async (year) => {
        const res = await request(contracts.http.url)
          .get(`/analytics/purchase-volume?year=${year}`)
          .set('authorization', `Bearer ${data.tokens.secretariat}`);
        expect(res.status).toBe(200);
        return (res.body as { volumeOre: number }[]).reduce((s, r) => s + r.volumeOre, 0);
      }),
    );
    expect(own[0]).toBeGreaterThan(0);
    const res = await page('secretariat', '/markedsdata/koebsvolumen?fra=2025&til=2026');
    expect(res.status).toBe(200);
    // Operator kind, suppliers, municipalities; the target groups come from the portal's registry,
    // which does not hold this test's offers, so that figure says it has nothing to show.
    expect(res.text.match(/<svg role="img"/g)).toHaveLength(3);
    expect(res.text).toContain(`i alt ${formatDkk((own[0] ?? 0) + (own[1] ?? 0))}`);

    const byKind = await page(
      'secretariat',
      '/markedsdata/koebsvolumen.csv?figur=driftsform&fra=2025&til=2026',
    );
    expect(byKind.headers['content-type']).toMatch(/^text\/csv/);
    const lines = byKind.text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(';'));
    for (const [i, year] of years.entries()) {
      const sum = lines.filter((l) => l[0] === String(year)).reduce((s, l) => s + Number(l[4]), 0);
      expect(Math.abs(sum - (own[i] ?? 0) / 100)).toBeLessThanOrEqual(2); // kroner rounded per row
    }
    const all = await page(
      'secretariat',
      '/markedsdata/koebsvolumen.csv?figur=alle&fra=2025&til=2026',
    );
    const breakdown = await request(contracts.http.url)
      .get('/analytics/purchase-volume/breakdown?fromYear=2025&toYear=2026')
      .set('authorization', `Bearer ${data.tokens.secretariat}`);
    expect(all.text.trim().split('\r\n')).toHaveLength(1 + (breakdown.body as unknown[]).length);
  });

  it('When another paying municipality is chosen, then nothing of Greve’s purchases shows; a case worker gets the Danish 403 page', async () => {
    const other = await page(
      'secretariat',
      '/markedsdata/koebsvolumen?fra=2025&til=2026&kommune=259',
    );
    expect(other.status).toBe(200);
    expect(other.text).toContain('Der er ingen kontrakter med købsvolumen i det valgte udsnit.');
    const greve = await page('greve', '/markedsdata/koebsvolumen');
    expect(greve.status).toBe(403);
    expect(greve.headers['content-type']).toMatch(/html/);
  });
});
