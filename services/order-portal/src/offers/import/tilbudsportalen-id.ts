import type { RowReader } from './fields';

/** Tilbudsportalen's id of an offer: digits only (the registry stores it as `tp-<id>`). */
export const TP_ID = /^\d{1,10}$/;

/** The first column of every file about offers: which offer the row is about. */
export const TP_ID_COLUMN = {
  key: 'tilbudsportalenId',
  header: 'Tilbudsportalen-id',
  required: true,
  aliases: ['Tilbudsportalen id', 'TP-id'],
} as const;

/** The row's offer id as written; a problem on the row when it is missing or not an id. */
export function readTpId<K extends string>(
  r: RowReader<K | 'tilbudsportalenId'>,
): string | undefined {
  const tp = r.text('tilbudsportalenId', { required: true });
  if (tp !== undefined && !TP_ID.test(tp)) {
    r.fail('tilbudsportalenId', 'INVALID_ID', 'Skal være Tilbudsportalens tal-id, fx 123456.');
  }
  return tp;
}
