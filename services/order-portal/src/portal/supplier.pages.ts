import type { Request, Response, Router } from 'express';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  isDomainValidationError,
  parseDanishAmount,
} from '@rammeaftale/domain';
import { ProblemError, notFound } from '@rammeaftale/http';
import { listOffers } from '../offers/list-offers.use-case';
import { updateCapacity } from '../offers/update-capacity.use-case';
import { ID_PATTERN } from '../orders/ids';
import {
  answerRequest,
  getSupplierRequest,
  listSupplierRequests,
} from '../orders/requests.use-case';
import { GENDERS, REQUEST_STATUS, kr, municipalityName, targetGroupName } from './labels';
import {
  alert,
  csrfField,
  day,
  errorSummary,
  h,
  radioGroup,
  raw,
  textArea,
  textField,
  when,
  type FieldError,
  type Html,
  type PageContext,
} from './layout';
import { field, mapDomain, signedInActor, type PageTools } from './page-tools';
import { requirePortalRole } from './session';

const NOTICES: Record<string, string> = {
  besvaret: 'Svaret er sendt til kommunen.',
  kapacitet: 'Kapaciteten er opdateret og bekræftet.',
};
const notice = (req: Request): Html => {
  const text = NOTICES[String(req.query.besked ?? '')];
  return text ? alert('success', text) : raw('');
};

const requestId = (req: Request): string => {
  const id = String(req.params.requestId ?? '');
  if (!ID_PATTERN.req.test(id)) throw notFound('Request');
  return id;
};

