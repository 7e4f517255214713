import {
  operatorAdjustmentRange,
  validateCapacity,
  withinOperatorAdjustment,
  type CapacityField,
} from '@rammeaftale/domain';
import type { RecordedBy } from '../offer.model';
import { offerIdForTilbudsportalen } from '../offer.model';
import type {
  CapacityEntry,
  CapacityWrite,
  OfferRepository,
  OfferScope,
} from '../offer.repository';
import type { ColumnSpec, CsvRecord, ImportProblem } from './csv';
import { RowReader, columnsByKey } from './fields';
import { readTpId, TP_ID_COLUMN } from './tilbudsportalen-id';
import { importFile, type ImportOptions } from './import-file';
import type { ImportReport } from './import-report';

export const CAPACITY_COLUMNS = [
  TP_ID_COLUMN,
  { key: 'placesInOperation', header: 'Pladser i drift', required: true },
  { key: 'occupied', header: 'Belagte pladser', required: true, aliases: ['Optagne pladser'] },
  { key: 'free', header: 'Ledige pladser', required: true },
  { key: 'waitingList', header: 'Venteliste', required: true, aliases: ['Antal på venteliste'] },
  { key: 'asOf', header: 'Opgjort', required: true, aliases: ['Opgjort dato', 'Dato'] },
] as const satisfies readonly ColumnSpec<string>[];

type CapacityColumn = (typeof CAPACITY_COLUMNS)[number]['key'];
const COLUMNS = columnsByKey<CapacityColumn>(CAPACITY_COLUMNS);

/**
 * A count is confirmed when it was made: one dated in the future is refused (it would show as
 * "confirmed" at a time that has not come, as a supplier's list once did at 05.35 for a count of
 * 12.31 the same day). Only a few minutes of clock difference between the file's author and the
 * server are allowed.
 */
const MAX_FUTURE_MS = 5 * 60 * 1000;

interface CapacityRow {
  row: number;
  offerId: string;
  entry: Omit<CapacityEntry, 'reportedBy' | 'reportedAt' | 'source'>;
}

/**
 * Counts of places per offer at a moment ("Opgjort"). The moment is the key: the same offer and
 * moment again is the same count (unchanged, or corrected when the numbers differ), so a file can
 * be imported twice without growing the history. The current capacity is the latest count.
 * Counts are added with atomic operators (offer.repository), so a supplier reporting through the
 * API while the file is imported loses nothing.
 */
export function importCapacity(
  deps: { offers: OfferRepository; now: () => Date },
  scope: OfferScope,
  reportedBy: RecordedBy,
  bytes: Uint8Array,
  opts: ImportOptions,
): Promise<ImportReport> {
  return importFile(
    'capacity',
    CAPACITY_COLUMNS,
    bytes,
    opts,
    async (records, errors, inChunks) => {
      const now = deps.now();
      const byOffer = countsByOffer(records, now, errors);
      await dropOffersOutOfScope(deps.offers, scope, byOffer, errors);
      const states = await deps.offers.capacityState(scope, [...byOffer.keys()]);
      dropBeyondAdjustment(byOffer, states, errors);
      const stamp = { reportedBy, reportedAt: now, source: 'import' as const };
      const { writes, tally } = capacityChanges(byOffer, states, stamp);
      if (!opts.dryRun)
        await inChunks(
          writes,
          (w) => w.append.length + w.corrections.length,
          (chunk) => deps.offers.addCapacityCounts(scope, chunk),
        );
      return tally;
    },
  );
}

