import { createHash } from 'node:crypto';
import type { Actor } from '@rammeaftale/auth';
import {
  excludedAt,
  municipalityTown,
  rankingHoldsUntilMs,
  rankPlacements,
  resultAt,
  type Place,
  type RankedPlacements,
  type SearchCriteria,
  type SearchOutcome,
} from '@rammeaftale/domain';
import { actorScope, SHARED_REGISTRY } from '../tenancy';
import { actorRef, transitionUpdate } from './order-transition';
import type { OrderDeps } from './order-deps';
import { concurrentChange, orderNotFound } from './order.errors';
import type { Order } from './order.repository';
import type { SearchRowDoc, SearchSnapshotDoc } from './order.model';
import type { SearchCandidate } from './search-candidates';
import { DEFAULT_PAGE_SIZE, type SearchPageQuery } from './search-page';
import { filterRows, NO_FILTER, type SearchFilter } from './search-filter';
import { RankingMemo } from './ranking-memo';

export interface SearchView extends SearchOutcome {
  /** How many offers were left out for each reason (all offers, including other target groups). */
  excludedByReason: Record<string, number>;
  excludedTotal: number;
  offers: Record<
    string,
    {
      name: string;
      operatorKind: string;
      municipalityCode: number;
      dailyTariffOre: number | null;
      capacityConfirmedAt: string | null;
      competences: string[];
      qualityScore: number | null;
    }
  >;
}

/**
 * Where the citizen should live, as the search measures distance from it: the order's exact place
 * when it has one, else the town of the municipality the citizen should live in (the order's
 * home municipality, which defaults to the ordering municipality).
 */
export function residenceOf(
  order: Pick<Order, 'need' | 'actingMunicipalityCode'>,
): Place | undefined {
  const town = municipalityTown(order.need.homeMunicipalityCode ?? order.actingMunicipalityCode);
  if (order.need.location) return { ...order.need.location, town: town?.town };
  return town;
}

/** The ranking of an order's search, before any row is put into words. */
interface RankedSearch {
  ranked: RankedPlacements;
  candidates: ReadonlyMap<string, SearchCandidate>;
  excludedByReason: Record<string, number>;
  excludedTotal: number;
  /** The rows the order keeps of it (`lastSearch`), made once per ranking (snapshotRows). */
  snapshot?: { results: SearchRowDoc[]; digest: string };
  /** The pages answered of it, by page and filter: the same ranking answers the same page. */
  pages?: Map<string, SearchPage>;
}

/** Rankings reused between searches of the same registry view, criteria and moment (ranking-memo.ts). */
const rankings = new RankingMemo<RankedSearch>();

/**
 * Ranks the offers of the order's target group (the index's slice: every other offer is left out
 * for its target group alone, so it is counted, not checked), in the framework agreement's order
 * (see packages/domain). Nothing is put into words yet.
 */
async function rankForOrder(
  deps: OrderDeps,
  order: Order,
  opts: { includeFull?: boolean },
): Promise<RankedSearch> {
  const index = await deps.candidates.index(SHARED_REGISTRY);
  const criteria: SearchCriteria = {
    targetGroup: order.need.targetGroup,
    legalBasis: order.need.legalBasis,
    age: order.citizen.age,
    gender: order.citizen.gender,
    requiredCompetences: order.need.requiredCompetences,
    wishedCompetences: order.need.wishedCompetences,
    location: residenceOf(order),
    maxDistanceKm: order.need.maxDistanceKm,
    includeFull: opts.includeFull,
  };
  const { staleAfterDays, weights } = deps.settings;
  const now = deps.now();
  const key = JSON.stringify([criteria, staleAfterDays, weights]);
  return rankings.get(index, key, now.getTime(), () => {
    const group = index.group(order.need.targetGroup);
    const ranked = rankPlacements({
      criteria,
      offers: group,
      nowIso: now.toISOString(),
      staleAfterDays,
      weights,
    });
    // Offers of another target group are the bulk of the registry and tell the case worker nothing:
    // they are counted, not listed. Offers of the citizen's group that were left out are listed with why.
    const outside = index.size - group.length;
    const excludedByReason: Record<string, number> = outside ? { target_group: outside } : {};
    for (const e of ranked.excluded)
      for (const code of e.codes) excludedByReason[code] = (excludedByReason[code] ?? 0) + 1;
    const value: RankedSearch = {
      ranked,
      candidates: new Map(group.map((c) => [c.id, c])),
      excludedByReason,
      excludedTotal: outside + ranked.excluded.length,
    };
    return { value, holdsUntilMs: rankingHoldsUntilMs(ranked, now.getTime()) };
  });
}

