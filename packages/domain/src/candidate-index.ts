import type { CandidateOffer } from './placement-search';

/**
 * The search's registry by target group: an order looks only at the offers of its citizen's target
 * group (every other offer is left out for that one reason, so it is counted, not checked). Built
 * once per change of the registry, not per search. Within a group the offers keep the registry's
 * order, and an offer with a target group named twice is in its group once.
 *
 * Legal basis does not narrow the slice further: the search lists the group's offers of another
 * legal basis with why they were left out (and counts their other reasons), so it must see them.
 */
export interface CandidateIndex<T extends Pick<CandidateOffer, 'targetGroups'>> {
  /** Every offer in the registry. */
  readonly size: number;
  /** The offers of this target group, in the registry's order. */
  group(targetGroup: string): readonly T[];
}

export function indexCandidates<T extends Pick<CandidateOffer, 'targetGroups'>>(
  offers: Iterable<T>,
): CandidateIndex<T> {
  const groups = new Map<string, T[]>();
  let size = 0;
  for (const o of offers) {
    size++;
    for (const g of new Set(o.targetGroups)) {
      const list = groups.get(g);
      if (list) list.push(o);
      else groups.set(g, [o]);
    }
  }
  const none: readonly T[] = Object.freeze([]);
  return { size, group: (targetGroup) => groups.get(targetGroup) ?? none };
}
