import { z } from 'zod';
import { InvalidInputError, MUNICIPALITIES, TARGET_GROUP_SLUGS } from '@rammeaftale/domain';
import type { MarketFilter } from './market.rules';

/** The first year market data goes back to by default: the agreement's first year with data. */
export const MARKET_FIRST_YEAR = 2024;

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
const year = z.preprocess(blankIsAbsent, z.coerce.number().int().min(2000).max(2100).optional());

/**
 * The filter of the market data pages, as it travels in the address (`?fra=2024&til=2026&kommune=253
 * &maalgruppe=autisme`): Danish names, because people see and share these links. Empty fields of
 * the filter form mean "all".
 */
export const MarketFilterQuery = z.object({
  fra: year,
  til: year,
  kommune: z.preprocess(
    blankIsAbsent,
    z.coerce
      .number()
      .int()
      .refine((c) => MUNICIPALITIES.some((m) => m.code === c), { message: 'unknown municipality' })
      .optional(),
  ),
  maalgruppe: z.preprocess(
    blankIsAbsent,
    z.enum(TARGET_GROUP_SLUGS as [string, ...string[]]).optional(),
  ),
});

/**
 * The filter of a request: by default from the first year to the current one. An unknown
 * municipality, target group or a year range that runs backwards is refused with the fields named.
 */
export function parseMarketFilter(query: unknown, currentYear: number): MarketFilter {
  const parsed = MarketFilterQuery.safeParse(query);
  if (!parsed.success)
    throw new InvalidInputError(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      'query',
    );
  const toYear = parsed.data.til ?? currentYear;
  const fromYear = parsed.data.fra ?? Math.min(MARKET_FIRST_YEAR, toYear);
  if (fromYear > toYear)
    throw new InvalidInputError([{ field: 'fra', message: 'from year after to year' }], 'query');
  return {
    fromYear,
    toYear,
    ...(parsed.data.kommune !== undefined ? { municipalityCode: parsed.data.kommune } : {}),
    ...(parsed.data.maalgruppe !== undefined ? { targetGroup: parsed.data.maalgruppe } : {}),
  };
}

/** The filter as the address's query, for links and CSV downloads of the same selection. */
export function filterQuery(f: MarketFilter): string {
  const p = new URLSearchParams({ fra: String(f.fromYear), til: String(f.toYear) });
  if (f.municipalityCode !== undefined) p.set('kommune', String(f.municipalityCode));
  if (f.targetGroup !== undefined) p.set('maalgruppe', f.targetGroup);
  return p.toString();
}
