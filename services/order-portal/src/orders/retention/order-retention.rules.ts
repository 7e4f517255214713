/**
 * Storage limitation of orders (GDPR art. 5(1)(e)): an order that is over is kept with its
 * citizen's data for a retention period, then anonymised. Pure: dates in, dates and documents out.
 *
 * The period is counted from when the order was over:
 * - ended: the placement's last day (placement.endedOn), or the contract's last day or
 *   termination when the placement never started — the latest of what is recorded;
 * - cancelled or expired: when that happened (the transition into the state).
 * An order still open is never due, however old.
 *
 * Anonymised means the citizen can no longer be told from the order: the CPR number (and its
 * look-up token), gender, the search location, the free texts about the citizen (needs, special
 * requirements, goals, follow-up notes and reports, reasons, answers' conditions) are removed and
 * the pseudonym is replaced; the age is kept in 5-year bands. What market data and statistics use
 * stays: organisations and municipality codes, target group, legal basis, dates, the requests and
 * the selection with tier and price, the search snapshot, the contract's ids and dates.
 */

/** Five years, the limitation period of the Danish Limitation Act (forældelsesloven § 3). */
export const DEFAULT_ORDER_RETENTION_DAYS = 1826;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the rules read of an order (the stored document has more). */
export interface RetentionFacts {
  /** An OrderState; read from the stored document as it is. */
  status: string;
  transitions?: { to: string; at: Date | string }[];
  placement?: { startedOn?: string; endedOn?: string };
  contract?: { terminatedAt?: Date | string; effectiveDate?: string; cancelledAt?: Date | string };
  updatedAt?: Date | string;
}

export type RetentionBasis = 'placement-ended' | 'cancelled' | 'expired';

const asDate = (v: Date | string | undefined): Date | undefined => {
  if (v === undefined) return undefined;
  const d =
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
      ? new Date(`${v}T00:00:00Z`)
      : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

const latest = (dates: (Date | undefined)[]): Date | undefined =>
  dates.filter((d): d is Date => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];

/** When the order was over, from which the retention is counted; undefined while it is open. */
export function retentionStart(
  o: RetentionFacts,
): { from: Date; basis: RetentionBasis } | undefined {
  const entered = (state: string) =>
    latest((o.transitions ?? []).filter((t) => t.to === state).map((t) => asDate(t.at)));
  if (o.status === 'ended') {
    // A last day is the whole day: counted from the day after it.
    const dayAfter = (d: Date | undefined) => (d ? new Date(d.getTime() + DAY_MS) : undefined);
    const from = latest([
      dayAfter(asDate(o.placement?.endedOn)),
      dayAfter(asDate(o.contract?.effectiveDate)),
      asDate(o.contract?.terminatedAt),
      entered('ended'),
    ]);
    const fallback = from ?? asDate(o.updatedAt);
    return fallback ? { from: fallback, basis: 'placement-ended' } : undefined;
  }
  if (o.status === 'cancelled' || o.status === 'expired') {
    const from = entered(o.status) ?? asDate(o.contract?.cancelledAt) ?? asDate(o.updatedAt);
    return from ? { from, basis: o.status } : undefined;
  }
  return undefined;
}

/** The moment the order is due for anonymisation; undefined while it is open. */
export function anonymiseAfter(o: RetentionFacts, retentionDays: number): Date | undefined {
  const start = retentionStart(o);
  return start ? new Date(start.from.getTime() + retentionDays * DAY_MS) : undefined;
}

export function isDueForAnonymisation(
  o: RetentionFacts,
  retentionDays: number,
  now: Date,
): boolean {
  const due = anonymiseAfter(o, retentionDays);
  return due !== undefined && due.getTime() <= now.getTime();
}

/** The pseudonym an anonymised order carries instead of the case worker's. */
export const ANONYMISED_REFERENCE = 'anonymiseret';

type Doc = Record<string, unknown>;
const pick = (o: unknown, keys: readonly string[]): Doc | undefined => {
  if (!o || typeof o !== 'object') return undefined;
  const src = o as Doc;
  return Object.fromEntries(keys.filter((k) => src[k] !== undefined).map((k) => [k, src[k]]));
};
const without = (o: unknown, keys: readonly string[]): Doc | undefined => {
  if (!o || typeof o !== 'object') return undefined;
  return Object.fromEntries(Object.entries(o as Doc).filter(([k]) => !keys.includes(k)));
};
const each = (xs: unknown, f: (x: unknown) => Doc | undefined): Doc[] =>
  Array.isArray(xs) ? xs.map((x) => f(x) ?? {}) : [];
const defined = (d: Doc): Doc =>
  Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));

/** The fields of `need` that statistics and market data use; everything else of it is removed. */
const NEED_KEPT = [
  'targetGroup',
  'legalBasis',
  'wantedStart',
  'expectedDurationMonths',
  'homeMunicipalityCode',
  'maxDistanceKm',
  'requiredCompetences',
  'wishedCompetences',
] as const;

/** The order's top-level fields that are kept (others, e.g. goals and follow-ups, are removed). */
const TOP_KEPT = [
  '_id',
  'actingOrganisationId',
  'actingMunicipalityCode',
  'payingOrganisationId',
  'payingMunicipalityCode',
  'createdBy',
  'status',
  'lastSearch',
  'singlePersonOffer',
  'contract',
  'appliedEventIds',
  'pendingEvents',
  'revision',
  'createdAt',
  'updatedAt',
] as const;

/**
 * The anonymised document that replaces a stored order: built from what is kept (a list, so a
 * field added to orders later — an encrypted text, say — is removed unless it is added here).
 */
export function anonymisedOrder(
  doc: Doc,
  at: { now: Date; from: Date; basis: RetentionBasis },
): Doc {
  const citizen = (doc.citizen ?? {}) as { age?: number };
  const age = typeof citizen.age === 'number' ? Math.floor(citizen.age / 5) * 5 : 0;
  return defined({
    ...pick(doc, TOP_KEPT),
    citizen: { reference: ANONYMISED_REFERENCE, age },
    need: pick(doc.need, NEED_KEPT),
    goals: [],
    transitions: each(doc.transitions, (t) => without(t, ['reason'])),
    sharedOfferCheck: without(doc.sharedOfferCheck, ['note']),
    interests: each(doc.interests, (i) => without(i, ['note'])),
    requests: each(doc.requests, (r) => {
      const req = r as Doc;
      const answer = without(req.answer, ['conditions', 'declineReason']);
      return defined({ ...req, answer });
    }),
    selection: doc.selection
      ? defined({
          ...(doc.selection as Doc),
          privateReason: pick((doc.selection as Doc).privateReason, ['code']),
        })
      : undefined,
    placement: without(doc.placement, ['endReason']),
    retention: { anonymisedAt: at.now, countedFrom: at.from, basis: at.basis },
  });
}