/** How many rows, public rows, and public rows with a free place (the order's `lastSearch.counts`). */
export function searchCounts(
  rows: readonly SearchRowDoc[],
): NonNullable<SearchSnapshotDoc['counts']> {
  const pub = rows.filter((r) => r.tier === 'public');
  return {
    results: rows.length,
    public: pub.length,
    publicFree: pub.filter((r) => r.freePlaces > 0).length,
  };
}

/** Every result's place in the ranking, without the words, and their digest (made once per ranking). */
function snapshotRows(s: RankedSearch): NonNullable<RankedSearch['snapshot']> {
  if (!s.snapshot) {
    const results = s.ranked.ranked.map((r, i) => ({
      offerId: r.o.id,
      rank: i + 1,
      tier: r.tier,
      score: r.score,
      stale: r.stale,
      freePlaces: r.o.freePlaces,
    }));
    const digest = createHash('sha256')
      .update(JSON.stringify([s.ranked.publicCapacityAvailable, results]))
      .digest('hex');
    s.snapshot = { results, digest };
  }
  return s.snapshot;
}

/** Which rows of a ranking are put into words: a page of results, and the excluded ones up to a count. */
export interface SearchRows {
  /** 0-based index of the first result, and how many. */
  resultsFrom: number;
  resultsCount: number;
  /** The ranking's indexes in the order shown (a filter's rows); default: all, in rank order. */
  order?: readonly number[];
  /** How many of the group's excluded offers are listed (Infinity: all). */
  excludedCount: number;
}

const ALL_ROWS: SearchRows = { resultsFrom: 0, resultsCount: Infinity, excludedCount: Infinity };

/** What a result shows of its offer (and the filter reads). */
const offerFacts = (c: SearchCandidate): SearchView['offers'][string] => ({
  name: c.name,
  operatorKind: c.operatorKind,
  municipalityCode: c.municipalityCode,
  dailyTariffOre: c.dailyTariffOre,
  capacityConfirmedAt: c.capacityConfirmedAt,
  competences: c.competences ?? [],
  qualityScore: c.quality?.score ?? null,
});

/**
 * The ranking's indexes the filter keeps, in the order it asks for, read before any row is put
 * into words (the distance rounded as the result shows it), so the API pages what the page shows.
 */
function filteredOrder(s: RankedSearch, filter: SearchFilter): number[] | undefined {
  const narrows = filter.driftsherre || filter.maksKm !== undefined || filter.kompetence;
  if (!narrows && filter.sortering === 'rang') return undefined;
  const { ranked } = s.ranked;
  return filterRows(
    ranked.map((_, i) => i),
    filter,
    (i) => {
      const { d, o } = ranked[i]!;
      return {
        rank: i + 1,
        distanceKm: d === null ? null : Math.round(d * 10) / 10,
        offer: offerFacts(s.candidates.get(o.id)!),
      };
    },
  );
}

function viewOf(s: RankedSearch, rows: SearchRows): SearchView {
  const { ranked } = s;
  const order = rows.order;
  const end = Math.min(order?.length ?? ranked.ranked.length, rows.resultsFrom + rows.resultsCount);
  const results = [];
  for (let i = rows.resultsFrom; i < end; i++)
    results.push(resultAt(ranked, order ? order[i]! : i));
  const excluded = [];
  const excludedEnd = Math.min(ranked.excluded.length, rows.excludedCount);
  for (let i = 0; i < excludedEnd; i++) excluded.push(excludedAt(ranked, i));
  const offers: SearchView['offers'] = {};
  for (const r of results) offers[r.offerId] = offerFacts(s.candidates.get(r.offerId)!);
  return {
    results,
    excluded,
    publicCapacityAvailable: ranked.publicCapacityAvailable,
    weights: { ...ranked.weights },
    staleAfterDays: ranked.staleAfterDays,
    excludedByReason: { ...s.excludedByReason },
    excludedTotal: s.excludedTotal,
    offers,
  };
}

