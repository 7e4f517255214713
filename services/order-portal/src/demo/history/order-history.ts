import {
  MUNICIPALITIES,
  PRIVATE_CHOICE_REASON_CODES,
  isoToEpochMs,
  type OrderEvent,
  type OrderState,
  type PrivateChoiceReasonCode,
} from '@rammeaftale/domain';
import type {
  ActorRef,
  OrderDoc,
  PlacementRequestDoc,
  TransitionDoc,
} from '../../orders/order.model';
import { Prng } from '../prng';

/** What the history needs of an offer of the registry (read after the import). */
export interface HistoryOffer {
  id: string;
  name: string;
  operatorKind: 'municipal' | 'regional' | 'private';
  operatorId: string;
  targetGroups: string[];
  legalBasis: string[];
  ageMin: number;
  ageMax: number;
  /** The daily basis tariff of the main service from each period's start (YYYY-MM-DD). */
  tariffs: { validFrom: string; dailyBasisOre: number }[];
}

export type HistoryOrder = Omit<OrderDoc, 'updatedAt'>;

const DAY_MS = 86_400_000;
const FIRST_DAY = '2024-01-08';
const LETTERS = 'abcdefghijkmnopqrstuvwxyz';

/** Orders per municipality, roughly by size (Roskilde, Holbæk, Næstved, Slagelse order most). */
const ORDER_WEIGHTS: Readonly<Record<number, number>> = {
  265: 9,
  316: 8,
  370: 8,
  330: 8,
  259: 7,
  376: 7,
  326: 6,
  253: 6,
  350: 5,
  320: 4,
  336: 3,
  340: 4,
  306: 4,
  360: 5,
  390: 4,
  269: 2,
  329: 3,
};

const REASON_TEXTS: Readonly<Record<PrivateChoiceReasonCode, string>> = {
  special_competence:
    'Borgeren har brug for erfaring med udadreagerende adfærd, som de ledige offentlige pladser ikke har.',
  citizen_wish: 'Borgeren og pårørende ønsker tilbuddet efter besøg på stedet.',
  continuity:
    'Borgeren har været i aflastning her og kender personalet; et skift vil skade forløbet.',
  public_declined: 'Det offentlige tilbud har vurderet, at de ikke kan løfte opgaven.',
  location_network: 'Tilbuddet ligger tæt på borgerens familie og skole.',
  other: 'Samlet faglig vurdering i visitationsudvalget, se journalnotat.',
};

const NEEDS = [
  'Døgnophold med fast struktur og støtte til daglige gøremål.',
  'Botilbud med støtte til medicin og kontakt til behandling.',
  'Døgndækket tilbud med skærmede rammer i en periode.',
  'Længerevarende botilbud med fokus på egen bolig på sigt.',
];
const GOALS = [
  { goal: 'Stabil hverdag med faste rutiner', followUp: 'Opfølgning hver 6. måned' },
  { goal: 'Selv klare indkøb og madlavning', followUp: 'Statusmøde efter 3 måneder' },
  { goal: 'Deltage i beskæftigelse eller skole', followUp: 'Halvårlig opfølgning' },
];

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const at = (day: string, hour: number, minute: number) =>
  new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);

function letterId(rng: Prng, prefix: string): string {
  let s = '';
  for (let i = 0; i < 24; i++) s += LETTERS[rng.int(0, LETTERS.length - 1)];
  return `${prefix}-${s}`;
}

/** The tariff in force on a day (the latest period starting on or before it, else the first). */
export function tariffOn(offer: HistoryOffer, day: string): number {
  const sorted = [...offer.tariffs].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  return (sorted.filter((t) => t.validFrom <= day).at(-1) ?? sorted[0])?.dailyBasisOre ?? 0;
}

const caseworker = (code: number): ActorRef => {
  const m = MUNICIPALITIES.find((x) => x.code === code)!;
  return {
    userId: `sagsbehandler-${m.slug}`,
    role: 'caseworker',
    organisationId: `mun-${code}`,
    name: `Sagsbehandler, ${m.name} Kommune`,
  };
};
const supplierOf = (offer: HistoryOffer): ActorRef => ({
  userId: 'leverandoer-demo',
  role: 'supplier',
  organisationId: offer.operatorId,
  name: 'Leverandør (demo)',
});

/** Where an order ended up, by its age: old orders were decided, recent ones are under way. */
function finalState(rng: Prng, ageDays: number): OrderState {
  if (ageDays > 90)
    return rng.weighted([
      ['selected', 80],
      ['cancelled', 12],
      ['expired', 8],
    ] as const);
  return rng.weighted([
    ['draft', 8],
    ['searching', 12],
    ['requested', 25],
    ['offers_received', 20],
    ['selected', 30],
    ['cancelled', 5],
  ] as const);
}

