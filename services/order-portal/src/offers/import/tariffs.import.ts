import type { CrossTenantScope } from '@rammeaftale/db';
import { isDomainValidationError, parseDanishAmount } from '@rammeaftale/domain';
import type { AdditionalTariffDoc, RecordedBy } from '../offer.model';
import { offerIdForTilbudsportalen } from '../offer.model';
import type { OfferRepository, TariffEntry } from '../offer.repository';
import { formatPeriod, periodsOverlap } from '../tariff-periods';
import type { ColumnSpec, ImportProblem } from './csv';
import { RowReader, columnsByKey } from './fields';
import { readTpId, TP_ID_COLUMN } from './tilbudsportalen-id';
import { importFile, type ChunkedWrite, type ImportOptions } from './import-file';
import { canonicalJson, type ImportReport } from './import-report';
import type { OfferLockRepository } from '../offer-lock.repository';

export const DEFAULT_SERVICE = 'Døgnophold';

export const TARIFF_COLUMNS = [
  TP_ID_COLUMN,
  { key: 'service', header: 'Ydelse', required: false },
  { key: 'validFrom', header: 'Gyldig fra', required: true },
  { key: 'validTo', header: 'Gyldig til', required: false },
  {
    key: 'dailyBasis',
    header: 'Grundtakst',
    required: true,
    aliases: ['Grundtakst pr. døgn', 'Døgntakst'],
  },
  { key: 'additional', header: 'Tillægstakster', required: false },
  {
    key: 'assumedOccupancy',
    header: 'Forudsat belægning',
    required: true,
    aliases: ['Belægningsprocent'],
  },
  { key: 'calculationBasis', header: 'Beregningsgrundlag', required: true },
] as const satisfies readonly ColumnSpec<string>[];

type TariffColumn = (typeof TARIFF_COLUMNS)[number]['key'];
const COLUMNS = columnsByKey<TariffColumn>(TARIFF_COLUMNS);

type TariffValues = Omit<TariffEntry, 'recordedBy' | 'recordedAt' | 'source'>;

interface TariffRow {
  row: number;
  offerId: string;
  tariff: TariffValues;
}

/**
 * Tariff periods per offer and service. A period is identified by its service and start date:
 * the same again is unchanged (or corrected). Periods of one service never overlap — neither
 * with stored ones nor within the file — because "the tariff in force" must be one tariff.
 */
export const tariffLockKey = (offerId: string) => `tariffs:${offerId}`;

export interface TariffImportDeps {
  offers: OfferRepository;
  locks: OfferLockRepository;
  now: () => Date;
}

export function importTariffs(
  deps: TariffImportDeps,
  scope: CrossTenantScope,
  recordedBy: RecordedBy,
  bytes: Uint8Array,
  opts: ImportOptions,
): Promise<ImportReport> {
  return importFile('tariffs', TARIFF_COLUMNS, bytes, opts, async (records, errors, inChunks) => {
    const byOffer = new Map<string, TariffRow[]>();
    for (const record of records) {
      const r = new RowReader(record, COLUMNS);
      const parsed = parseTariffRow(r);
      errors.push(...r.problems);
      if (parsed) byOffer.set(parsed.offerId, [...(byOffer.get(parsed.offerId) ?? []), parsed]);
    }

    const known = await deps.offers.existingIds(scope, [...byOffer.keys()]);
    for (const [offerId, rows] of byOffer) {
      if (known.has(offerId)) continue;
      for (const row of rows) {
        errors.push(
          problem(row.row, 'tilbudsportalenId', 'UNKNOWN_OFFER', 'Intet tilbud med dette id.'),
        );
      }
      byOffer.delete(offerId);
    }
    const stamp = { recordedBy, recordedAt: deps.now(), source: 'import' as const };
    return mergeUnderLeases(deps, scope, byOffer, {
      stamp,
      inChunks: opts.dryRun ? undefined : inChunks,
      errors,
    });
  });
}

