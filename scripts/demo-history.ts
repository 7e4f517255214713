/**
 * The contracts' and tariffs' history of the demo, made through the services' own APIs as it
 * happens for real, after the order portal has loaded its registry and order history:
 * - every selected demo order's contract (drafted by the contracts service from the order's
 *   event) is taken to a state of its own: left as a draft, sent, withdrawn, running (sent,
 *   accepted, signed, activated from its start date) or, for some, terminated with notice;
 * - the suppliers announce the registry's tariffs of 2025 and 2026 for their offers with running
 *   contracts, so the increases fall as the registry's do (within P/L, above P/L, above 5 % and
 *   8 %, some offers again and again); the buyers approve or reject those above P/L; reports to
 *   the supervising authority and the letters follow from the services themselves;
 * - the secretariat sends the year's orientation letter to every supplier.
 * Deterministic: each contract's fate follows from its order's id; a second start finds the work
 * done (no draft left to move, the same announcements answer with the first) and changes nothing.
 */
type Role = 'caseworker' | 'supplier' | 'secretariat';
type Actor = { userId: string; role: Role; organisationId: string };
export interface HistoryOptions {
  portalUrl: string;
  contractsUrl: string;
  notificationsUrl: string;
  issue: (actor: Actor) => Promise<string>;
  log: (line: string) => void;
  /** The data set's "today" (YYYY-MM-DD). */
  today: string;
  /** Move only the first this many contracts (by order id); the rest stay drafts. Default: all. */
  contracts?: number;
}

interface ContractView {
  id: string;
  orderId: string;
  status: string;
  version: number;
  startDate: string;
  supplier: { organisationId: string };
  actingMunicipality: { organisationId: string };
  offer: { offerId: string };
}

/** A stable number 0–99 of an id (FNV-1a): the same order always meets the same fate. */
function fate(id: string): number {
  let h = 0x811c9dc5;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h % 100;
}