/** The readable rows by offer; a second count of the same offer and moment is an error. */
function countsByOffer(
  records: readonly CsvRecord<CapacityColumn>[],
  now: Date,
  errors: ImportProblem[],
): Map<string, CapacityRow[]> {
  const byOffer = new Map<string, CapacityRow[]>();
  const seen = new Map<string, number>();
  for (const record of records) {
    const r = new RowReader(record, COLUMNS);
    const parsed = parseCapacityRow(r, now);
    errors.push(...r.problems);
    if (!parsed) continue;
    const key = `${parsed.offerId}@${parsed.entry.asOf.toISOString()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({
        row: r.row,
        field: COLUMNS.asOf.header,
        code: 'DUPLICATE_COUNT',
        message: `Samme tilbud og tidspunkt står allerede i række ${earlier}.`,
      });
      continue;
    }
    seen.set(key, r.row);
    byOffer.set(parsed.offerId, [...(byOffer.get(parsed.offerId) ?? []), parsed]);
  }
  return byOffer;
}

/** Offers outside the scope look exactly like unknown ones: a supplier learns nothing of others. */
async function dropOffersOutOfScope(
  offers: OfferRepository,
  scope: OfferScope,
  byOffer: Map<string, CapacityRow[]>,
  errors: ImportProblem[],
): Promise<void> {
  const known = await offers.existingIds(scope, [...byOffer.keys()]);
  for (const [offerId, rows] of byOffer) {
    if (known.has(offerId)) continue;
    for (const row of rows) {
      errors.push({
        row: row.row,
        field: COLUMNS.tilbudsportalenId.header,
        code: 'UNKNOWN_OFFER',
        message: 'Intet tilbud med dette id, som du kan indberette for.',
      });
    }
    byOffer.delete(offerId);
  }
}

/**
 * The operator's ±20 % of the approved places (framework agreement; domain:
 * withinOperatorAdjustment), as the API's capacity report applies it: a count beyond is refused.
 */
function dropBeyondAdjustment(
  byOffer: Map<string, CapacityRow[]>,
  states: ReadonlyMap<string, { approvedPlaces: number }>,
  errors: ImportProblem[],
): void {
  for (const [offerId, rows] of byOffer) {
    const approved = states.get(offerId)?.approvedPlaces;
    if (approved === undefined) continue;
    const kept = rows.filter((r) => {
      if (withinOperatorAdjustment(approved, r.entry.placesInOperation)) return true;
      const { min, max } = operatorAdjustmentRange(approved);
      errors.push({
        row: r.row,
        field: COLUMNS.placesInOperation.header,
        code: 'PLACES_BEYOND_ADJUSTMENT',
        message: `Må højst afvige 20 % fra de ${approved} godkendte pladser (${min}–${max}). En større ændring skal godkendes af socialtilsynet.`,
      });
      return false;
    });
    if (kept.length) byOffer.set(offerId, kept);
    else byOffer.delete(offerId);
  }
}

/** What each offer's counts add to or correct in its stored history, and the tally of it. */
function capacityChanges(
  byOffer: ReadonlyMap<string, readonly CapacityRow[]>,
  states: ReadonlyMap<string, { capacityHistory: CapacityEntry[] }>,
  stamp: Pick<CapacityEntry, 'reportedBy' | 'reportedAt' | 'source'>,
): { writes: CapacityWrite[]; tally: { created: number; updated: number; unchanged: number } } {
  const tally = { created: 0, updated: 0, unchanged: 0 };
  const writes: CapacityWrite[] = [];
  for (const [offerId, rows] of byOffer) {
    const history = states.get(offerId)?.capacityHistory ?? [];
    const write: CapacityWrite = { id: offerId, append: [], corrections: [] };
    for (const { entry } of rows) {
      const full: CapacityEntry = { ...entry, ...stamp };
      // The last stored count at that moment: duplicates are read the same way (last wins).
      const index = history.map((h) => h.asOf.getTime()).lastIndexOf(entry.asOf.getTime());
      const stored = index >= 0 ? history[index] : undefined;
      if (!stored) {
        write.append.push(full);
        tally.created++;
      } else if (SAME_COUNT.every((k) => stored[k] === entry[k])) {
        tally.unchanged++;
      } else {
        write.corrections.push({ index, entry: full });
        tally.updated++;
      }
    }
    if (write.append.length + write.corrections.length > 0) writes.push(write);
  }
  return { writes, tally };
}

const SAME_COUNT: readonly ('placesInOperation' | 'occupied' | 'free' | 'waitingList')[] = [
  'placesInOperation',
  'occupied',
  'free',
  'waitingList',
];

const FIELD_TO_COLUMN: Record<CapacityField, CapacityColumn> = {
  placesInOperation: 'placesInOperation',
  occupied: 'occupied',
  free: 'free',
  waitingList: 'waitingList',
};

function parseCapacityRow(r: RowReader<CapacityColumn>, now: Date): CapacityRow | undefined {
  const tp = readTpId(r);
  const placesInOperation = r.count('placesInOperation', { required: true, max: 10_000 });
  const occupied = r.count('occupied', { required: true, max: 10_000 });
  const free = r.count('free', { required: true, max: 10_000 });
  const waitingList = r.count('waitingList', { required: true, max: 100_000 });
  const asOf = r.moment('asOf', { required: true });
  if (asOf && asOf.getTime() > now.getTime() + MAX_FUTURE_MS) {
    r.fail('asOf', 'IN_FUTURE', 'Tidspunktet ligger i fremtiden.');
  }
  if (
    placesInOperation !== undefined &&
    occupied !== undefined &&
    free !== undefined &&
    waitingList !== undefined
  ) {
    for (const p of validateCapacity({ placesInOperation, occupied, free, waitingList })) {
      r.fail(FIELD_TO_COLUMN[p.field], p.code, p.message);
    }
  }
  if (
    !r.ok ||
    tp === undefined ||
    placesInOperation === undefined ||
    occupied === undefined ||
    free === undefined ||
    waitingList === undefined ||
    asOf === undefined
  ) {
    return undefined;
  }
  return {
    row: r.row,
    offerId: offerIdForTilbudsportalen(tp),
    entry: { asOf, placesInOperation, occupied, free, waitingList },
  };
}