/**
 * Reads, checks for overlaps and writes each offer's tariffs while holding its lease, so a
 * concurrent import cannot slip an overlapping period in between. Offers whose lease stays taken
 * are reported as busy.
 */
async function mergeUnderLeases(
  deps: TariffImportDeps,
  scope: CrossTenantScope,
  byOffer: ReadonlyMap<string, readonly TariffRow[]>,
  run: {
    stamp: Pick<TariffEntry, 'recordedBy' | 'recordedAt' | 'source'>;
    /** How to write; none on a dry run. */
    inChunks: ChunkedWrite | undefined;
    errors: ImportProblem[];
  },
): Promise<{ created: number; updated: number; unchanged: number }> {
  const tally = { created: 0, updated: 0, unchanged: 0 };
  let waiting = [...byOffer.keys()];
  for (let attempt = 0; attempt < 20 && waiting.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    const { owner, acquired } = await deps.locks.acquire(scope, waiting.map(tariffLockKey));
    const mine = waiting.filter((id) => acquired.has(tariffLockKey(id)));
    try {
      const states = await deps.offers.tariffState(scope, mine);
      const writes: { id: string; tariffs: TariffEntry[] }[] = [];
      for (const offerId of mine) {
        const merged = mergeTariffs(
          states.get(offerId) ?? [],
          byOffer.get(offerId) ?? [],
          run.stamp,
        );
        run.errors.push(...merged.problems);
        tally.created += merged.counts.created;
        tally.updated += merged.counts.updated;
        tally.unchanged += merged.counts.unchanged;
        if (merged.counts.created + merged.counts.updated > 0)
          writes.push({ id: offerId, tariffs: merged.tariffs });
      }
      await run.inChunks?.(
        writes,
        (w) => byOffer.get(w.id)?.length ?? 0,
        (chunk) => deps.offers.replaceTariffs(scope, chunk),
      );
    } finally {
      await deps.locks.release(scope, owner, mine.map(tariffLockKey));
    }
    waiting = waiting.filter((id) => !acquired.has(tariffLockKey(id)));
  }
  for (const offerId of waiting) {
    for (const row of byOffer.get(offerId) ?? []) {
      run.errors.push(
        problem(
          row.row,
          'tilbudsportalenId',
          'OFFER_BUSY',
          'Tilbuddets takster ændres lige nu af en anden import; prøv igen.',
        ),
      );
    }
  }
  return tally;
}

/**
 * Adds the file's periods to the stored ones, one row at a time in file order. Each row is checked
 * against everything accepted so far, so the result never holds overlapping periods of a service.
 */
export function mergeTariffs(
  stored: readonly TariffEntry[],
  rows: readonly TariffRow[],
  stamp: Pick<TariffEntry, 'recordedBy' | 'recordedAt' | 'source'>,
): {
  tariffs: TariffEntry[];
  problems: ImportProblem[];
  counts: { created: number; updated: number; unchanged: number };
} {
  const result: { tariff: TariffEntry; row: number | null }[] = stored.map((tariff) => ({
    tariff,
    row: null,
  }));
  const problems: ImportProblem[] = [];
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const keyOf = (t: { service: string; validFrom: string }) => `${t.service}@${t.validFrom}`;
  for (const { row, tariff } of rows) {
    const key = keyOf(tariff);
    const same = result.findIndex((e) => keyOf(e.tariff) === key);
    const sameEntry = same >= 0 ? result[same] : undefined;
    if (sameEntry && sameEntry.row !== null) {
      problems.push(
        problem(
          row,
          'validFrom',
          'DUPLICATE_PERIOD',
          `Samme ydelse og startdato står allerede i række ${sameEntry.row}.`,
        ),
      );
      continue;
    }
    const clash = result.find(
      (e, i) =>
        i !== same && e.tariff.service === tariff.service && periodsOverlap(e.tariff, tariff),
    );
    if (clash) {
      const where = clash.row === null ? 'en gemt takst' : `takstperioden i række ${clash.row}`;
      problems.push(
        problem(
          row,
          'validFrom',
          'OVERLAPPING_PERIOD',
          `Perioden ${formatPeriod(tariff)} overlapper ${where} (${formatPeriod(clash.tariff)}) for samme ydelse.`,
        ),
      );
      continue;
    }
    if (sameEntry && canonicalJson(values(sameEntry.tariff)) === canonicalJson(values(tariff))) {
      counts.unchanged++;
      result[same] = { tariff: sameEntry.tariff, row };
      continue;
    }
    const entry: TariffEntry = { ...tariff, ...stamp };
    if (sameEntry) {
      counts.updated++;
      result[same] = { tariff: entry, row };
    } else {
      counts.created++;
      result.push({ tariff: entry, row });
    }
  }
  const tariffs = result
    .map((e) => e.tariff)
    .sort(
      (a, b) => a.service.localeCompare(b.service, 'da') || a.validFrom.localeCompare(b.validFrom),
    );
  return { tariffs, problems, counts };
}