const PATH: readonly [OrderEvent, OrderState][] = [
  ['start_search', 'searching'],
  ['send_requests', 'requested'],
  ['receive_offer', 'offers_received'],
  ['select_offer', 'selected'],
];

interface Draft {
  rng: Prng;
  offers: readonly HistoryOffer[];
  byGroup: Map<string, HistoryOffer[]>;
  anchorDate: string;
}

/** The order's dated steps up to the state it reached. */
function transitionsOf(rng: Prng, created: Date, state: OrderState, by: ActorRef) {
  const transitions: TransitionDoc[] = [];
  let t = created.getTime();
  let current: OrderState = 'draft';
  const steps =
    state === 'cancelled' || state === 'expired'
      ? rng.int(1, 3)
      : PATH.findIndex((p) => p[1] === state) + 1;
  for (const [event, to] of PATH.slice(0, steps)) {
    t += rng.int(1, 72) * 3_600_000;
    transitions.push({ from: current, to, event, at: new Date(t), by });
    current = to;
  }
  if (state === 'cancelled' || state === 'expired') {
    t += rng.int(2, 20) * DAY_MS;
    const event: OrderEvent = state === 'cancelled' ? 'cancel' : 'expire';
    transitions.push({
      from: current,
      to: state,
      event,
      at: new Date(t),
      by,
      ...(state === 'cancelled' ? { reason: 'Borgeren er flyttet fra kommunen' } : {}),
    });
    current = state;
  }
  return { transitions, current };
}

/** The requests sent, with the answers that came back, and the chosen one first. */
function requestsOf(
  rng: Prng,
  offers: readonly HistoryOffer[],
  transitions: readonly TransitionDoc[],
  wantedStart: string,
): PlacementRequestDoc[] {
  const sent = transitions.find((x) => x.event === 'send_requests')?.at;
  const answered = transitions.find((x) => x.event === 'receive_offer')?.at;
  const selectedAt = transitions.find((x) => x.event === 'select_offer')?.at;
  return sent
    ? offers.map((o, i): PlacementRequestDoc => {
        const price = tariffOn(o, wantedStart);
        const offered = answered && (i === 0 || rng.chance(0.5));
        return {
          requestId: letterId(rng, 'req'),
          offerId: o.id,
          offerName: o.name,
          supplierOrganisationId: o.operatorId,
          tier: o.operatorKind === 'private' ? 'private' : 'public',
          sentAt: sent,
          deadline: new Date(sent.getTime() + 72 * 3_600_000),
          status: selectedAt
            ? i === 0
              ? 'selected'
              : 'closed'
            : offered
              ? 'offered'
              : answered
                ? 'declined'
                : 'open',
          ...(answered
            ? {
                answer: offered
                  ? {
                      kind: 'offer' as const,
                      dailyPriceOre: price,
                      possibleStart: wantedStart,
                      answeredAt: answered,
                      answeredBy: supplierOf(o),
                    }
                  : {
                      kind: 'decline' as const,
                      declineReason: 'Ingen ledig plads i perioden',
                      answeredAt: answered,
                      answeredBy: supplierOf(o),
                    },
              }
            : {}),
        };
      })
    : [];
}

