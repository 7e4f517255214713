import type { Request, Response, Router } from 'express';
import {
  MUNICIPALITIES,
  PRIVATE_CHOICE_REASON_CODES,
  TARGET_GROUPS,
  isOpenForSharing,
  isTerminal,
  type OrderState,
} from '@rammeaftale/domain';
import { ProblemError, notFound } from '@rammeaftale/http';
import { createOrder, municipalityOf } from '../orders/create-order.use-case';
import { ID_PATTERN } from '../orders/ids';
import { actorScope } from '../tenancy';
import type { Order } from '../orders/order.repository';
import { CreateOrderBody } from '../orders/order.schemas';
import { sendRequests } from '../orders/requests.use-case';
import { runSearch, searchForOrder } from '../orders/search-placements.use-case';
import { moveOrder, selectOffer } from '../orders/select-offer.use-case';
import {
  decideSinglePersonOffer,
  markJointOfferInterest,
  recordSharedOfferCheck,
  showSharedOfferCandidates,
} from '../orders/shared-offer.use-case';
import {
  EVENT_NAMES,
  GENDERS,
  LEGAL_BASES,
  PRIVATE_REASONS,
  REQUEST_STATUS,
  SHARED_OUTCOMES,
  kr,
  municipalityName,
  statusName,
  targetGroupName,
  tierBadge,
} from './labels';
import {
  alert,
  csrfField,
  day,
  errorSummary,
  h,
  radioGroup,
  raw,
  selectField,
  textArea,
  textField,
  when,
  type FieldError,
  type Html,
  type PageContext,
} from './layout';
import { field, fields, mapDomain, signedInActor, type PageTools } from './page-tools';
import { requirePortalRole } from './session';

/** Fixed messages after a redirect: only a code travels in the URL, never user text. */
const NOTICES: Record<string, string> = {
  oprettet: 'Bestillingen er oprettet som kladde. Søg nu efter pladser.',
  sendt: 'Forespørgslerne er sendt til leverandørerne.',
  valgt: 'Tilbuddet er valgt. Kontrakten udarbejdes ud fra bestillingen.',
  tjek: 'Tjekket for fælles tilbud er registreret.',
  interesse: 'Interessen for et fælles tilbud er registreret hos den anden kommune.',
  enkeltmand: 'Beslutningen om et enkeltmandstilbud er registreret.',
  annulleret: 'Bestillingen er annulleret.',
};
const notice = (req: Request): Html => {
  const text = NOTICES[String(req.query.besked ?? '')];
  return text ? alert('success', text) : raw('');
};

const orderId = (req: Request): string => {
  const id = String(req.params.id ?? '');
  if (!ID_PATTERN.ord.test(id)) throw notFound('Order');
  return id;
};

/** A refused step explained in Danish; the API's English detail is kept for the curious. */
function refusal(err: unknown): Html {
  if (!(err instanceof ProblemError)) throw err;
  if (err.status === 404 || err.status === 403) throw err;
  const text =
    err.status === 409
      ? 'Handlingen passer ikke til bestillingens nuværende status, eller bestillingen er ændret i mellemtiden. Genindlæs siden og prøv igen.'
      : 'Handlingen kunne ikke gennemføres.';
  return alert('error', text, err.message);
}