export function registerSupplierPages(portal: Router, tools: PageTools): void {
  const { deps, send, forms } = tools;
  const od = deps.orders;
  const only = requirePortalRole('supplier');

  // ---- Requests: anonymised profiles ----
  portal.get('/leverandoer/forespoergsler', only, async (req, res) => {
    const items = await listSupplierRequests(od, signedInActor(res));
    items.sort((a, b) => new Date(b.sentAt).getTime() - new Date(a.sentAt).getTime());
    await send(
      req,
      res,
      'Forespørgsler',
      h`<h1>Forespørgsler</h1>
<p class="font-lead">Kommunernes forespørgsler på jeres tilbud. Borgeren vises som en anonymiseret profil, indtil der er indgået kontrakt.</p>
${notice(req)}
${
  items.length
    ? h`<div class="table-wrap"><table class="table table--zebra">
<caption>Forespørgsler, nyeste først</caption>
<thead><tr><th scope="col">Tilbud</th><th scope="col">Kommune</th><th scope="col">Målgruppe</th><th scope="col">Alder</th><th scope="col">Ønsket start</th><th scope="col">Svarfrist</th><th scope="col">Status</th></tr></thead>
<tbody>${items.map(
        (
          r,
        ) => h`<tr><th scope="row"><a href="/leverandoer/forespoergsler/${r.requestId}">${r.offerName}</a></th>
<td>${municipalityName(r.buyerMunicipalityCode)}</td><td>${targetGroupName(r.profile.targetGroup)}</td><td>${r.profile.age} år</td>
<td>${day(r.profile.wantedStart)}</td><td>${when(r.deadline)}</td><td>${REQUEST_STATUS[r.status] ?? r.status}</td></tr>`,
      )}</tbody></table></div>`
    : h`<p>Der er ingen forespørgsler.</p>`
}`,
    );
  });

  const answerPage = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
    problem?: Html,
  ) => {
    const ctx: PageContext = { csrf: res.locals.csrf as string };
    const r = await getSupplierRequest(od, signedInActor(res), requestId(req));
    const p = r.profile;
    await send(
      req,
      res,
      `${errors.length ? 'Fejl: ' : ''}Forespørgsel til ${r.offerName}`,
      h`<p><a href="/leverandoer/forespoergsler">Tilbage til forespørgsler</a></p>
<h1>Forespørgsel til ${r.offerName}</h1>
${notice(req)}${problem ?? ''}${errorSummary(errors)}
<h2>Anonymiseret profil</h2>
<dl class="summary">
<dt>Kommune</dt><dd>${municipalityName(r.buyerMunicipalityCode)}</dd>
<dt>Målgruppe</dt><dd>${targetGroupName(p.targetGroup)}</dd>
<dt>Lovgrundlag</dt><dd>${p.legalBasis}</dd>
<dt>Alder</dt><dd>${p.age} år</dd>
${p.gender ? h`<dt>Køn</dt><dd>${GENDERS[p.gender] ?? p.gender}</dd>` : ''}
<dt>Ønsket start</dt><dd>${day(p.wantedStart)}</dd>
${p.expectedDurationMonths ? h`<dt>Forventet varighed</dt><dd>${p.expectedDurationMonths} måneder</dd>` : ''}
<dt>Behov</dt><dd>${p.needs}</dd>
${p.specialRequirements ? h`<dt>Særlige krav</dt><dd>${p.specialRequirements}</dd>` : ''}
${p.requiredCompetences?.length ? h`<dt>Krævede kompetencer</dt><dd>${p.requiredCompetences.join(', ')}</dd>` : ''}
<dt>Mål</dt><dd><ul class="reasons">${p.goals.map((g) => h`<li>${g}</li>`)}</ul></dd>
<dt>Svarfrist</dt><dd>${when(r.deadline)}</dd>
<dt>Status</dt><dd>${REQUEST_STATUS[r.status] ?? r.status}</dd>
</dl>
${
  r.answer
    ? h`<h2>Jeres svar</h2><p>${r.answer.kind === 'offer' ? `Tilbud: ${kr(r.answer.dailyPriceOre)} pr. døgn, mulig start ${day(r.answer.possibleStart)}.${r.answer.conditions ? ` Betingelser: ${r.answer.conditions}` : ''}` : `Afvist: ${r.answer.declineReason ?? ''}`}</p>`
    : ''
}
${
  r.status === 'open'
    ? h`<h2>Besvar forespørgslen</h2>
<form method="post" action="/leverandoer/forespoergsler/${r.requestId}/svar" novalidate>${csrfField(ctx)}
${radioGroup({
  name: 'kind',
  legend: 'Jeres svar',
  options: [
    ['offer', 'Vi kan tilbyde en plads'],
    ['decline', 'Vi kan ikke tilbyde en plads'],
  ],
  value: values.kind,
  errors,
})}
<fieldset class="mb-6"><legend class="h3">Hvis I tilbyder en plads</legend>
${textField({ id: 'dailyPrice', label: 'Døgnpris i kr.', hint: 'Skriv beløbet som fx 2.345,50', value: values.dailyPrice, errors, width: 'm', inputmode: 'decimal' })}
${textField({ id: 'possibleStart', label: 'Mulig startdato', type: 'date', hint: 'Format: ÅÅÅÅ-MM-DD.', value: values.possibleStart, errors, width: 'm' })}
${textArea({ id: 'conditions', label: 'Betingelser', value: values.conditions, errors })}
</fieldset>
<fieldset class="mb-6"><legend class="h3">Hvis I afviser</legend>
${textArea({ id: 'declineReason', label: 'Begrundelse for afslag', value: values.declineReason, errors })}
</fieldset>
<button type="submit" class="button button-primary">Send svar</button></form>`
    : ''
}`,
      errors.length || problem ? 400 : 200,
    );
  };

  portal.get('/leverandoer/forespoergsler/:requestId', only, (req, res) => answerPage(req, res));

  portal.post('/leverandoer/forespoergsler/:requestId/svar', only, ...forms, async (req, res) => {
    const id = requestId(req);
    const v = Object.fromEntries(
      ['kind', 'dailyPrice', 'possibleStart', 'conditions', 'declineReason'].map((n) => [
        n,
        field(req, n),
      ]),
    );
    const errors: FieldError[] = [];
    let body:
      | { kind: 'offer'; dailyPriceOre: number; possibleStart: string; conditions?: string }
      | { kind: 'decline'; reason: string }
      | undefined;
    if (v.kind === 'offer') {
      let ore = NaN;
      try {
        ore = parseDanishAmount(v.dailyPrice!);
      } catch (e) {
        if (!isDomainValidationError(e)) throw e;
      }
      if (!(ore > 0 && ore <= 10_000_000))
        errors.push({ field: 'dailyPrice', message: 'Skriv døgnprisen i kroner, fx 2.345,50' });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v.possibleStart!) || isNaN(Date.parse(v.possibleStart!)))
        errors.push({ field: 'possibleStart', message: 'Skriv startdatoen som ÅÅÅÅ-MM-DD' });
      if (v.conditions!.length > 2000)
        errors.push({ field: 'conditions', message: 'Betingelserne må højst være 2.000 tegn' });
      body = {
        kind: 'offer',
        dailyPriceOre: ore,
        possibleStart: v.possibleStart!,
        ...(v.conditions ? { conditions: v.conditions } : {}),
      };
    } else if (v.kind === 'decline') {
      if (!v.declineReason || v.declineReason.length > 2000)
        errors.push({ field: 'declineReason', message: 'Skriv en begrundelse for afslaget' });
      body = { kind: 'decline', reason: v.declineReason! };
    } else errors.push({ field: 'kind', message: 'Vælg om I tilbyder en plads eller afviser' });
    if (errors.length || !body) return answerPage(req, res, errors, v);
    try {
      await mapDomain(() => answerRequest(od, signedInActor(res), id, body));
    } catch (e) {
      if (!(e instanceof ProblemError) || e.status === 404) throw e;
      return answerPage(
        req,
        res,
        [],
        v,
        alert(
          'error',
          'Forespørgslen kan ikke længere besvares.',
          'Fristen er udløbet, eller kommunen har lukket den.',
        ),
      );
    }
    res.redirect(303, `/leverandoer/forespoergsler/${id}?besked=besvaret`);
  });

  // ---- My offers and their capacity ----
  const registry = deps.registry;
  portal.get('/leverandoer/tilbud', only, async (req, res) => {
    const actor = signedInActor(res);
    const list = await listOffers(registry, actor, {
      operatorOrganisationId: actor.organisationId,
      limit: 200,
      offset: 0,
    });
    await send(
      req,
      res,
      'Mine tilbud',
      h`<h1>Mine tilbud</h1>
<p class="font-lead">Meld ledige pladser, belægning og venteliste. Kapacitet, der ikke er bekræftet inden for ${list.staleAfterDays} dage, vises som ubekræftet for kommunerne.</p>
${notice(req)}
${
  list.items.length
    ? h`<div class="table-wrap"><table class="table table--zebra">
<caption>Tilbud som jeres organisation driver (${list.total})</caption>
<thead><tr><th scope="col">Tilbud</th><th scope="col">Pladser i drift</th><th scope="col">Optaget</th><th scope="col">Ledige</th><th scope="col">Venteliste</th><th scope="col">Bekræftet</th><th scope="col">Handling</th></tr></thead>
<tbody>${list.items.map((o) => {
        const c = o.capacity;
        return h`<tr><th scope="row">${o.name}<br><span class="form-hint">${o.address.city}</span></th>
<td>${c?.placesInOperation ?? '–'}</td><td>${c?.occupied ?? '–'}</td><td>${c?.free ?? '–'}</td><td>${c?.waitingList ?? '–'}</td>
<td>${c ? when(c.confirmedAt) : 'Aldrig'}${!c || c.stale ? h` <span class="badge badge-warning">Ikke bekræftet</span>` : ''}</td>
<td><a href="/leverandoer/tilbud/${o.id}/kapacitet">Opdatér kapacitet<span class="sr-only"> for ${o.name}</span></a></td></tr>`;
      })}</tbody></table></div>`
    : h`<p>Jeres organisation driver ingen tilbud i registret.</p>`
}`,
    );
  });

  const offerIdOf = (req: Request) => {
    const id = String(req.params.offerId ?? '');
    if (!/^[\w.-]{1,100}$/.test(id)) throw notFound('Offer');
    return id;
  };
  const capacityPage = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    values?: Record<string, string>,
    problem?: Html,
  ) => {
    const actor = signedInActor(res);
    const ctx: PageContext = { csrf: res.locals.csrf as string };
    const list = await listOffers(registry, actor, {
      operatorOrganisationId: actor.organisationId,
      limit: 200,
      offset: 0,
    });
    const offer = list.items.find((o) => o.id === offerIdOf(req));
    if (!offer) throw notFound('Offer');
    const c = offer.capacity;
    const val = (k: 'placesInOperation' | 'occupied' | 'free' | 'waitingList') =>
      values?.[k] ?? (c ? String(c[k]) : '');
    await send(
      req,
      res,
      `${errors.length ? 'Fejl: ' : ''}Kapacitet for ${offer.name}`,
      h`<p><a href="/leverandoer/tilbud">Tilbage til mine tilbud</a></p>
<h1>Kapacitet: ${offer.name}</h1>
<p>Godkendte pladser: ${offer.approvedPlaces}. ${c ? `Senest bekræftet ${when(c.confirmedAt)}.` : 'Kapaciteten er aldrig meldt.'}</p>
${problem ?? ''}${errorSummary(errors)}
<form method="post" action="/leverandoer/tilbud/${offer.id}/kapacitet" novalidate>${csrfField(ctx)}
${textField({ id: 'placesInOperation', label: 'Pladser i drift', value: val('placesInOperation'), errors, required: true, width: 'xs', inputmode: 'numeric' })}
${textField({ id: 'occupied', label: 'Optagne pladser', value: val('occupied'), errors, required: true, width: 'xs', inputmode: 'numeric' })}
${textField({ id: 'free', label: 'Ledige pladser', value: val('free'), errors, required: true, width: 'xs', inputmode: 'numeric' })}
${textField({ id: 'waitingList', label: 'Antal på venteliste', value: val('waitingList'), errors, required: true, width: 'xs', inputmode: 'numeric' })}
<button type="submit" class="button button-primary">Gem og bekræft kapacitet</button></form>`,
      errors.length || problem ? 400 : 200,
    );
  };

  portal.get('/leverandoer/tilbud/:offerId/kapacitet', only, (req, res) => capacityPage(req, res));

  portal.post('/leverandoer/tilbud/:offerId/kapacitet', only, ...forms, async (req, res) => {
    const names = ['placesInOperation', 'occupied', 'free', 'waitingList'] as const;
    const v = Object.fromEntries(names.map((n) => [n, field(req, n)])) as Record<string, string>;
    const errors: FieldError[] = names
      .filter((n) => !/^\d{1,6}$/.test(v[n]!))
      .map((n) => ({ field: n, message: 'Skriv et helt tal på 0 eller derover' }));
    if (errors.length) return capacityPage(req, res, errors, v);
    try {
      await updateCapacity(registry, signedInActor(res), offerIdOf(req), {
        placesInOperation: Number(v.placesInOperation),
        occupied: Number(v.occupied),
        free: Number(v.free),
        waitingList: Number(v.waitingList),
      });
    } catch (e) {
      if (e instanceof InvalidInputError)
        return capacityPage(
          req,
          res,
          e.issues.map((p) => ({ field: p.field, message: p.message })),
          v,
        );
      if (e instanceof NotFoundError) throw notFound('Offer');
      if (e instanceof ConflictError)
        return capacityPage(
          req,
          res,
          [],
          v,
          alert('error', 'Tilbuddet blev ændret samtidig. Prøv igen.'),
        );
      throw e;
    }
    res.redirect(303, '/leverandoer/tilbud?besked=kapacitet');
  });
}
