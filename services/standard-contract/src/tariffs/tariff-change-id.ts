import { createHash } from 'node:crypto';

/** What a tariff change's id derives from (docs/adr/0014-tariff-change-ids-without-digits.md). */
export interface Announced {
  supplierOrganisationId: string;
  offerId: string;
  effectiveFrom: string;
  dailyBasisTariffOre: number;
}

const announcementHash = (a: Announced) =>
  createHash('sha256')
    .update(
      [a.supplierOrganisationId, a.offerId, a.effectiveFrom, a.dailyBasisTariffOre].join('\u0000'),
    )
    .digest('hex')
    .slice(0, 20);

/**
 * The 16 letters a change id is written in: no digits, so no run of them can look like a CPR
 * number (ids travel in letters, links, job payloads and logs, where every CPR guard of the suite
 * refuses or redacts a 10-digit run), and none of a-f, so an id tells which form it is in.
 */
const ID_LETTERS = 'ghjkmnpqrstvwxyz';

/**
 * The same announcement (supplier, offer, date, tariff) is the same change: announcing it twice
 * finds the first, so nothing (no decision, letter or report) is made twice. The announcement's
 * hash, each hex digit written as a letter of ID_LETTERS.
 */
export function tariffChangeId(a: Announced): string {
  return `tc-${[...announcementHash(a)].map((h) => ID_LETTERS[parseInt(h, 16)]).join('')}`;
}

/**
 * The id the same announcement had before ids were written in letters (`tc-` + 20 hex digits).
 * About 1 in 50 of those holds a CPR-shaped run of 10 digits, and every letter, link and event
 * of such a change was refused by the CPR guards. Changes stored under it keep it (reads accept
 * both forms); an announcement is looked up under both, so announcing one again after the change
 * of form still finds it (docs/adr/0014-tariff-change-ids-without-digits.md).
 */
export function legacyTariffChangeId(a: Announced): string {
  return `tc-${announcementHash(a)}`;
}

/** A tariff change id in either form: letters (since issue 16) or the legacy hex. */
export const TARIFF_CHANGE_ID = /^tc-(?:[ghjkmnpqrstvwxyz]{20}|[0-9a-f]{20})$/;