export function registerCaseworkerPages(portal: Router, tools: PageTools): void {
  const { deps, send, forms } = tools;
  const od = deps.orders;
  const only = requirePortalRole('caseworker');

  async function loadOrder(req: Request, res: Response): Promise<Order> {
    const actor = signedInActor(res);
    const order = await od.orders.get(actorScope(actor, 'municipality'), orderId(req));
    if (!order) throw notFound('Order');
    await od.accessLog(actor, {
      action: 'read',
      purpose: 'Sagsbehandling af bestilling',
      citizenRef: order.citizen.reference,
      resource: { type: 'order', id: order.id },
    });
    return order;
  }

  // ---- My orders ----
  portal.get('/bestillinger', only, async (req, res) => {
    const actor = signedInActor(res);
    const orders = await od.orders.list(actorScope(actor, 'municipality'), {});
    await od.accessLog(actor, {
      action: 'search',
      purpose: 'Oversigt over bestillinger',
      searchCriterion: 'status=alle',
      resource: { type: 'order-list', id: actor.organisationId },
    });
    const rows = orders.map(
      (o) => h`<tr>
<td><a href="/bestillinger/${o.id}">${o.citizen.reference}</a></td>
<td>${targetGroupName(o.need.targetGroup)}</td>
<td>${o.need.legalBasis}</td>
<td>${day(o.need.wantedStart)}</td>
<td>${statusName(o.status)}</td>
<td>${when(o.createdAt)}</td>
</tr>`,
    );
    await send(
      req,
      res,
      'Mine bestillinger',
      h`<h1>Mine bestillinger</h1>
<p><a class="button button-primary" href="/bestillinger/ny">Ny bestilling</a></p>
${
  orders.length
    ? h`<div class="table-wrap"><table class="table table--zebra">
<caption>Kommunens bestillinger, nyeste først</caption>
<thead><tr><th scope="col">Borger (reference)</th><th scope="col">Målgruppe</th><th scope="col">Lovgrundlag</th><th scope="col">Ønsket start</th><th scope="col">Status</th><th scope="col">Oprettet</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
    : h`<p>Kommunen har ingen bestillinger endnu.</p>`
}`,
    );
  });

  // ---- Create an order ----
  const orderForm = async (
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FieldError[],
  ) => {
    const actor = signedInActor(res);
    const ctx: PageContext = { csrf: res.locals.csrf as string };
    const own = String(municipalityOf(actor));
    await send(
      req,
      res,
      errors.length ? 'Fejl: Ny bestilling' : 'Ny bestilling',
      h`<h1>Ny bestilling</h1>
<p class="font-lead">Bestil en plads til en borger. Oplysningerne bruges til at søge egnede tilbud – offentlige tilbud med ledig plads vises altid før private.</p>
${errorSummary(errors)}
<form method="post" action="/bestillinger" novalidate>
${csrfField(ctx)}
<fieldset class="mb-6"><legend class="h2">1. Borgeren</legend>
${textField({ id: 'reference', label: 'Borgerens reference', hint: 'Et pseudonym eller sagsnummer – aldrig navn eller CPR-nummer. Leverandører ser det ikke.', value: values.reference, errors, required: true, width: 'l' })}
${textField({ id: 'age', label: 'Alder', hint: 'I hele år.', value: values.age, errors, required: true, width: 'xs', inputmode: 'numeric' })}
${selectField({ id: 'gender', label: 'Køn', options: Object.entries(GENDERS), value: values.gender, errors, placeholder: 'Ikke oplyst' })}
${textField({ id: 'cpr', label: 'CPR-nummer', hint: 'Gemmes krypteret og vises aldrig for leverandører. Format: DDMMÅÅ-XXXX.', value: '', errors, width: 'm', autocomplete: 'off' })}
</fieldset>
<fieldset class="mb-6"><legend class="h2">2. Behovet</legend>
${selectField({ id: 'targetGroup', label: 'Målgruppe', options: TARGET_GROUPS.map((g) => [g.slug, g.label]), value: values.targetGroup, errors, required: true, placeholder: 'Vælg målgruppe' })}
${selectField({ id: 'legalBasis', label: 'Lovgrundlag', options: LEGAL_BASES.map((l) => [l, l]), value: values.legalBasis, errors, required: true, placeholder: 'Vælg lovgrundlag' })}
${textField({ id: 'wantedStart', label: 'Ønsket startdato', type: 'date', hint: 'Format: ÅÅÅÅ-MM-DD.', value: values.wantedStart, errors, required: true, width: 'm' })}
${textField({ id: 'expectedDurationMonths', label: 'Forventet varighed i måneder', value: values.expectedDurationMonths, errors, width: 'xs', inputmode: 'numeric' })}
${textArea({ id: 'needs', label: 'Borgerens behov', hint: 'Beskriv den hjælp, borgeren har brug for. Leverandører ser teksten i den anonymiserede profil.', value: values.needs, errors, required: true })}
${textArea({ id: 'specialRequirements', label: 'Særlige krav', value: values.specialRequirements, errors })}
${textField({ id: 'requiredCompetences', label: 'Krævede kompetencer', hint: 'Adskil med komma. Tilbud uden dem vises ikke.', value: values.requiredCompetences, errors, width: 'xl' })}
${textField({ id: 'wishedCompetences', label: 'Ønskede kompetencer', hint: 'Adskil med komma. Giver højere score.', value: values.wishedCompetences, errors, width: 'xl' })}
${selectField({ id: 'payingMunicipalityCode', label: 'Betalende kommune', options: MUNICIPALITIES.map((m) => [String(m.code), `${m.name} Kommune`]), value: values.payingMunicipalityCode ?? own, errors, required: true })}
</fieldset>
<fieldset class="mb-6"><legend class="h2">3. Mål for borgerens progression</legend>
${textField({ id: 'goal1', label: 'Mål 1', value: values.goal1, errors, required: true, width: 'xl' })}
${textField({ id: 'followUp1', label: 'Opfølgning på mål 1', hint: 'Hvordan og hvornår der følges op.', value: values.followUp1, errors, required: true, width: 'xl' })}
${textField({ id: 'goal2', label: 'Mål 2', value: values.goal2, errors, width: 'xl' })}
${textField({ id: 'followUp2', label: 'Opfølgning på mål 2', value: values.followUp2, errors, width: 'xl' })}
</fieldset>
<button type="submit" class="button button-primary">Opret bestilling</button>
</form>`,
      errors.length ? 400 : 200,
    );
  };

  portal.get('/bestillinger/ny', only, (req, res) => orderForm(req, res, {}, []));

  portal.post('/bestillinger', only, ...forms, async (req, res) => {
    const names = [
      'reference',
      'age',
      'gender',
      'cpr',
      'targetGroup',
      'legalBasis',
      'wantedStart',
      'expectedDurationMonths',
      'needs',
      'specialRequirements',
      'requiredCompetences',
      'wishedCompetences',
      'payingMunicipalityCode',
      'goal1',
      'followUp1',
      'goal2',
      'followUp2',
    ];
    const v = Object.fromEntries(names.map((n) => [n, field(req, n)]));
    const errors: FieldError[] = [];
    const err = (f: string, message: string) => errors.push({ field: f, message });
    if (v.reference!.length < 2 || v.reference!.length > 64)
      err('reference', 'Skriv borgerens reference (2–64 tegn)');
    else if (/(?<!\d)\d{6}-?\d{4}(?!\d)/.test(v.reference!))
      err('reference', 'Referencen må ikke være et CPR-nummer: brug et pseudonym eller sagsnummer');
    else if (!/^[\wæøåÆØÅ .-]+$/.test(v.reference!))
      err('reference', 'Referencen må kun indeholde bogstaver, tal, mellemrum og . _ -');
    const age = Number(v.age);
    if (!/^\d{1,3}$/.test(v.age!) || age > 120) err('age', 'Skriv borgerens alder som et helt tal');
    if (v.cpr && !/^\d{6}-?\d{4}$/.test(v.cpr))
      err('cpr', 'CPR-nummeret skal have formen DDMMÅÅ-XXXX');
    if (!TARGET_GROUPS.some((g) => g.slug === v.targetGroup))
      err('targetGroup', 'Vælg en målgruppe');
    if (!LEGAL_BASES.includes(v.legalBasis!)) err('legalBasis', 'Vælg et lovgrundlag');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.wantedStart!) || isNaN(Date.parse(v.wantedStart!)))
      err('wantedStart', 'Skriv den ønskede startdato som ÅÅÅÅ-MM-DD');
    const months = Number(v.expectedDurationMonths);
    if (v.expectedDurationMonths && (!Number.isInteger(months) || months < 1 || months > 600))
      err('expectedDurationMonths', 'Skriv varigheden som et helt antal måneder (1–600)');
    if (!v.needs) err('needs', 'Beskriv borgerens behov');
    if (!v.goal1) err('goal1', 'Skriv mindst ét mål');
    if (!v.followUp1) err('followUp1', 'Skriv hvordan der følges op på målet');
    if (Boolean(v.goal2) !== Boolean(v.followUp2))
      err(v.goal2 ? 'followUp2' : 'goal2', 'Udfyld både mål 2 og opfølgningen, eller ingen af dem');
    const list = (s: string) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
    const body = {
      payingMunicipalityCode: Number(v.payingMunicipalityCode),
      citizen: {
        reference: v.reference!,
        age,
        ...(v.gender ? { gender: v.gender as 'female' | 'male' } : {}),
        ...(v.cpr ? { cpr: v.cpr } : {}),
      },
      need: {
        targetGroup: v.targetGroup!,
        legalBasis: v.legalBasis!,
        wantedStart: v.wantedStart!,
        ...(v.expectedDurationMonths ? { expectedDurationMonths: months } : {}),
        needs: v.needs!,
        ...(v.specialRequirements ? { specialRequirements: v.specialRequirements } : {}),
        requiredCompetences: list(v.requiredCompetences!),
        wishedCompetences: list(v.wishedCompetences!),
      },
      goals: [
        { goal: v.goal1!, followUp: v.followUp1! },
        ...(v.goal2 ? [{ goal: v.goal2, followUp: v.followUp2! }] : []),
      ],
    };
    const parsed = errors.length ? undefined : CreateOrderBody.safeParse(body);
    if (parsed && !parsed.success) {
      const path = String(parsed.error.issues[0]?.path.at(-1) ?? 'needs');
      const id = names.includes(path) ? path : 'needs';
      err(id, 'Tjek feltet: værdien er for lang eller har en form, der ikke kan bruges');
    }
    if (errors.length || !parsed?.success) return orderForm(req, res, v, errors);
    try {
      const order = await mapDomain(() => createOrder(od, signedInActor(res), parsed.data));
      res.redirect(303, `/bestillinger/${order.id}?besked=oprettet`);
    } catch (e) {
      if (e instanceof ProblemError && e.status === 400) {
        const cpr = e.extra.errors?.some((x) => x.field === 'body.citizen.cpr');
        err(
          cpr ? 'cpr' : 'payingMunicipalityCode',
          cpr ? 'CPR-nummeret kan ikke bruges: tjek dato og format' : 'Vælg en af de 17 kommuner',
        );
        return orderForm(req, res, v, errors);
      }
      throw e;
    }
  });

  // ---- One order: summary, answers and selection, history ----
  const detail = async (
    req: Request,
    res: Response,
    order: Order,
    extra: { errors?: FieldError[]; problem?: Html; values?: Record<string, string> } = {},
  ) => {
    const ctx: PageContext = { csrf: res.locals.csrf as string };
    const errors = extra.errors ?? [];
    const status = order.status as OrderState;
    const answers = order.requests;
    const offered = answers.filter((r) => r.status === 'offered' && r.answer?.kind === 'offer');
    const canSelect = status === 'offers_received' && offered.length > 0;
    const privateOffered = offered.some((r) => r.tier === 'private');
    const publicFree = order.lastSearch?.publicCapacityAvailable ?? false;
    const actions: Html[] = [];
    if (
      status === 'draft' ||
      status === 'searching' ||
      status === 'requested' ||
      status === 'offers_received'
    )
      actions.push(
        h`<form method="post" action="/bestillinger/${order.id}/soeg">${csrfField(ctx)}<button type="submit" class="button button-primary">${status === 'draft' ? 'Søg pladser' : 'Søg igen'}</button></form>`,
      );
    if (isOpenForSharing(status))
      actions.push(
        h`<a class="button button-secondary" href="/bestillinger/${order.id}/faelles-tilbud">Tjek for fælles tilbud</a>`,
      );
    const selection = order.selection;
    await send(
      req,
      res,
      `${errors.length ? 'Fejl: ' : ''}Bestilling ${order.citizen.reference}`,
      h`<p><a href="/bestillinger">Tilbage til mine bestillinger</a></p>
<h1>Bestilling: ${order.citizen.reference}</h1>
${notice(req)}${extra.problem ?? ''}${errorSummary(errors)}
<dl class="summary">
<dt>Status</dt><dd>${statusName(status)}</dd>
<dt>Målgruppe</dt><dd>${targetGroupName(order.need.targetGroup)}</dd>
<dt>Lovgrundlag</dt><dd>${order.need.legalBasis}</dd>
<dt>Alder</dt><dd>${order.citizen.age} år</dd>
<dt>Ønsket start</dt><dd>${day(order.need.wantedStart)}</dd>
<dt>Betalende kommune</dt><dd>${municipalityName(order.payingMunicipalityCode)}</dd>
<dt>Behov</dt><dd>${order.need.needs}</dd>
<dt>Mål</dt><dd><ul class="reasons">${order.goals.map((g) => h`<li>${g.goal} – ${g.followUp}</li>`)}</ul></dd>
<dt>Tjek for fælles tilbud</dt><dd>${order.sharedOfferCheck ? `${SHARED_OUTCOMES.find(([k]) => k === order.sharedOfferCheck!.outcome)?.[1] ?? order.sharedOfferCheck.outcome} (${when(order.sharedOfferCheck.at)})` : 'Ikke foretaget'}</dd>
${order.singlePersonOffer ? h`<dt>Enkeltmandstilbud</dt><dd>Besluttet ${when(order.singlePersonOffer.at)}</dd>` : ''}
${order.lastSearch ? h`<dt>Seneste søgning</dt><dd>${when(order.lastSearch.at)}: ${order.lastSearch.results.length} egnede tilbud${order.lastSearch.publicCapacityAvailable ? ', heraf offentlige med ledig plads' : ', ingen offentlige med ledig plads'} – <a href="/bestillinger/${order.id}/soegning">se resultatet</a></dd>` : ''}
</dl>
${actions.length ? h`<div class="actions">${actions}</div>` : ''}
${
  selection
    ? h`<h2>Valgt tilbud</h2>${alert('success', `Valgt: ${answers.find((r) => r.requestId === selection.requestId)?.offerName ?? selection.offerId}`, `${selection.tier === 'public' ? 'Offentligt' : 'Privat'} tilbud, ${kr(selection.dailyPriceOre)} pr. døgn. Valgt ${when(selection.at)}.${selection.privateReason ? ` Begrundelse: ${PRIVATE_REASONS.find(([k]) => k === selection.privateReason!.code)?.[1] ?? ''} – ${selection.privateReason.text}` : ''}`)}`
    : ''
}
<h2>Forespørgsler og svar</h2>
${
  answers.length
    ? h`<div class="table-wrap"><table class="table table--zebra">
<caption>Svar fra leverandørerne, til sammenligning</caption>
<thead><tr><th scope="col">Tilbud</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Døgnpris</th><th scope="col">Mulig start</th><th scope="col">Betingelser eller afslag</th><th scope="col">Svarfrist</th></tr></thead>
<tbody>${answers.map(
        (
          r,
        ) => h`<tr><th scope="row">${r.offerName}</th><td>${tierBadge(r.tier)}</td><td>${REQUEST_STATUS[r.status] ?? r.status}</td>
<td>${r.answer?.kind === 'offer' ? kr(r.answer.dailyPriceOre) : '–'}</td>
<td>${r.answer?.possibleStart ? day(r.answer.possibleStart) : '–'}</td>
<td>${r.answer?.kind === 'offer' ? (r.answer.conditions ?? '') : (r.answer?.declineReason ?? '')}</td>
<td>${when(r.deadline)}</td></tr>`,
      )}</tbody></table></div>`
    : h`<p>Der er ikke sendt forespørgsler endnu. Søg pladser og vælg de tilbud, der skal spørges.</p>`
}
${
  canSelect
    ? h`<h2 id="vaelg">Vælg tilbud</h2>
<form method="post" action="/bestillinger/${order.id}/valg" novalidate>
${csrfField(ctx)}
${radioGroup({
  name: 'requestId',
  legend: 'Hvilket tilbud vælger du?',
  options: offered.map((r) => [
    r.requestId,
    `${r.offerName} – ${r.tier === 'public' ? 'offentligt' : 'privat'} – ${kr(r.answer?.dailyPriceOre)} pr. døgn`,
    r.answer?.possibleStart ? `Mulig start ${day(r.answer.possibleStart)}` : undefined,
  ]),
  value: extra.values?.requestId,
  errors,
})}
${
  privateOffered
    ? h`<fieldset class="mb-6"><legend class="h3">Begrundelse for valg af privat tilbud</legend>
<p class="form-hint">${publicFree ? 'Et egnet offentligt tilbud har ledig plads. Vælger du et privat tilbud, skal du begrunde valget – begrundelsen gemmes og indgår i rapporterne.' : 'Udfyldes, hvis du vælger et privat tilbud, mens et egnet offentligt tilbud har ledig plads.'}</p>
${selectField({ id: 'privateReasonCode', label: 'Begrundelse', options: PRIVATE_REASONS, conditional: true, value: extra.values?.privateReasonCode, errors, placeholder: 'Vælg begrundelse' })}
${textArea({ id: 'privateReasonText', conditional: true, label: 'Uddybning', hint: 'Mindst 10 tegn.', value: extra.values?.privateReasonText, errors })}
</fieldset>`
    : ''
}
<button type="submit" class="button button-primary">Vælg tilbud</button>
</form>`
    : ''
}
<h2>Historik</h2>
${
  order.transitions.length
    ? h`<div class="table-wrap"><table class="table">
<caption>Bestillingens forløb</caption>
<thead><tr><th scope="col">Tidspunkt</th><th scope="col">Hændelse</th><th scope="col">Fra</th><th scope="col">Til</th><th scope="col">Af</th><th scope="col">Begrundelse</th></tr></thead>
<tbody>${order.transitions.map(
        (t) =>
          h`<tr><td>${when(t.at)}</td><td>${EVENT_NAMES[t.event] ?? t.event}</td><td>${statusName(t.from)}</td><td>${statusName(t.to)}</td><td>${t.by.userId}</td><td>${t.reason ?? ''}</td></tr>`,
      )}</tbody></table></div>`
    : h`<p>Oprettet ${when(order.createdAt)}. Ingen hændelser endnu.</p>`
}
${
  !isTerminal(status) && status !== 'active' && status !== 'contracted'
    ? h`<details class="details"><summary class="details-summary">Annuller bestillingen</summary><div class="details-text">
<form method="post" action="/bestillinger/${order.id}/annuller" novalidate>${csrfField(ctx)}
${textField({ id: 'cancelReason', label: 'Årsag til annullering', value: extra.values?.cancelReason, errors, required: true, width: 'xl' })}
<button type="submit" class="button button-secondary">Annuller bestilling</button></form></div></details>`
    : ''
}`,
      errors.length || extra.problem ? 400 : 200,
    );
  };

  portal.get('/bestillinger/:id', only, async (req, res) => {
    await detail(req, res, await loadOrder(req, res));
  });

  // ---- Search: POST runs it (state change), GET shows a fresh result ----
  portal.post('/bestillinger/:id/soeg', only, ...forms, async (req, res) => {
    const id = orderId(req);
    try {
      await mapDomain(() => searchForOrder(od, signedInActor(res), id));
    } catch (e) {
      return detail(req, res, await loadOrder(req, res), { problem: refusal(e) });
    }
    res.redirect(303, `/bestillinger/${id}/soegning`);
  });

  const searchPage = async (
    req: Request,
    res: Response,
    order: Order,
    errors: FieldError[] = [],
    problem?: Html,
  ) => {
    const ctx: PageContext = { csrf: res.locals.csrf as string };
    await od.accessLog(signedInActor(res), {
      action: 'read',
      purpose: 'Pladssøgning til bestilling',
      citizenRef: order.citizen.reference,
      resource: { type: 'order', id: order.id },
    });
    const view = await runSearch(od, order);
    const asked = new Set(
      order.requests
        .filter((r) => r.status !== 'expired' && r.status !== 'closed')
        .map((r) => r.offerId),
    );
    const canAsk = ['searching', 'requested', 'offers_received'].includes(order.status);
    const rows = view.results.map((r) => {
      const o = view.offers[r.offerId]!;
      const ask =
        canAsk && r.freePlaces > 0 && !asked.has(r.offerId)
          ? h`<input type="checkbox" class="form-checkbox" id="offer-${r.offerId}" name="offerIds" value="${r.offerId}"><label for="offer-${r.offerId}"><span class="sr-only">Spørg ${o.name}</span></label>`
          : asked.has(r.offerId)
            ? h`Spurgt`
            : h`–`;
      return h`<tr>
<td>${r.rank}</td>
<th scope="row">${o.name}<br><span class="form-hint">${municipalityName(o.municipalityCode)}</span></th>
<td>${tierBadge(r.tier)}</td>
<td>${r.freePlaces}${r.stale ? h` <span class="badge badge-warning">Ikke bekræftet</span>` : ''}</td>
<td>${kr(o.dailyTariffOre)}</td>
<td>${r.score.toFixed(3).replace('.', ',')}</td>
<td><ul class="reasons">${r.reasons.map((x) => h`<li>${x.text}</li>`)}</ul></td>
<td class="form-group-checkbox">${ask}</td>
</tr>`;
    });
    await send(
      req,
      res,
      `${errors.length ? 'Fejl: ' : ''}Søgeresultat for ${order.citizen.reference}`,
      h`<p><a href="/bestillinger/${order.id}">Tilbage til bestillingen</a></p>
<h1>Søgeresultat: ${order.citizen.reference}</h1>
<p class="font-lead">${targetGroupName(order.need.targetGroup)}, ${order.need.legalBasis}, ${order.citizen.age} år. Egnethed kommer først; blandt egnede tilbud med ledig plads vises offentlige (kommunale og regionale) altid før private.</p>
${problem ?? ''}${errorSummary(errors)}
${view.publicCapacityAvailable ? alert('info', 'Et egnet offentligt tilbud har ledig plads.', 'Vælger du senere et privat tilbud, skal du begrunde valget.') : alert('info', 'Ingen egnede offentlige tilbud har ledig plads.')}
${
  view.results.length
    ? h`<form method="post" action="/bestillinger/${order.id}/forespoergsler" novalidate>
${csrfField(ctx)}
<div class="table-wrap"><table class="table table--zebra">
<caption>Egnede tilbud i rangorden (${view.results.length})</caption>
<thead><tr><th scope="col">Rang</th><th scope="col">Tilbud</th><th scope="col">Type</th><th scope="col">Ledige pladser</th><th scope="col">Døgntakst</th><th scope="col">Score</th><th scope="col">Hvorfor denne plads i rækkefølgen</th><th scope="col">Send forespørgsel</th></tr></thead>
<tbody>${rows}</tbody></table></div>
${
  canAsk
    ? h`<div class="form-group" id="offerIds"><p>Markér de tilbud, der skal have en forespørgsel, eller send til alle egnede tilbud med ledig plads.</p></div>
${textField({ id: 'deadlineHours', label: 'Svarfrist i timer', hint: `Standard: ${od.settings.requestDeadlineHours} timer.`, errors, width: 'xs', inputmode: 'numeric' })}
<div class="actions"><button type="submit" class="button button-primary" name="scope" value="chosen">Send til markerede</button>
<button type="submit" class="button button-secondary" name="scope" value="all">Send til alle egnede</button></div>`
    : ''
}
</form>`
    : h`<p>Ingen egnede tilbud med ledig plads. Tjek om andre kommuner har lignende behov, før et enkeltmandstilbud oprettes.</p>
<p><a class="button button-secondary" href="/bestillinger/${order.id}/faelles-tilbud">Tjek for fælles tilbud</a></p>`
}
${
  view.excluded.length
    ? h`<details class="details"><summary class="details-summary">Tilbud der ikke er egnede (${view.excluded.length})</summary><div class="details-text">
<table class="table table--compact"><caption>Fravalgte tilbud og hvorfor</caption><thead><tr><th scope="col">Tilbud</th><th scope="col">Årsag</th></tr></thead>
<tbody>${view.excluded.map((x) => h`<tr><td>${x.offerId}</td><td><ul class="reasons">${x.reasons.map((r) => h`<li>${r.text}</li>`)}</ul></td></tr>`)}</tbody></table></div></details>`
    : ''
}`,
      errors.length || problem ? 400 : 200,
    );
  };

  portal.get('/bestillinger/:id/soegning', only, async (req, res) => {
    await searchPage(req, res, await loadOrder(req, res));
  });

  portal.post('/bestillinger/:id/forespoergsler', only, ...forms, async (req, res) => {
    const id = orderId(req);
    const all = field(req, 'scope') === 'all';
    const offerIds = fields(req, 'offerIds');
    const hoursText = field(req, 'deadlineHours');
    const hours = Number(hoursText);
    const errors: FieldError[] = [];
    if (!all && offerIds.length === 0)
      errors.push({
        field: 'offerIds',
        message: 'Markér mindst ét tilbud, eller send til alle egnede',
      });
    if (hoursText && (!/^\d+$/.test(hoursText) || hours < 1 || hours > 336))
      errors.push({
        field: 'deadlineHours',
        message: 'Skriv svarfristen som et helt antal timer (1–336)',
      });
    if (errors.length) return searchPage(req, res, await loadOrder(req, res), errors);
    try {
      await mapDomain(() =>
        sendRequests(od, signedInActor(res), id, {
          ...(all ? { all: true as const } : { offerIds }),
          ...(hoursText ? { deadlineHours: hours } : {}),
        }),
      );
    } catch (e) {
      const problem =
        e instanceof ProblemError && e.status === 400
          ? alert(
              'error',
              'Et af de markerede tilbud er ikke længere egnet eller har ikke ledig plads. Søg igen.',
            )
          : refusal(e);
      return searchPage(req, res, await loadOrder(req, res), [], problem);
    }
    res.redirect(303, `/bestillinger/${id}?besked=sendt`);
  });

  // ---- Selection, with the reason asked for when a private offer is chosen over a free public one ----
  portal.post('/bestillinger/:id/valg', only, ...forms, async (req, res) => {
    const id = orderId(req);
    const values = {
      requestId: field(req, 'requestId'),
      privateReasonCode: field(req, 'privateReasonCode'),
      privateReasonText: field(req, 'privateReasonText'),
    };
    const order = await loadOrder(req, res);
    const chosen = order.requests.find((r) => r.requestId === values.requestId);
    const errors: FieldError[] = [];
    if (!chosen) errors.push({ field: 'requestId', message: 'Vælg det tilbud, du vil bruge' });
    const code = (PRIVATE_CHOICE_REASON_CODES as readonly string[]).includes(
      values.privateReasonCode,
    )
      ? values.privateReasonCode
      : undefined;
    if (errors.length) return detail(req, res, order, { errors, values });
    const privateReason =
      chosen!.tier === 'private' && (code || values.privateReasonText)
        ? { code: code ?? '', text: values.privateReasonText }
        : undefined;
    try {
      await mapDomain(() =>
        selectOffer(od, signedInActor(res), id, { requestId: values.requestId, privateReason }),
      );
    } catch (e) {
      if (e instanceof ProblemError && e.status === 422) {
        if (!code)
          errors.push({
            field: 'privateReasonCode',
            message: 'Vælg en begrundelse: et egnet offentligt tilbud har ledig plads',
          });
        if (values.privateReasonText.length < 10)
          errors.push({
            field: 'privateReasonText',
            message: 'Uddyb begrundelsen for at vælge et privat tilbud (mindst 10 tegn)',
          });
        return detail(req, res, await loadOrder(req, res), { errors, values });
      }
      return detail(req, res, await loadOrder(req, res), { problem: refusal(e), values });
    }
    res.redirect(303, `/bestillinger/${id}?besked=valgt`);
  });

  portal.post('/bestillinger/:id/annuller', only, ...forms, async (req, res) => {
    const id = orderId(req);
    const reason = field(req, 'cancelReason');
    if (!reason || reason.length > 2000)
      return detail(req, res, await loadOrder(req, res), {
        errors: [{ field: 'cancelReason', message: 'Skriv årsagen til annulleringen' }],
      });
    try {
      await mapDomain(() => moveOrder(od, signedInActor(res), id, 'cancel', reason));
    } catch (e) {
      return detail(req, res, await loadOrder(req, res), { problem: refusal(e) });
    }
    res.redirect(303, `/bestillinger/${id}?besked=annulleret`);
  });

  // ---- The shared-offer check, before a single-person offer ----
  const sharedPage = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    problem?: Html,
  ) => {
    const id = orderId(req);
    const actor = signedInActor(res);
    const ctx: PageContext = { csrf: res.locals.csrf as string };
    const view = await showSharedOfferCandidates(od, actor, id);
    const order = (await od.orders.get(actorScope(actor, 'municipality'), id))!;
    await send(
      req,
      res,
      `${errors.length ? 'Fejl: ' : ''}Tjek for fælles tilbud`,
      h`<p><a href="/bestillinger/${id}">Tilbage til bestillingen</a></p>
<h1>Tjek for fælles tilbud</h1>
<p class="font-lead">Før et enkeltmandstilbud oprettes, skal det tjekkes, om andre kommuner har åbne bestillinger i samme målgruppe (${targetGroupName(view.targetGroup)}), så I kan gå sammen om et fælles tilbud.</p>
${notice(req)}${problem ?? ''}${errorSummary(errors)}
${
  view.openOrders.length
    ? h`<div class="table-wrap"><table class="table table--zebra">
<caption>Andre kommuners åbne bestillinger i målgruppen</caption>
<thead><tr><th scope="col">Kommune</th><th scope="col">Lovgrundlag</th><th scope="col">Ønsket start</th><th scope="col">Aldersgruppe</th><th scope="col">Status</th><th scope="col">Interesse</th></tr></thead>
<tbody>${view.openOrders.map(
        (
          o,
        ) => h`<tr><th scope="row">${municipalityName(o.municipalityCode)}</th><td>${o.legalBasis}</td><td>${day(o.wantedStart)}</td><td>${o.ageBand.replace('under', 'under')} år</td><td>${statusName(o.status)}</td>
<td><form method="post" action="/bestillinger/${id}/faelles-tilbud/interesse">${csrfField(ctx)}<input type="hidden" name="otherOrderId" value="${o.orderId}"><button type="submit" class="button button-tertiary">Vis interesse<span class="sr-only"> for ${municipalityName(o.municipalityCode)}s bestilling</span></button></form></td></tr>`,
      )}</tbody></table></div>`
    : h`<p>Ingen andre kommuner har åbne bestillinger i målgruppen lige nu.</p>`
}
${view.interests.length ? h`<h2>Andre kommuners interesse for denne bestilling</h2><ul>${view.interests.map((i) => h`<li>${municipalityName(i.municipalityCode)} (${when(i.at)})${i.note ? `: ${i.note}` : ''}</li>`)}</ul>` : ''}
<h2>Registrér tjekket</h2>
${view.check ? alert('info', `Tjekket er registreret ${when(view.check.at)}.`, SHARED_OUTCOMES.find(([k]) => k === view.check!.outcome)?.[1]) : ''}
<form method="post" action="/bestillinger/${id}/faelles-tilbud" novalidate>${csrfField(ctx)}
${radioGroup({ name: 'outcome', legend: 'Resultat af tjekket', options: SHARED_OUTCOMES.map(([k, l]) => [k, l]), errors })}
${textArea({ id: 'note', label: 'Note', errors })}
<button type="submit" class="button button-primary">Registrér tjek</button></form>
<h2>Enkeltmandstilbud</h2>
${
  order.singlePersonOffer
    ? h`<p>Besluttet ${when(order.singlePersonOffer.at)}.</p>`
    : h`<p>Et enkeltmandstilbud kan først besluttes, når tjekket er registreret.</p>
<form method="post" action="/bestillinger/${id}/enkeltmandstilbud">${csrfField(ctx)}<button type="submit" class="button button-secondary">Beslut enkeltmandstilbud</button></form>`
}`,
      errors.length || problem ? 400 : 200,
    );
  };

  portal.get('/bestillinger/:id/faelles-tilbud', only, (req, res) => sharedPage(req, res));

  portal.post('/bestillinger/:id/faelles-tilbud', only, ...forms, async (req, res) => {
    const id = orderId(req);
    const outcome = field(req, 'outcome');
    const note = field(req, 'note');
    const errors: FieldError[] = [];
    if (!SHARED_OUTCOMES.some(([k]) => k === outcome))
      errors.push({ field: 'outcome', message: 'Vælg resultatet af tjekket' });
    if (note.length > 2000)
      errors.push({ field: 'note', message: 'Noten må højst være 2.000 tegn' });
    if (errors.length) return sharedPage(req, res, errors);
    try {
      await mapDomain(() =>
        recordSharedOfferCheck(od, signedInActor(res), id, { outcome, ...(note ? { note } : {}) }),
      );
    } catch (e) {
      return sharedPage(req, res, [], refusal(e));
    }
    res.redirect(303, `/bestillinger/${id}/faelles-tilbud?besked=tjek`);
  });

  portal.post('/bestillinger/:id/faelles-tilbud/interesse', only, ...forms, async (req, res) => {
    const id = orderId(req);
    const other = field(req, 'otherOrderId');
    if (!ID_PATTERN.ord.test(other)) throw notFound('Order');
    // The interest is in the other order (cross-municipality by design), but it is posted from the
    // sharing page of one's own order: under another municipality's order it is not found.
    const actor = signedInActor(res);
    const own = await od.orders.get(actorScope(actor, 'municipality'), id);
    if (own?.actingOrganisationId !== actor.organisationId) throw notFound('Order');
    try {
      await mapDomain(() => markJointOfferInterest(od, actor, other));
    } catch (e) {
      return sharedPage(req, res, [], refusal(e));
    }
    res.redirect(303, `/bestillinger/${id}/faelles-tilbud?besked=interesse`);
  });

  portal.post('/bestillinger/:id/enkeltmandstilbud', only, ...forms, async (req, res) => {
    const id = orderId(req);
    try {
      await mapDomain(() => decideSinglePersonOffer(od, signedInActor(res), id));
    } catch (e) {
      if (e instanceof ProblemError && e.status === 422)
        return sharedPage(
          req,
          res,
          [],
          alert('error', 'Registrér først tjekket for fælles tilbud.'),
        );
      return sharedPage(req, res, [], refusal(e));
    }
    res.redirect(303, `/bestillinger/${id}/faelles-tilbud?besked=enkeltmand`);
  });
}
