/**
 * The demo's history across the services (issue 14), as a first start makes it: the order portal
 * loads its registry and order history, the contracts service drafts the selected orders'
 * contracts from their events, and the start script's history (scripts/demo-history.ts) takes the
 * contracts through their states and announces the registry's tariffs through the APIs. The
 * records must keep the domain's rules, and a second run must change nothing.
 */
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { freePort, uniqueName } from '@rammeaftale/testing';
import {
  startTestPortal,
  type TestPortal,
} from '@rammeaftale/order-portal/test/support/start-portal';
import {
  startContracts,
  type ContractsHarness,
} from '@rammeaftale/standard-contract/test/support/start-contracts';
import { contractModel } from '@rammeaftale/standard-contract/src/contracts/contract.model';
import { tariffChangeModel } from '@rammeaftale/standard-contract/src/tariffs/tariff-change.model';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support/start-notifications';
import { seedContractHistory } from '../../scripts/demo-history';

// The whole registry, its order history and ~180 drafted contracts: minutes on a busy machine.
jest.setTimeout(1_200_000);

let idp: LocalIdentityProvider;
let portal: TestPortal;
let contracts: ContractsHarness;
let notifications: NotificationsHarness;
const lines: string[] = [];
let seconds = 0;

const history = () =>
  seedContractHistory({
    portalUrl: portal.http.url,
    contractsUrl: contracts.url,
    notificationsUrl: notifications.url,
    issue: (actor) => idp.issue(actor),
    log: (line) => {
      lines.push(line);
      process.stderr.write(`${new Date().toISOString()} ${line}\n`);
    },
    today: new Date().toISOString().slice(0, 10),
    // A part of the contracts is enough for the rules and keeps the test to minutes; the start
    // script moves them all.
    contracts: 50,
  });

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  notifications = await startNotifications({ name: uniqueName('e2e_demo_tn'), idp });
  const contractsPort = await freePort();
  portal = await startTestPortal(uniqueName('e2e_demo_op'), {
    verifier: idp.verifier,
    env: {
      AUTH_ISSUER: idp.issuer,
      DEMO_DATA: 'true',
      OUTBOX_RELAY_MS: '200',
      STANDARD_CONTRACT_URL: `http://127.0.0.1:${contractsPort}`,
    },
  });
  contracts = await startContracts({
    idp,
    queuePrefix: portal.name,
    env: {
      PORT: String(contractsPort),
      ORDER_PORTAL_URL: portal.http.url,
      TARIFF_NOTIFICATIONS_URL: notifications.url,
      OUTBOX_RELAY_MS: '200',
    },
  });
  process.stderr.write(`${new Date().toISOString()} services started\n`);
  const started = Date.now();
  await history();
  seconds = (Date.now() - started) / 1000;
});

afterAll(async () => {
  await contracts?.svc.close();
  await portal?.close();
  await notifications?.svc.close();
});

describe('the demo history', () => {
  it('When the history is made, then there are contracts in every state and tariff changes whose reports and decisions keep the rules', async () => {
    const db = contracts.svc.runtime.db;
    const cs = await contractModel(db).find({}, { status: 1 }).lean();
    const states = new Set(cs.map((c) => c.status));
    for (const s of ['draft', 'sent_to_supplier', 'withdrawn', 'amended', 'terminated'])
      expect(states).toContain(s);
    expect(cs.length).toBeGreaterThan(80); // every selected demo order's contract was drafted

    const changes = await tariffChangeModel(db).find({}).lean();
    expect(changes.length).toBeGreaterThan(10);
    const bands = new Set<string>();
    let reportable = 0;
    for (const ch of changes) {
      for (const d of ch.decisions) {
        const c = d.classification;
        bands.add(c.band);
        // Exact: (new − old) / old against the threshold used, in integers.
        const above =
          BigInt(c.ratio.num) * 10_000n > BigInt(c.thresholdUsedBp) * BigInt(c.ratio.den);
        expect(c.reportToAuthority).toBe(above && c.kind === 'above_pl');
        if (c.reportToAuthority) reportable++;
        expect(c.requiresBuyerApproval).toBe(
          c.band === 'above_pl' || c.band === 'above_report_threshold',
        );
        if (c.requiresBuyerApproval)
          expect(['applied', 'rejected', 'to_apply']).toContain(d.status);
      }
      // One report per authority of the reportable decisions, none for the others.
      const authorities = new Set(
        ch.decisions.filter((d) => d.classification.reportToAuthority).map((d) => d.authority),
      );
      expect(new Set((ch.reports ?? []).map((r) => r.authority))).toEqual(authorities);
    }
    for (const band of ['within_pl', 'above_pl', 'above_report_threshold'])
      expect(bands).toContain(band);
    expect(reportable).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/^demo history: \d+ contracts/);
    console.log(`${lines.at(-1)} (measured ${seconds.toFixed(1)} s)`);
  });

  it('When it runs again, then it finds the history made and changes nothing', async () => {
    const db = contracts.svc.runtime.db;
    const before = await tariffChangeModel(db).countDocuments();
    await history();
    expect(lines.at(-1)).toMatch(/already made/);
    expect(await tariffChangeModel(db).countDocuments()).toBe(before);
  });
});