/** Runs `work` over the items, `n` at a time. */
async function limited<T>(items: readonly T[], n: number, work: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function client(o: HistoryOptions) {
  const tokens = new Map<string, Promise<string>>();
  const token = (a: Actor) => {
    const key = `${a.role}:${a.organisationId}`;
    if (!tokens.has(key)) tokens.set(key, o.issue(a));
    return tokens.get(key)!;
  };
  const call = async (a: Actor, method: string, url: string, body?: unknown) =>
    send(a, method, url, body).catch(() => ({ status: 0, body: undefined as unknown }));
  const send = async (a: Actor, method: string, url: string, body?: unknown) => {
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${await token(a)}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      // A step that hangs is given up, not waited for: the rest of the history goes on.
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return { call };
}

const caseworkerOf = (organisationId: string): Actor => ({
  userId: `sagsbehandler-${organisationId}`,
  role: 'caseworker',
  organisationId,
});
const supplierOf = (organisationId: string): Actor => ({
  userId: 'leverandoer-demo',
  role: 'supplier',
  organisationId,
});
const SECRETARIAT: Actor = {
  userId: 'sekretariat',
  role: 'secretariat',
  organisationId: 'secretariat',
};

interface Listed {
  id: string;
  orderId: string;
  status: string;
  /** A municipality that reads it (acting or paying). */
  seenBy: string;
}

type Page = { items: Omit<Listed, 'seenBy'>[]; nextCursor?: string };

/** The drafted contracts of the demo orders, once the contracts service has made them all. */
async function draftedContracts(o: HistoryOptions, api: ReturnType<typeof client>) {
  const orgs = await api.call(
    SECRETARIAT,
    'GET',
    `${o.portalUrl}/api/organisations?kind=municipality`,
  );
  const municipalities = ((orgs.body as { items?: { id: string }[] })?.items ?? []).map(
    (m) => m.id,
  );
  const list = async () => {
    const all = new Map<string, Listed>();
    for (const seenBy of municipalities) {
      let cursor: string | undefined;
      do {
        const res = await api.call(
          caseworkerOf(seenBy),
          'GET',
          `${o.contractsUrl}/contracts?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        );
        if (res.status !== 200) break;
        // A page of contracts (the list is paged; an older service answered a plain array).
        const body = res.body as Page | Omit<Listed, 'seenBy'>[];
        const items = Array.isArray(body) ? body : body.items;
        for (const c of items) all.set(c.id, { ...c, seenBy });
        cursor = Array.isArray(body) ? undefined : body.nextCursor;
      } while (cursor);
    }
    return [...all.values()];
  };
  // The orders' events reach the contracts service within seconds; wait until no new one comes.
  let seen = -1;
  let found = await list();
  for (let i = 0; i < 40 && found.length !== seen; i++) {
    seen = found.length;
    await new Promise((r) => setTimeout(r, 3000));
    found = await list();
  }
  return found.sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
}

export async function seedContractHistory(o: HistoryOptions): Promise<void> {
  const started = Date.now();
  const api = client(o);
  const contracts = await draftedContracts(o, api);
  const phase = (what: string) =>
    o.log(`demo history: ${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  phase(`${contracts.length} contracts drafted`);
  if (contracts.some((c) => c.status !== 'draft')) {
    o.log(`demo history: already made (${contracts.length} contracts)`);
    return;
  }
  const counts: Record<string, number> = {};
  const running: ContractView[] = [];
  await limited(contracts.slice(0, o.contracts ?? contracts.length), 4, async (summary) => {
    const state = await advance(o, api, summary, fate(summary.orderId));
    counts[state.status] = (counts[state.status] ?? 0) + 1;
    if (state.status === 'active') running.push(state.contract);
  });
  phase(`${running.length} contracts running`);
  const changes = await announceTariffs(o, api, running);
  phase(`${changes.announced} tariff changes`);
  const campaign = await orientationCampaign(o, api);
  o.log(
    `demo history: ${contracts.length} contracts (${Object.entries(counts)
      .map(([s, n]) => `${s} ${n}`)
      .join(
        ', ',
      )}), ${changes.announced} tariff changes (${changes.decided} decisions by the buyers), orientation letter to ${campaign} suppliers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** The steps of one contract up to the state of its fate. */
async function advance(
  o: HistoryOptions,
  api: ReturnType<typeof client>,
  listed: Listed,
  f: number,
): Promise<{ status: string; contract: ContractView }> {
  const url = `${o.contractsUrl}/contracts/${listed.id}`;
  let c = (await api.call(caseworkerOf(listed.seenBy), 'GET', url)).body as ContractView;
  const buyer = caseworkerOf(c.actingMunicipality.organisationId);
  const supplier = supplierOf(c.supplier.organisationId);
  const step = async (who: Actor, path: string, body: object) => {
    const res = await api.call(who, 'POST', `${url}/${path}`, body);
    if (res.status === 200) c = res.body as ContractView;
    return res.status === 200;
  };
  if (f < 12) return { status: c.status, contract: c };
  if (!(await step(buyer, 'send', {}))) return { status: c.status, contract: c };
  if (f < 20) return { status: c.status, contract: c };
  if (f < 25) {
    await step(buyer, 'withdrawal', {
      reason: 'Borgeren har fået tilbudt en plads tættere på hjemmet.',
    });
    return { status: c.status, contract: c };
  }
  if (!(await step(supplier, 'accept', { version: c.version })))
    return { status: c.status, contract: c };
  if (!(await step(buyer, 'sign', { version: c.version })))
    return { status: c.status, contract: c };
  if (c.startDate > o.today || !(await step(buyer, 'activate', {})))
    return { status: c.status, contract: c };
  if (f >= 93)
    await step(buyer, 'termination', {
      noticeGivenOn: o.today,
      reason: 'Borgerens behov kan dækkes i et tilbud i hjemkommunen.',
    });
  return { status: c.status, contract: c };
}

/** The registry's basis tariff of "Døgnophold" (or the first service) from each year's 1 January. */
async function registryTariffs(o: HistoryOptions, api: ReturnType<typeof client>, offerId: string) {
  const res = await api.call(SECRETARIAT, 'GET', `${o.portalUrl}/api/offers/${offerId}`);
  const tariffs =
    (res.body as { tariffs?: { service: string; validFrom: string; dailyBasisOre: number }[] })
      ?.tariffs ?? [];
  const service = tariffs.some((t) => t.service === 'Døgnophold')
    ? 'Døgnophold'
    : tariffs[0]?.service;
  const byYear = new Map<number, number>();
  for (const t of tariffs)
    if (t.service === service && t.validFrom.endsWith('-01-01'))
      byYear.set(Number(t.validFrom.slice(0, 4)), t.dailyBasisOre);
  return byYear;
}

/**
 * Each supplier announces the registry's tariff of 2025 and of 2026 for its offers with running
 * contracts that started before the year; the buyers then decide what is above P/L (about three
 * in four approved), so the next year's change is not held up by an open one.
 */
async function announceTariffs(
  o: HistoryOptions,
  api: ReturnType<typeof client>,
  running: ContractView[],
) {
  const offers = new Map<string, ContractView[]>();
  for (const c of running) offers.set(c.offer.offerId, [...(offers.get(c.offer.offerId) ?? []), c]);
  let announced = 0;
  let decided = 0;
  const offerIds = [...offers.keys()].sort();
  await limited(offerIds, 3, async (offerId) => {
    const cs = offers.get(offerId)!;
    const supplier = supplierOf(cs[0]!.supplier.organisationId);
    const tariffs = await registryTariffs(o, api, offerId);
    for (const year of [2025, 2026]) {
      const ore = tariffs.get(year);
      if (ore === undefined || !cs.some((c) => c.startDate < `${year}-01-01`)) continue;
      const res = await api.call(supplier, 'POST', `${o.contractsUrl}/tariff-changes`, {
        offerId,
        effectiveFrom: `${year}-01-01`,
        dailyBasisTariffOre: ore,
        reason: `Årlig takstregulering ${year}: løn, normering og husleje`,
      });
      if (res.status !== 201 && res.status !== 200) continue;
      announced++;
      const change = (
        res.body as {
          change: {
            id: string;
            decisions: { status: string; buyer: { organisationId: string } }[];
          };
        }
      ).change;
      const buyers = [
        ...new Set(
          change.decisions
            .filter((d) => d.status === 'awaiting_approval')
            .map((d) => d.buyer.organisationId),
        ),
      ];
      for (const buyer of buyers) {
        const approve = fate(`${change.id}:${buyer}`) < 75;
        const r = await api.call(
          caseworkerOf(buyer),
          'POST',
          `${o.contractsUrl}/tariff-changes/${change.id}/decision`,
          {
            decision: approve ? 'approve' : 'reject',
            comment: approve
              ? 'Godkendt efter gennemgang af takstgrundlaget.'
              : 'Afvist: stigningen er ikke tilstrækkeligt begrundet i takstgrundlaget.',
          },
        );
        if (r.status === 200) decided++;
      }
    }
  });
  return { announced, decided };
}

/** The year's orientation letter to every private supplier of the registry. */
async function orientationCampaign(
  o: HistoryOptions,
  api: ReturnType<typeof client>,
): Promise<number> {
  const res = await api.call(SECRETARIAT, 'GET', `${o.portalUrl}/api/organisations?kind=private`);
  const items = (
    (res.body as { items?: { id: string; name: string; contact: { email: string | null } }[] })
      ?.items ?? []
  ).filter((i) => i.contact.email);
  if (!items.length) return 0;
  const year = o.today.slice(0, 4);
  const sent = await api.call(SECRETARIAT, 'POST', `${o.notificationsUrl}/campaigns`, {
    key: `orientering-${year}`,
    template: 'orientation-letter',
    kind: 'orientation-letter',
    data: { policyYear: year, plRate: '4 %', privateThreshold: '5 %', publicThreshold: '8 %' },
    recipients: items.map((i) => ({ organisationId: i.id, name: i.name, email: i.contact.email! })),
  });
  return sent.status === 202 ? items.length : 0;
}
