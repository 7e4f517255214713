import { Schema, type Connection, type Model } from 'mongoose';
import type { Actor } from '@rammeaftale/auth';
import type { Logger } from '@rammeaftale/logging';
import { copenhagenDate } from '../offers/danish-time';
import { importCsv } from '../offers/import/import-csv.use-case';
import { IMPORT_KINDS, type ImportReport } from '../offers/import/import-report';
import { crossTenant } from '@rammeaftale/db';
import { OfferLockRepository } from '../offers/offer-lock.repository';
import { OfferRepository } from '../offers/offer.repository';
import { OrganisationRepository } from '../offers/organisation.repository';
import { PolicyValuesRepository } from '../offers/policy-values.repository';
import { DEMO_OFFER_COUNT, DEMO_SEED, generateCsvFiles } from './demo-files';
import { seedOrderHistory } from './history/seed-order-history';

interface SeedMarkerDoc {
  _id: string;
  anchorDate: string;
  startedAt: Date;
  completedAt?: Date | null;
}

const markerSchema = new Schema<SeedMarkerDoc>(
  { _id: String, anchorDate: String, startedAt: Date, completedAt: { type: Date, default: null } },
  { versionKey: false },
);

function markerModel(db: Connection): Model<SeedMarkerDoc> {
  return (
    (db.models.DemoSeed as Model<SeedMarkerDoc>) ??
    db.model<SeedMarkerDoc>('DemoSeed', markerSchema, 'demo_seed')
  );
}

/** The seed acts as a background service of the secretariat (hosted by Greve). */
const SEED_ACTOR: Actor = { userId: 'demo-seed', role: 'service', organisationId: 'mun-253' };
const MARKER_ID = `region-zealand-v1-${DEMO_SEED}-${DEMO_OFFER_COUNT}`;

export interface SeedSummary {
  skipped: boolean;
  anchorDate: string;
  reports: ImportReport[];
}

/**
 * Loads the Region Zealand demo data through the same CSV import a person would use, so the demo
 * also exercises the import. Safe to call on every start:
 * - the data set's "today" (anchor date) is fixed on the first run and kept in `demo_seed`, so a
 *   later run generates exactly the same rows and every import finds them unchanged;
 * - a finished seed is skipped at once; an interrupted one is simply run again.
 */
export async function seedDemoData(
  db: Connection,
  logger: Logger,
  opts: { now?: () => Date } = {},
): Promise<SeedSummary> {
  const now = opts.now ?? (() => new Date());
  const started = Date.now();
  const Marker = markerModel(db);
  const marker = await Marker.findOneAndUpdate(
    { _id: MARKER_ID },
    { $setOnInsert: { anchorDate: copenhagenDate(now()), startedAt: now(), completedAt: null } },
    { upsert: true, new: true, lean: true },
  );
  if (!marker) throw new Error('demo seed marker could not be written');
  if (marker.completedAt) {
    logger.info({ anchorDate: marker.anchorDate }, 'demo data already loaded');
    // The history came later than the registry: a data set loaded before it gets it now.
    await seedOrderHistory(db, logger, marker.anchorDate);
    return { skipped: true, anchorDate: marker.anchorDate, reports: [] };
  }

  const { data, files } = generateCsvFiles({
    seed: DEMO_SEED,
    offers: DEMO_OFFER_COUNT,
    anchorDate: marker.anchorDate,
  });
  const deps = {
    offers: new OfferRepository(db),
    organisations: new OrganisationRepository(db),
    locks: new OfferLockRepository(db),
    logger,
    now,
  };
  const reports: ImportReport[] = [];
  for (const kind of IMPORT_KINDS) {
    const report = await importCsv(deps, SEED_ACTOR, {
      kind,
      bytes: Buffer.from(files[kind], 'utf8'),
      dryRun: false,
    });
    if (!report.accepted || report.rejectedRows > 0) {
      // The generator and the import disagree: a bug to see at once, not demo data with holes.
      logger.error({ kind, errors: report.errors.slice(0, 5) }, 'demo data rejected by the import');
      throw new Error(`demo ${kind} were rejected by the import (${report.rejectedRows} rows)`);
    }
    reports.push(report);
  }
  const policies = new PolicyValuesRepository(db);
  const agreementWide = crossTenant('the demo seed records the policy values of the agreement');
  for (const values of data.policies) await policies.create(agreementWide, values, SEED_ACTOR);
  await seedOrderHistory(db, logger, marker.anchorDate);
  await Marker.updateOne({ _id: MARKER_ID }, { $set: { completedAt: now() } });
  logger.info(
    {
      anchorDate: marker.anchorDate,
      offers: data.offerCount,
      organisations: data.organisations.length,
      ms: Date.now() - started,
    },
    'demo data loaded',
  );
  return { skipped: false, anchorDate: marker.anchorDate, reports };
}