function values(t: TariffValues): TariffValues {
  return {
    service: t.service,
    validFrom: t.validFrom,
    validTo: t.validTo ?? null,
    dailyBasisOre: t.dailyBasisOre,
    additional: t.additional.map((a) => ({ name: a.name, dailyOre: a.dailyOre })),
    assumedOccupancyBp: t.assumedOccupancyBp,
    calculationBasis: t.calculationBasis,
  };
}

function problem(row: number, key: TariffColumn, code: string, message: string): ImportProblem {
  return { row, field: COLUMNS[key].header, code, message };
}

function parseTariffRow(r: RowReader<TariffColumn>): TariffRow | undefined {
  const tp = readTpId(r);
  const service = r.text('service', { max: 80 }) ?? DEFAULT_SERVICE;
  const validFrom = r.date('validFrom', { required: true });
  const validTo = r.date('validTo', { required: false });
  if (validFrom && validTo && validTo < validFrom) {
    r.fail('validTo', 'PERIOD_ENDS_BEFORE_START', '"Gyldig til" ligger før "Gyldig fra".');
  }
  const dailyBasisOre = r.amountOre('dailyBasis', { required: true, positive: true });
  const additional = parseAdditional(r);
  const assumedOccupancyBp = r.percentBp('assumedOccupancy', {
    required: true,
    min: 1,
    max: 10_000,
  });
  const calculationBasis = r.text('calculationBasis', { required: true, max: 500 });
  if (
    !r.ok ||
    tp === undefined ||
    !validFrom ||
    dailyBasisOre === undefined ||
    !additional ||
    assumedOccupancyBp === undefined ||
    calculationBasis === undefined
  ) {
    return undefined;
  }
  return {
    row: r.row,
    offerId: offerIdForTilbudsportalen(tp),
    tariff: {
      service,
      validFrom,
      validTo: validTo ?? null,
      dailyBasisOre,
      additional,
      assumedOccupancyBp,
      calculationBasis,
    },
  };
}

/** 'Ekstra støtte=1.250,00; Særlig kost=85,50' → named daily amounts in øre. */
function parseAdditional(r: RowReader<TariffColumn>): AdditionalTariffDoc[] | undefined {
  const items = r.list('additional', { required: false });
  if (!items) return undefined;
  const out: AdditionalTariffDoc[] = [];
  for (const item of items) {
    const at = item.lastIndexOf('=');
    const name = at > 0 ? item.slice(0, at).trim() : '';
    const amount = at > 0 ? item.slice(at + 1).trim() : '';
    let dailyOre: number | undefined;
    try {
      dailyOre = name !== '' && name.length <= 80 ? parseDanishAmount(amount) : undefined;
    } catch (err) {
      if (!isDomainValidationError(err)) throw err;
    }
    if (dailyOre === undefined || dailyOre < 0) {
      return r.fail(
        'additional',
        'INVALID_ADDITIONAL_TARIFF',
        'Skriv tillægstakster som "navn=beløb", adskilt af semikolon, fx "Ekstra støtte=1.250,00".',
      );
    }
    out.push({ name, dailyOre });
  }
  return out;
}
