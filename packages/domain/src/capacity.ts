import { isoToEpochMs, MS_PER_DAY } from './iso-date';
import { divideRoundHalfAwayFromZero } from './percent';

/**
 * Capacity as reported by suppliers. Counts are places, not citizens: one citizen in a secure
 * institution can occupy several places.
 */
export interface CapacityReport {
  placesInOperation: number;
  occupied: number;
  free: number;
  waitingList: number;
}

export type CapacityField = keyof CapacityReport;

export type CapacityProblemCode =
  'NOT_A_COUNT' | 'FREE_EXCEEDS_PLACES' | 'OCCUPIED_AND_FREE_EXCEED_PLACES';

export interface CapacityProblem {
  field: CapacityField;
  /** Stable English code for programs. */
  code: CapacityProblemCode;
  /** Danish text shown to the supplier next to the field. */
  message: string;
}

const COUNT_FIELDS: readonly CapacityField[] = [
  'placesInOperation',
  'occupied',
  'free',
  'waitingList',
];

export function validateCapacity(report: CapacityReport): CapacityProblem[] {
  const countProblems = COUNT_FIELDS.filter((field) => !isCount(report[field])).map(
    (field): CapacityProblem => ({
      field,
      code: 'NOT_A_COUNT',
      message: 'Skal være et helt tal på 0 eller derover.',
    }),
  );
  if (countProblems.length > 0) return countProblems;
  return relationProblems(report);
}

function relationProblems({
  placesInOperation,
  occupied,
  free,
}: CapacityReport): CapacityProblem[] {
  if (free > placesInOperation) {
    return [
      {
        field: 'free',
        code: 'FREE_EXCEEDS_PLACES',
        message: 'Antal ledige pladser kan ikke være større end antal pladser i drift.',
      },
    ];
  }
  // Only checked when `free` fits on its own, so one mistake gives one message.
  if (occupied + free > placesInOperation) {
    return [
      {
        field: 'occupied',
        code: 'OCCUPIED_AND_FREE_EXCEED_PLACES',
        message: 'Belagte og ledige pladser kan tilsammen ikke overstige antal pladser i drift.',
      },
    ];
  }
  return [];
}

/**
 * True when the confirmation is MORE than `staleAfterDays` days older than `nowIso`; exactly
 * `staleAfterDays` old still counts as fresh. A confirmation dated after `nowIso` (clock skew)
 * is fresh. Both arguments are ISO dates or ISO date-times with offset.
 */
export function isStale(confirmedAtIso: string, nowIso: string, staleAfterDays: number): boolean {
  if (!isCount(staleAfterDays)) {
    throw new RangeError('staleAfterDays must be a non-negative integer');
  }
  const ageMs = isoToEpochMs(nowIso) - isoToEpochMs(confirmedAtIso);
  return ageMs > staleAfterDays * MS_PER_DAY;
}

/**
 * Occupancy (belægning) in basis points, rounded half away from zero like percentages.
 * `null` when there are no places in operation, since occupancy is then undefined, not 0 %.
 */
export function occupancyBasisPoints(occupied: number, placesInOperation: number): number | null {
  assertCount(occupied, 'occupied');
  assertCount(placesInOperation, 'placesInOperation');
  if (placesInOperation === 0) return null;
  return Number(divideRoundHalfAwayFromZero(BigInt(occupied) * 10_000n, BigInt(placesInOperation)));
}

/** The operator (driftsherre) may change the number of places by up to ±20 %, inclusive. */
export function withinOperatorAdjustment(approvedPlaces: number, newPlaces: number): boolean {
  assertCount(approvedPlaces, 'approvedPlaces');
  assertCount(newPlaces, 'newPlaces');
  // |new - approved| <= approved / 5, multiplied out so no fraction is ever rounded.
  const change = BigInt(newPlaces) - BigInt(approvedPlaces);
  return 5n * (change < 0n ? -change : change) <= BigInt(approvedPlaces);
}

/** The inclusive range of place counts reachable under the ±20 % rule, e.g. 10 → 8..12. */
export function operatorAdjustmentRange(approvedPlaces: number): { min: number; max: number } {
  assertCount(approvedPlaces, 'approvedPlaces');
  const step = Math.floor(approvedPlaces / 5);
  return { min: approvedPlaces - step, max: approvedPlaces + step };
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function assertCount(value: number, name: string): void {
  if (!isCount(value)) throw new RangeError(`${name} must be a non-negative integer`);
}