/** One order of the history, in the state it reached, with its dated steps. */
function historyOrder(d: Draft, n: number): HistoryOrder {
  const { rng } = d;
  const lastMs = isoToEpochMs(d.anchorDate) - 2 * DAY_MS;
  const createdDay = isoDay(rng.int(isoToEpochMs(FIRST_DAY), lastMs));
  const acting = rng.weighted(
    MUNICIPALITIES.map((m) => [m.code, ORDER_WEIGHTS[m.code] ?? 3] as const),
  );
  const paying = rng.chance(0.1) ? rng.pick(MUNICIPALITIES).code : acting;
  // Public offers are chosen more often: public before private.
  const chosen = rng.chance(0.62)
    ? rng.pick(d.offers.filter((o) => o.operatorKind !== 'private'))
    : rng.pick(d.offers.filter((o) => o.operatorKind === 'private'));
  const targetGroup = rng.pick(chosen.targetGroups);
  const others = rng.sample(
    (d.byGroup.get(targetGroup) ?? []).filter((o) => o.id !== chosen.id),
    rng.int(1, 2),
  );
  const by = caseworker(acting);
  const drawn = at(createdDay, rng.int(8, 14), rng.int(0, 59));
  const state = finalState(rng, (lastMs - drawn.getTime()) / DAY_MS);
  const steps = transitionsOf(rng, drawn, state, by);
  // Every step lies before the data set's "today": a late order is moved back as a whole.
  const overrun = Math.max(0, (steps.transitions.at(-1)?.at.getTime() ?? 0) - lastMs);
  const created = new Date(drawn.getTime() - overrun);
  const transitions = steps.transitions.map((x) => ({
    ...x,
    at: new Date(x.at.getTime() - overrun),
  }));
  const current = steps.current;
  const wantedStart = isoDay(created.getTime() + rng.int(14, 60) * DAY_MS);
  const selectedAt = transitions.find((x) => x.event === 'select_offer')?.at;
  const requests = requestsOf(rng, [chosen, ...others], transitions, wantedStart);
  const id = letterId(rng, 'ord');
  const selection = selectedAt ? selectionOf(rng, chosen, requests[0]!, selectedAt, by) : undefined;
  return {
    _id: id,
    actingOrganisationId: `mun-${acting}`,
    actingMunicipalityCode: acting,
    payingOrganisationId: `mun-${paying}`,
    payingMunicipalityCode: paying,
    createdBy: by,
    citizen: {
      reference: `Demo-borger ${n + 1}`,
      age: rng.int(Math.max(chosen.ageMin, 0), Math.min(chosen.ageMax, 85)),
      gender: rng.pick(['female', 'male'] as const),
    },
    need: {
      targetGroup,
      legalBasis: rng.pick(chosen.legalBasis.length ? chosen.legalBasis : ['SEL § 108']),
      wantedStart,
      expectedDurationMonths: rng.pick([6, 12, 24, 36]),
      homeMunicipalityCode: acting,
      requiredCompetences: [],
      wishedCompetences: [],
      needs: rng.pick(NEEDS),
    },
    goals: rng.sample(GOALS, rng.int(1, 2)),
    status: current,
    transitions,
    interests: [],
    requests,
    ...(selection ? { selection } : {}),
    // A selected order tells the contracts service, which drafts its contract (the real flow).
    pendingEvents: selection
      ? [
          {
            eventId: letterId(rng, 'ev'),
            type: 'order.offer-selected',
            refs: { offerId: selection.offerId, requestId: selection.requestId },
            createdAt: selection.at,
          },
        ]
      : [],
    revision: transitions.length,
    createdAt: created,
  };
}

/**
 * The selection of an order. A private choice was sometimes made while a public place was free:
 * then, as the rule demands, with a recorded reason (code and text).
 */
function selectionOf(
  rng: Prng,
  offer: HistoryOffer,
  request: PlacementRequestDoc,
  selectedAt: Date,
  by: ActorRef,
) {
  const tier = request.tier;
  const publicCapacityAvailable = tier === 'private' ? rng.chance(0.45) : rng.chance(0.9);
  const code = rng.pick(PRIVATE_CHOICE_REASON_CODES);
  return {
    requestId: request.requestId,
    offerId: offer.id,
    supplierOrganisationId: offer.operatorId,
    tier,
    dailyPriceOre: request.answer!.dailyPriceOre!,
    at: selectedAt,
    by,
    publicCapacityAvailable,
    ...(tier === 'private' && publicCapacityAvailable
      ? { privateReason: { code, text: REASON_TEXTS[code] } }
      : {}),
  };
}

/**
 * Orders by all 17 municipalities from January 2024 up to two days before the data set's "today",
 * fully determined by the seed, the offers and the anchor date: the old ones selected (and so
 * contracted through the real flow), cancelled or expired, the recent ones under way.
 */
export function generateOrderHistory(opts: {
  seed: number;
  offers: readonly HistoryOffer[];
  anchorDate: string;
  count: number;
}): HistoryOrder[] {
  const rng = new Prng(opts.seed);
  const offers = opts.offers.filter((o) => o.targetGroups.length > 0 && o.tariffs.length > 0);
  const byGroup = new Map<string, HistoryOffer[]>();
  for (const o of offers)
    for (const g of o.targetGroups) byGroup.set(g, [...(byGroup.get(g) ?? []), o]);
  const draft: Draft = { rng, offers, byGroup, anchorDate: opts.anchorDate };
  const orders: HistoryOrder[] = [];
  // Every municipality orders: the first 17 orders go one to each, the rest by weight.
  for (let n = 0; n < opts.count; n++) orders.push(historyOrder(draft, n));
  const missing = MUNICIPALITIES.filter(
    (m) => !orders.some((o) => o.actingMunicipalityCode === m.code),
  );
  missing.forEach((m, i) => {
    const o = orders[i]!;
    const by = caseworker(m.code);
    Object.assign(o, {
      actingOrganisationId: `mun-${m.code}`,
      actingMunicipalityCode: m.code,
      payingOrganisationId: `mun-${m.code}`,
      payingMunicipalityCode: m.code,
      createdBy: by,
      transitions: o.transitions.map((x) => ({ ...x, by })),
      ...(o.selection ? { selection: { ...o.selection, by } } : {}),
    });
    o.need.homeMunicipalityCode = m.code;
  });
  return orders.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
