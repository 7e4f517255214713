import { formatDkk, isDomainValidationError, parseDanishAmount } from '@rammeaftale/domain';
import { parseDanishDate } from '../../offers/danish-time';

/**
 * Danish dates, times, amounts and numbers as the portal shows and reads them: one module, so a
 * date looks the same in a table, a form field, its hint and its error message.
 */

const momentFormat = new Intl.DateTimeFormat('da-DK', {
  timeZone: 'Europe/Copenhagen',
  dateStyle: 'medium',
  timeStyle: 'short',
});
const dayFormat = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', dateStyle: 'long' });

/** A moment in Danish time ("3. feb. 2027 14.05"). */
export const when = (d: Date | string | undefined | null): string =>
  d ? momentFormat.format(new Date(d)) : '';

/** A calendar date (YYYY-MM-DD) in words ("15. januar 2027"). */
export const day = (iso: string | undefined | null): string =>
  iso ? dayFormat.format(new Date(`${iso}T00:00:00Z`)) : '';

/** How a date is written in a form field, its hint and its error: dd.mm.åååå. */
export const DATE_FORMAT = 'dd.mm.åååå';

/** A calendar date (YYYY-MM-DD) as typed in a form ("15.01.2027"); other text is kept as it is. */
export const dateField = (iso: string | undefined | null): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}.${m[2]}.${m[1]}` : (iso ?? '');
};

/**
 * A date typed in a form ("15.01.2027", "15-1-2027", also "2027-01-15") as the API's YYYY-MM-DD.
 * Text that is no calendar date is passed on as typed, so the API's schema refuses it.
 */
export const isoFromDateField = (text: string): string => parseDanishDate(text) ?? text;

/** An amount in øre as Danish kroner ("2.345,50 kr."), or a dash. */
export const kr = (ore: number | null | undefined): string => (ore == null ? '–' : formatDkk(ore));

/** Kroner typed in a form ("2.345,50") as øre; NaN when it is no amount (the schema refuses it). */
export function oreFromAmountField(text: string): number {
  try {
    return parseDanishAmount(text);
  } catch (err) {
    if (isDomainValidationError(err)) return NaN;
    throw err;
  }
}

/** A whole number typed in a form; undefined when empty, NaN when it is not a whole number. */
export const intFromField = (text: string): number | undefined =>
  text === '' ? undefined : /^\d{1,15}$/.test(text) ? Number(text) : NaN;

/** A decimal number with a Danish comma ("12,5"), or a dash. */
export const decimal = (n: number | null | undefined): string =>
  n == null ? '–' : String(n).replace('.', ',');

/** Basis points as a Danish percentage ("4 %", "10,5 %"). */
export const percentFromBp = (basisPoints: number): string =>
  `${(basisPoints / 100).toLocaleString('da-DK')} %`;
