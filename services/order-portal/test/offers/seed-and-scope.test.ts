import { createLogger } from '@rammeaftale/logging';
import {
  connectDatabase,
  closeDatabase,
  MissingTenantScopeError,
  type CrossTenantScope,
} from '@rammeaftale/db';
import { isValidCvr, isValidEan, MUNICIPALITIES } from '@rammeaftale/domain';
import { testEnv, uniqueName } from '@rammeaftale/testing';
import type { Connection } from 'mongoose';
import { generateDataset } from '../../src/demo/generate';
import { seedDemoData } from '../../src/demo/seed';
import { offerModel } from '../../src/offers/offer.model';
import { OfferRepository, type OfferScope } from '../../src/offers/offer.repository';
import { organisationModel } from '../../src/offers/organisation.model';
import { policyValuesModel } from '../../src/offers/policy-values.model';

jest.setTimeout(180_000);

const logger = createLogger({ service: 'seed-test', level: 'silent' });
let db: Connection;

beforeAll(async () => {
  db = await connectDatabase({ url: testEnv().MONGO_URL, dbName: uniqueName('op_seed'), logger });
});
afterAll(() => closeDatabase(db));

describe('demo data', () => {
  it('When the generator runs twice with the same seed, then the data set is identical and realistic', () => {
    const a = generateDataset({ seed: 42, offers: 300, anchorDate: '2026-03-01' });
    const b = generateDataset({ seed: 42, offers: 300, anchorDate: '2026-03-01' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const providers = a.organisations.filter((o) => !o.authorityCode);
    expect(providers).toHaveLength(40);
    expect(a.organisations).toHaveLength(40 + MUNICIPALITIES.length + 1);
    for (const o of a.organisations) {
      expect(isValidCvr(o.cvr ?? '')).toBe(true);
      for (const ean of (o.ean ?? '').split('; ')) expect(isValidEan(ean)).toBe(true);
    }
    expect(new Set(a.offers.map((o) => o.tilbudsportalenId)).size).toBe(300);
    expect(new Set(a.tariffs.map((t) => t.validFrom?.slice(-4)))).toEqual(
      new Set(['2024', '2025', '2026']),
    );
    expect(
      a.policies.map((p) => [
        p.year,
        p.plRateBp,
        p.privateReportThresholdBp,
        p.publicReportThresholdBp,
      ]),
    ).toEqual([
      [2024, 400, 500, 800],
      [2025, 400, 500, 800],
      [2026, 400, 500, 800],
    ]);
  });

  it('When the seed runs on every start, then the first run loads the Region Zealand set and later runs change nothing', async () => {
    const first = await seedDemoData(db, logger);
    expect(first.skipped).toBe(false);
    expect(await offerModel(db).countDocuments()).toBe(300);
    expect(await organisationModel(db).countDocuments()).toBe(58);
    expect(await policyValuesModel(db).countDocuments()).toBe(3);
    const sample = await offerModel(db).findOne({}).lean();
    const second = await seedDemoData(db, logger);
    expect(second).toMatchObject({ skipped: true, anchorDate: first.anchorDate });
    expect(await offerModel(db).findById(sample?._id).lean()).toEqual(sample);
  });
});

describe('repository scope', () => {
  it('When a repository is called without a scope, then it throws instead of reading every offer', async () => {
    const repo = new OfferRepository(db);
    await expect(
      repo.list(undefined as unknown as OfferScope, {}, { limit: 10, offset: 0 }),
    ).rejects.toThrow(MissingTenantScopeError);
    await expect(repo.get({ kind: 'operator', id: '' }, 'tp-1')).rejects.toThrow(
      MissingTenantScopeError,
    );
    // A registry write with an operator's scope: refused at run time as well as by the type.
    const ownersOnly = { kind: 'operator', id: 'cvr-1' } as unknown as CrossTenantScope;
    await expect(repo.upsertMetadata(ownersOnly, [])).rejects.toThrow(MissingTenantScopeError);
  });
});