/** Runs the placement search for an order, every row in words (see packages/domain). */
export async function runSearch(
  deps: OrderDeps,
  order: Order,
  opts: { includeFull?: boolean } = {},
): Promise<SearchView> {
  return viewOf(await rankForOrder(deps, order, opts), ALL_ROWS);
}

/** What the API's search answers: one page of results, and the excluded ones on request. */
export interface SearchPage extends SearchView {
  page: {
    number: number;
    size: number;
    /** All suitable offers, on every page. */
    results: number;
    /** The suitable offers the filter keeps (all of them without a filter): what is paged. */
    matching: number;
    /** The offers of the citizen's target group that were left out (listed in full on request). */
    excluded: number;
  };
}

/**
 * A case worker searches for an order: the outcome is shown and a summary kept on the order (which
 * offers were shown in which order, and whether public capacity was free), and a draft moves to
 * "searching".
 */
export async function searchForOrder(
  deps: OrderDeps,
  actor: Actor,
  orderId: string,
  page: SearchPageQuery = { page: 1, pageSize: DEFAULT_PAGE_SIZE, excluded: 'page' },
  filter: SearchFilter = NO_FILTER,
): Promise<SearchPage> {
  const acting = actorScope(actor, 'acting');
  const order = await deps.orders.get(acting, orderId);
  if (!order) throw orderNotFound();
  await deps.accessLog(actor, {
    action: 'read',
    purpose: 'Pladssøgning til bestilling',
    citizenRef: order.citizen.reference,
    resource: { type: 'order', id: order.id },
  });
  const search = await rankForOrder(deps, order, { includeFull: filter.ledige === 'alle' });
  const { ranked } = search;
  // The snapshot keeps every result's place (not only the page's), without the words.
  const rows = snapshotRows(search);
  const at = deps.now();
  const snapshot: SearchSnapshotDoc = {
    at,
    by: actorRef(actor),
    publicCapacityAvailable: ranked.publicCapacityAvailable,
    weights: ranked.weights,
    excludedCount: search.excludedTotal,
    counts: searchCounts(rows.results),
    resultsDigest: rows.digest,
  };
  const changed = order.lastSearch?.resultsDigest !== rows.digest;
  // The rows first: an order's `resultsDigest` never names rows that were not stored.
  if (changed || order.status === 'draft')
    await deps.orders.searchRows.save(acting, order.id, { at, ...rows });
  if (order.status === 'draft') {
    const move = transitionUpdate(order, 'start_search', actor, undefined, deps.now());
    const updated = await deps.orders.updateActing(acting, order.id, order.revision, {
      $set: { lastSearch: snapshot, ...move.set },
      $push: move.push,
    });
    if (!updated) throw concurrentChange();
  } else if (changed) {
    // A snapshot, last writer wins: two searches at once (a double click) must not conflict.
    // An unchanged result is not written again: repeated searches cost no document rewrite.
    await deps.orders.setLastSearch(acting, order.id, snapshot);
  }
  return pageOf(search, page, filter);
}

const PAGES_KEPT = 8;

/**
 * The page of a ranking in words. Made once per ranking, page and filter, and kept with the
 * ranking (at most PAGES_KEPT pages, the oldest dropped first): the same ranking answers the same
 * page. The answer is shared by the searches that get it: it is never changed once made.
 */
function pageOf(search: RankedSearch, page: SearchPageQuery, filter: SearchFilter): SearchPage {
  const key = JSON.stringify([page, filter]);
  const kept = search.pages?.get(key);
  if (kept) return kept;
  const { ranked } = search;
  const shown = filteredOrder(search, filter);
  const view = viewOf(search, {
    resultsFrom: (page.page - 1) * page.pageSize,
    resultsCount: page.pageSize,
    excludedCount: page.excluded === 'all' ? Infinity : page.pageSize,
    order: shown,
  });
  const answer: SearchPage = {
    ...view,
    page: {
      number: page.page,
      size: page.pageSize,
      results: ranked.ranked.length,
      matching: shown?.length ?? ranked.ranked.length,
      excluded: ranked.excluded.length,
    },
  };
  const pages = (search.pages ??= new Map<string, SearchPage>());
  if (pages.size >= PAGES_KEPT) pages.delete(pages.keys().next().value as string);
  pages.set(key, answer);
  return answer;
}
