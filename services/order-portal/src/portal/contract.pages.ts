import type { Request, Response, Router } from 'express';
import { isDomainValidationError, isIsoDate, parseDanishAmount } from '@rammeaftale/domain';
import { ProblemError, notFound } from '@rammeaftale/http';
import type { ContractView, TariffChangeView } from '@rammeaftale/service-api';
import type { ContractsClient } from '../contracts/contracts.client';
import { listOffers } from '../offers/list-offers.use-case';
import { kr } from './labels';
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
import { field, signedInActor, type PageTools } from './page-tools';
import { requirePortalRole, tokenIn } from './session';

/** The Danish words for the contracts service's codes. */
export const CONTRACT_STATUS: Record<string, string> = {
  draft: 'Kladde',
  sent_to_supplier: 'Sendt til leverandøren',
  accepted_by_supplier: 'Accepteret af leverandøren',
  signed_by_buyer: 'Underskrevet af kommunen',
  active: 'Aktiv',
  amended: 'Aktiv (med tillæg)',
  terminated: 'Opsagt',
};
const DECISION_STATUS: Record<string, string> = {
  to_apply: 'Godkendt, træder i kraft',
  awaiting_approval: 'Afventer kommunens godkendelse',
  applied: 'Gennemført som tillæg',
  rejected: 'Afvist af kommunen',
  not_applicable: 'Berøres ikke',
};
const CLASSIFICATION: Record<string, string> = {
  decrease: 'Fald',
  unchanged: 'Uændret',
  within_pl: 'Inden for P/L',
  above_pl: 'Over P/L – kræver godkendelse',
};
const AUDIT_ACTION: Record<string, string> = {
  drafted: 'Kladde oprettet',
  send: 'Sendt til leverandøren',
  accept: 'Accepteret af leverandøren',
  sign: 'Underskrevet af kommunen',
  activate: 'Aktiveret',
  amend: 'Tillæg',
  terminate: 'Opsagt',
};
const NOTICES: Record<string, string> = {
  sendt: 'Kontrakten er sendt til leverandøren. Leverandøren får et brev om den.',
  accepteret: 'I har accepteret kontrakten. Kommunen underskriver derefter.',
  underskrevet: 'Kontrakten er underskrevet.',
  aktiveret: 'Kontrakten er aktiv.',
  godkendt: 'Takstændringen er godkendt for jeres kontrakter.',
  afvist: 'Takstændringen er afvist for jeres kontrakter. Den hidtidige pris gælder.',
  begrundelse: 'Begrundelsen er sendt.',
  varslet:
    'Takstændringen er varslet. Kommunerne får besked, hvis stigningen kræver deres godkendelse.',
};
const notice = (req: Request): Html => {
  const text = NOTICES[String(req.query.besked ?? '')];
  return text ? alert('success', text) : raw('');
};
const bp = (basisPoints: number) => `${(basisPoints / 100).toLocaleString('da-DK')} %`;
const CONTRACT_ID = /^c-[A-Za-z0-9_.-]{1,100}$/;
const CHANGE_ID = /^[A-Za-z0-9_.:-]{1,120}$/;

const param = (req: Request, name: string, pattern: RegExp): string => {
  const v = String(req.params[name] ?? '');
  if (!pattern.test(v)) throw notFound('Page');
  return v;
};

/**
 * The contracts and tariff changes of the signed-in person, from the contracts service: the pages
 * the contract letters and the tariff letters link to. Case workers send, sign and activate
 * contracts and decide on tariff increases above P/L; suppliers accept contracts and send the
 * justification of an increase. The contracts service decides who may see and do what.
 */
export function registerContractPages(portal: Router, tools: PageTools): void {
  const { deps, send, forms } = tools;
  const both = requirePortalRole('caseworker', 'supplier');
  const caseworker = requirePortalRole('caseworker');
  const supplier = requirePortalRole('supplier');

  const client = (): ContractsClient => {
    if (!deps.contracts)
      throw new ProblemError(503, 'The portal is not connected to the contracts service');
    return deps.contracts;
  };
  /** The contracts service's refusals as Danish pages: 404/403 by the portal's handler, the rest here. */
  const unavailable = async (req: Request, res: Response, err: unknown) => {
    if (!(err instanceof ProblemError) || err.status !== 503) throw err;
    await send(
      req,
      res,
      'Kontrakter',
      h`<h1>Kontrakter er midlertidigt utilgængelige</h1>${alert('error', 'Kontraktsystemet svarer ikke lige nu', 'Prøv igen om lidt. Intet er ændret.')}`,
      503,
    );
  };

  // ---- Contracts ----
  portal.get('/kontrakter', both, async (req, res) => {
    try {
      const items = await client().contracts(tokenIn(res));
      const actor = signedInActor(res);
      await send(
        req,
        res,
        'Kontrakter',
        h`<h1>Kontrakter</h1>
<p class="font-lead">Standardkontrakterne om ${actor.role === 'supplier' ? 'jeres tilbud' : 'kommunens borgere'}. Kun de nationale standardkontrakter bruges.</p>
${
  items.length
    ? h`<div class="table-wrap"><table class="table table--zebra">
<caption>Kontrakter, senest ændret først</caption>
<thead><tr><th scope="col">Tilbud</th><th scope="col">${actor.role === 'supplier' ? 'Kommune' : 'Leverandør'}</th><th scope="col">Skabelon</th><th scope="col">Start</th><th scope="col">Status</th><th scope="col">Ændret</th></tr></thead>
<tbody>${items.map(
        (c) => h`<tr><th scope="row"><a href="/kontrakter/${c.id}">${c.offerName}</a></th>
<td>${actor.role === 'supplier' ? c.actingMunicipalityName : c.supplierName}</td><td>${c.template.title}</td>
<td>${day(c.startDate)}</td><td>${CONTRACT_STATUS[c.status] ?? c.status}</td><td>${when(c.updatedAt)}</td></tr>`,
      )}</tbody></table></div>`
    : h`<p>Der er ingen kontrakter endnu. En kontrakt laves, når kommunen har valgt et tilbud til en bestilling.</p>`
}`,
      );
    } catch (err) {
      await unavailable(req, res, err);
    }
  });

  const contractPage = async (req: Request, res: Response, problem?: Html) => {
    const c = await client().contract(tokenIn(res), param(req, 'id', CONTRACT_ID));
    const actor = signedInActor(res);
    const ctx: PageContext = { csrf: res.locals.csrf as string };
    const isBuyer =
      actor.role === 'caseworker' && c.actingMunicipality.organisationId === actor.organisationId;
    const isSupplier = actor.role === 'supplier';
    await send(
      req,
      res,
      `Kontrakt om ${c.offer.name}`,
      h`<p><a href="/kontrakter">Tilbage til kontrakter</a></p>
<h1>Kontrakt om ${c.offer.name}</h1>
${notice(req)}${problem ?? ''}
<p class="font-lead">${c.template.title}, version ${c.version}. Status: <strong>${CONTRACT_STATUS[c.status] ?? c.status}</strong>.</p>
${contractActions(c, { isBuyer, isSupplier, ctx })}
<h2>Parter</h2>
<dl class="summary">
<dt>Handlekommune</dt><dd>${c.actingMunicipality.name}</dd>
<dt>Betalingskommune</dt><dd>${c.payingMunicipality.name}</dd>
<dt>Leverandør</dt><dd>${c.supplier.name}${c.supplier.cvr ? ` (CVR ${c.supplier.cvr})` : ''}</dd>
<dt>Tilbud</dt><dd>${c.offer.name}${c.offer.departmentName ? `, ${c.offer.departmentName}` : ''}</dd>
<dt>Tilsyn</dt><dd>${c.offer.supervisingAuthority}</dd>
<dt>Borger</dt><dd>${c.citizen.reference}${c.citizen.isChild ? ' (barn/ung)' : ''}</dd>
</dl>
<h2>Ydelse og pris</h2>
<dl class="summary">
<dt>Ydelser</dt><dd><ul class="reasons">${c.services.map((s) => h`<li>${s.description} (${s.legalBasis})</li>`)}</ul></dd>
<dt>Døgntakst i alt</dt><dd>${kr(c.price.dailyTotalOre)} (grundtakst ${kr(c.price.dailyBasisTariffOre)}${c.price.additionalTariffs.map((a) => `, ${a.description} ${kr(a.dailyOre)}`).join('')}), takstår ${c.price.tariffYear}</dd>
<dt>Prisregulering</dt><dd>P/L ${bp(c.priceRegulation.plRateBp)}. Stigninger ud over P/L kræver kommunens godkendelse.</dd>
<dt>Start</dt><dd>${day(c.startDate)}${c.activatedOn ? `, aktiv fra ${day(c.activatedOn)}` : ''}</dd>
<dt>Betaling</dt><dd>${c.paymentDays} dage</dd>
<dt>Opsigelse</dt><dd>Kommunen ${c.notice.buyerMonths} mdr., leverandøren ${c.notice.supplierMonths} mdr.</dd>
${c.termination ? h`<dt>Opsagt</dt><dd>Af ${c.termination.party === 'buyer' ? 'kommunen' : 'leverandøren'} ${day(c.termination.noticeGivenOn)} med virkning ${day(c.termination.effectiveDate)}: ${c.termination.reason}</dd>` : ''}
</dl>
<h2>Mål for borgerens udvikling</h2>
<ul>${c.goals.map((g) => h`<li>${g.goal} <span class="form-hint">Opfølgning: ${g.followUp}</span></li>`)}</ul>
${
  c.amendments.length
    ? h`<h2>Tillæg</h2><div class="table-wrap"><table class="table table--zebra"><caption>Nummererede tillæg</caption>
<thead><tr><th scope="col">Nr.</th><th scope="col">Gælder fra</th><th scope="col">Indhold</th><th scope="col">Stigning</th><th scope="col">Godkendelse</th></tr></thead>
<tbody>${c.amendments.map(
        (
          a,
        ) => h`<tr><th scope="row">${a.number}</th><td>${day(a.effectiveFrom)}</td><td>${a.description}${a.price ? ` – ny døgntakst ${kr(a.price.dailyTotalOre)}` : ''}</td>
<td>${a.change ? a.change.increasePercent : '–'}</td><td>${a.approval ? `${a.approval.reference} (${day(a.approval.approvedOn)})` : '–'}</td></tr>`,
      )}</tbody></table></div>`
    : ''
}
<h2>Dokumenter</h2>
<ul>${c.versions.map(
        (v) =>
          h`<li><a href="/kontrakter/${c.id}/versioner/${v.number}/pdf">Version ${v.number} (PDF)</a> – ${v.reason}, ${when(v.createdAt)}</li>`,
      )}</ul>
<h2>Historik</h2>
<ol>${c.audit.map((a) => h`<li>${when(a.at)}: ${AUDIT_ACTION[a.action] ?? a.action} (version ${a.version})</li>`)}</ol>`,
      problem ? 409 : 200,
    );
  };

  portal.get('/kontrakter/:id', both, async (req, res) => {
    await contractPage(req, res).catch((err: unknown) => unavailable(req, res, err));
  });

  portal.get('/kontrakter/:id/versioner/:version/pdf', both, async (req, res) => {
    const version = Number(req.params.version);
    if (!Number.isSafeInteger(version) || version < 1) throw notFound('Page');
    try {
      const pdf = await client().pdf(tokenIn(res), param(req, 'id', CONTRACT_ID), version);
      res
        .status(200)
        .type('application/pdf')
        .set('Content-Disposition', `inline; filename="kontrakt-v${version}.pdf"`)
        .set(pdf.sha256 ? { 'X-Content-SHA256': pdf.sha256 } : {})
        .send(pdf.bytes);
    } catch (err) {
      await unavailable(req, res, err);
    }
  });

  /** A contract step from a form: done → back to the page with a notice; refused (409) → the reason. */
  const step = (
    path: string,
    only: ReturnType<typeof requirePortalRole>,
    done: string,
    run: (c: ContractsClient, token: string, id: string, req: Request) => Promise<unknown>,
  ) =>
    portal.post(`/kontrakter/:id/${path}`, only, ...forms, async (req, res) => {
      const id = param(req, 'id', CONTRACT_ID);
      try {
        await run(client(), tokenIn(res), id, req);
        res.redirect(303, `/kontrakter/${id}?besked=${done}`);
      } catch (err) {
        if (
          err instanceof ProblemError &&
          (err.status === 409 || err.status === 400 || err.status === 422)
        )
          return contractPage(
            req,
            res,
            alert('error', 'Det kunne ikke gennemføres', danishReason(err)),
          ).catch((e: unknown) => unavailable(req, res, e));
        await unavailable(req, res, err);
      }
    });
  const version = (req: Request) => {
    const v = Number(field(req, 'version'));
    if (!Number.isSafeInteger(v) || v < 1) throw new ProblemError(400, 'version missing');
    return v;
  };
  step('send', caseworker, 'sendt', (c, t, id) => c.send(t, id));
  step('accepter', supplier, 'accepteret', (c, t, id, req) => c.accept(t, id, version(req)));
  step('underskriv', caseworker, 'underskrevet', (c, t, id, req) => c.sign(t, id, version(req)));
  step('aktiver', caseworker, 'aktiveret', (c, t, id, req) => {
    const startedOn = field(req, 'startedOn');
    if (startedOn && !isIsoDate(startedOn))
      throw new ProblemError(400, 'Startdatoen skal være en dato (ÅÅÅÅ-MM-DD)');
    return c.activate(t, id, startedOn || undefined);
  });

  // ---- Tariff changes ----
  const announceForm = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
    problem?: Html,
  ) => {
    const actor = signedInActor(res);
    const offers = await listOffers(deps.registry, actor, {
      operatorOrganisationId: actor.organisationId,
      limit: 200,
      offset: 0,
    });
    const ctx: PageContext = { csrf: res.locals.csrf as string };
    await send(
      req,
      res,
      `${errors.length ? 'Fejl: ' : ''}Varsl en ny takst`,
      h`<p><a href="/takstaendringer">Tilbage til takstændringer</a></p>
<h1>Varsl en ny takst</h1>
<p class="font-lead">Den nye grundtakst vurderes for hver kontrakt mod prisen i kraft. En stigning ud over P/L gælder kun, hvis kommunen godkender den; store stigninger indberettes til tilsynet.</p>
${problem ?? ''}${errorSummary(errors)}
<form method="post" action="/takstaendringer" novalidate>${csrfField(ctx)}
${selectField({ id: 'offerId', label: 'Tilbud', options: offers.items.map((o) => [o.id, o.name] as [string, string]), value: values.offerId, errors, required: true, placeholder: 'Vælg tilbud' })}
${textField({ id: 'effectiveFrom', label: 'Gælder fra', type: 'date', hint: 'Format: ÅÅÅÅ-MM-DD.', value: values.effectiveFrom, errors, width: 'm', required: true })}
${textField({ id: 'dailyBasisTariff', label: 'Ny grundtakst pr. døgn i kr.', hint: 'Skriv beløbet som fx 2.345,50. Tillægstakster følger kontrakterne.', value: values.dailyBasisTariff, errors, width: 'm', inputmode: 'decimal', required: true })}
${textArea({ id: 'reason', label: 'Begrundelse', hint: 'Fx nye overenskomster eller ændret bemanding.', value: values.reason, errors, required: true })}
<button type="submit" class="button button-primary">Varsl takstændringen</button></form>`,
      errors.length || problem ? 400 : 200,
    );
  };

  portal.get('/takstaendringer/ny', supplier, async (req, res) => {
    await announceForm(req, res);
  });

  portal.post('/takstaendringer', supplier, ...forms, async (req, res) => {
    const values = {
      offerId: field(req, 'offerId'),
      effectiveFrom: field(req, 'effectiveFrom'),
      dailyBasisTariff: field(req, 'dailyBasisTariff'),
      reason: field(req, 'reason'),
    };
    const errors: FieldError[] = [];
    if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(values.offerId))
      errors.push({ field: 'offerId', message: 'Vælg tilbuddet' });
    if (!isIsoDate(values.effectiveFrom))
      errors.push({ field: 'effectiveFrom', message: 'Skriv datoen som ÅÅÅÅ-MM-DD' });
    let ore = NaN;
    try {
      ore = parseDanishAmount(values.dailyBasisTariff);
    } catch (e) {
      if (!isDomainValidationError(e)) throw e;
    }
    if (!(ore > 0 && ore <= 10_000_000))
      errors.push({
        field: 'dailyBasisTariff',
        message: 'Skriv grundtaksten i kroner, fx 2.345,50',
      });
    if (!values.reason || values.reason.length > 2000)
      errors.push({ field: 'reason', message: 'Skriv en begrundelse (højst 2.000 tegn)' });
    try {
      if (errors.length) return await announceForm(req, res, errors, values);
      const { change } = await client().announce(tokenIn(res), {
        offerId: values.offerId,
        effectiveFrom: values.effectiveFrom,
        dailyBasisTariffOre: ore,
        reason: values.reason,
      });
      res.redirect(303, `/takstaendringer/${change.id}?besked=varslet`);
    } catch (err) {
      if (err instanceof ProblemError && [400, 404, 409, 422].includes(err.status))
        return announceForm(
          req,
          res,
          [],
          values,
          alert(
            'error',
            'Takstændringen kunne ikke varsles',
            err.status === 404
              ? 'Tilbuddet har ingen aktive kontrakter med jer som leverandør.'
              : err.status === 409
                ? 'Der er allerede varslet en takst for tilbuddet fra den dato, som afventer kommunerne.'
                : 'Oplysningerne blev ikke godtaget. Tjek felterne og prøv igen.',
          ),
        ).catch((e: unknown) => unavailable(req, res, e));
      await unavailable(req, res, err);
    }
  });

  portal.get('/takstaendringer', both, async (req, res) => {
    try {
      const items = await client().tariffChanges(tokenIn(res));
      await send(
        req,
        res,
        'Takstændringer',
        h`<h1>Takstændringer</h1>
<p class="font-lead">Varslede takstændringer. En stigning ud over P/L kræver kommunens godkendelse; store stigninger indberettes til tilsynet.</p>
${signedInActor(res).role === 'supplier' ? h`<p><a class="button button-secondary" href="/takstaendringer/ny">Varsl en ny takst</a></p>` : ''}
${
  items.length
    ? h`<div class="table-wrap"><table class="table table--zebra">
<caption>Takstændringer</caption>
<thead><tr><th scope="col">Tilbud</th><th scope="col">Leverandør</th><th scope="col">Gælder fra</th><th scope="col">Største stigning</th><th scope="col">Afventer godkendelse</th><th scope="col">Frist</th></tr></thead>
<tbody>${items.map(
        (
          t,
        ) => h`<tr><th scope="row"><a href="/takstaendringer/${t.id}">${t.offer.name}</a></th><td>${t.supplierName}</td><td>${day(t.effectiveFrom)}</td>
<td>${t.maxIncreasePercent}${t.reported ? ' (indberettet til tilsynet)' : ''}</td><td>${t.awaitingApproval} af ${t.contracts}</td><td>${day(t.approvalDeadline)}${t.overdue ? ' – overskredet' : ''}</td></tr>`,
      )}</tbody></table></div>`
    : h`<p>Der er ingen takstændringer.</p>`
}`,
      );
    } catch (err) {
      await unavailable(req, res, err);
    }
  });

  const changePage = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
    problem?: Html,
  ) => {
    const t = await client().tariffChange(tokenIn(res), param(req, 'id', CHANGE_ID));
    const actor = signedInActor(res);
    const ctx: PageContext = { csrf: res.locals.csrf as string };
    const mine = t.decisions.filter((d) => d.buyer.organisationId === actor.organisationId);
    const awaitingMine =
      actor.role === 'caseworker' && mine.some((d) => d.status === 'awaiting_approval');
    await send(
      req,
      res,
      `${errors.length ? 'Fejl: ' : ''}Takstændring for ${t.offer.name}`,
      h`<p><a href="/takstaendringer">Tilbage til takstændringer</a></p>
<h1>Takstændring for ${t.offer.name}</h1>
${notice(req)}${problem ?? ''}${errorSummary(errors)}
<dl class="summary">
<dt>Leverandør</dt><dd>${t.supplier.name}</dd>
<dt>Ny grundtakst</dt><dd>${kr(t.announcement.dailyBasisTariffOre)} pr. døgn fra ${day(t.effectiveFrom)} (takstår ${t.announcement.tariffYear})</dd>
<dt>Leverandørens begrundelse</dt><dd>${t.reason}</dd>
<dt>Politiske værdier brugt</dt><dd>P/L ${bp(t.policy.plRateBp)}; indberetning ved over ${bp(t.policy.privateReportThresholdBp)} (private) og ${bp(t.policy.publicReportThresholdBp)} (offentlige) – år ${t.policy.year}</dd>
<dt>Frist for godkendelse</dt><dd>${day(t.approvalDeadline)}${t.overdue ? ' – overskredet' : ''}</dd>
</dl>
<h2>Berørte kontrakter</h2>
<div class="table-wrap"><table class="table table--zebra"><caption>Hver kontrakt vurderes mod prisen i kraft</caption>
<thead><tr><th scope="col">Kontrakt</th><th scope="col">Kommune</th><th scope="col">Pris nu</th><th scope="col">Ny pris</th><th scope="col">Stigning</th><th scope="col">Vurdering</th><th scope="col">Status</th></tr></thead>
<tbody>${t.decisions.map(
        (
          d,
        ) => h`<tr><th scope="row">${actor.role === 'caseworker' && d.buyer.organisationId !== actor.organisationId ? d.contractId : h`<a href="/kontrakter/${d.contractId}">${d.contractId}</a>`}</th>
<td>${d.buyer.name}</td><td>${kr(d.currentPrice.dailyTotalOre)}</td><td>${kr(d.newPrice.dailyTotalOre)}</td><td>${d.classification.increasePercent}</td>
<td>${CLASSIFICATION[d.classification.kind] ?? d.classification.kind}${d.classification.reportToAuthority ? ` – indberettes til ${d.authority}` : ''}</td>
<td>${DECISION_STATUS[d.status] ?? d.status}${d.buyerDecision?.comment ? ` (${d.buyerDecision.comment})` : ''}</td></tr>`,
      )}</tbody></table></div>
${
  t.justifications.length
    ? h`<h2>Leverandørens dokumentation</h2><ul>${t.justifications.map((j) => h`<li>${when(j.at)}: ${j.note ?? ''}${j.documentReference ? ` (bilag ${j.documentReference})` : ''}</li>`)}</ul>`
    : ''
}
${awaitingMine ? decisionForm(t, { ctx, errors, values }) : ''}
${actor.role === 'supplier' && t.status === 'awaiting_approval' ? justificationForm(t, { ctx, errors, values }) : ''}`,
      errors.length || problem ? 400 : 200,
    );
  };

  portal.get('/takstaendringer/:id', both, async (req, res) => {
    await changePage(req, res).catch((err: unknown) => unavailable(req, res, err));
  });

  /** A form on a tariff change: checked here, then sent; refused (400/409) → the reason in Danish. */
  const changeForm = (
    path: string,
    only: ReturnType<typeof requirePortalRole>,
    failed: string,
    read: (req: Request) => { values: Record<string, string>; errors: FieldError[] },
    run: (
      c: ContractsClient,
      token: string,
      id: string,
      v: Record<string, string>,
    ) => Promise<unknown>,
    done: (v: Record<string, string>) => string,
  ) =>
    portal.post(`/takstaendringer/:id/${path}`, only, ...forms, async (req, res) => {
      const id = param(req, 'id', CHANGE_ID);
      const { values, errors } = read(req);
      try {
        if (errors.length) return await changePage(req, res, errors, values);
        await run(client(), tokenIn(res), id, values);
        res.redirect(303, `/takstaendringer/${id}?besked=${done(values)}`);
      } catch (err) {
        if (err instanceof ProblemError && (err.status === 409 || err.status === 400))
          return changePage(req, res, [], values, alert('error', failed, danishReason(err))).catch(
            (e: unknown) => unavailable(req, res, e),
          );
        await unavailable(req, res, err);
      }
    });
  const optional = (v: Record<string, string>, ...keys: string[]) =>
    Object.fromEntries(keys.filter((k) => v[k]).map((k) => [k, v[k]!]));

  changeForm(
    'beslutning',
    caseworker,
    'Beslutningen kunne ikke registreres',
    (req) => {
      const values = {
        decision: field(req, 'decision'),
        comment: field(req, 'comment'),
        reference: field(req, 'reference'),
      };
      const errors: FieldError[] = [];
      if (values.decision !== 'approve' && values.decision !== 'reject')
        errors.push({ field: 'decision', message: 'Vælg om stigningen godkendes eller afvises' });
      if (values.reference && !/^[A-Za-z0-9_:./-]{1,100}$/.test(values.reference))
        errors.push({
          field: 'reference',
          message: 'Journalnummeret må kun have bogstaver, tal og _:./-',
        });
      if (values.decision === 'reject' && !values.comment)
        errors.push({ field: 'comment', message: 'Skriv, hvorfor stigningen afvises' });
      if (values.comment.length > 2000)
        errors.push({ field: 'comment', message: 'Bemærkningen må højst have 2.000 tegn' });
      return { values, errors };
    },
    (c, token, id, v) =>
      c.decide(token, id, {
        decision: v.decision as 'approve' | 'reject',
        ...optional(v, 'comment', 'reference'),
      }),
    (v) => (v.decision === 'approve' ? 'godkendt' : 'afvist'),
  );

  changeForm(
    'begrundelse',
    supplier,
    'Begrundelsen kunne ikke sendes',
    (req) => {
      const values = {
        note: field(req, 'note'),
        documentReference: field(req, 'documentReference'),
      };
      const errors: FieldError[] = [];
      if (!values.note && !values.documentReference)
        errors.push({ field: 'note', message: 'Skriv en begrundelse eller en bilagsreference' });
      if (values.note.length > 4000)
        errors.push({ field: 'note', message: 'Begrundelsen må højst have 4.000 tegn' });
      if (values.documentReference && !/^[A-Za-z0-9_:./-]{1,200}$/.test(values.documentReference))
        errors.push({
          field: 'documentReference',
          message: 'Bilagsreferencen må kun have bogstaver, tal og _:./-',
        });
      return { values, errors };
    },
    (c, token, id, v) => c.justify(token, id, optional(v, 'note', 'documentReference')),
    () => 'begrundelse',
  );
}

/** The contracts service explains refusals in English for developers; people get Danish. */
function danishReason(err: ProblemError): string {
  if (err.status === 409)
    return 'Kontrakten eller takstændringen er ændret i mellemtiden, eller skridtet passer ikke til dens status. Genindlæs siden og prøv igen.';
  return 'Oplysningerne blev ikke godtaget. Tjek felterne og prøv igen.';
}

function contractActions(
  c: ContractView,
  who: { isBuyer: boolean; isSupplier: boolean; ctx: PageContext },
): Html {
  const form = (path: string, label: string, extra: Html = raw('')) =>
    h`<form method="post" action="/kontrakter/${c.id}/${path}" class="mb-6">${csrfField(who.ctx)}<input type="hidden" name="version" value="${c.version}">${extra}<button type="submit" class="button button-primary">${label}</button></form>`;
  if (who.isBuyer && c.status === 'draft') return form('send', 'Send kontrakten til leverandøren');
  if (who.isSupplier && c.status === 'sent_to_supplier')
    return h`<p>Læs version ${c.version} (PDF nedenfor), før I accepterer.</p>${form('accepter', `Acceptér version ${c.version}`)}`;
  if (who.isBuyer && c.status === 'accepted_by_supplier')
    return form('underskriv', `Underskriv version ${c.version}`);
  if (who.isBuyer && c.status === 'signed_by_buyer')
    return form(
      'aktiver',
      'Aktivér kontrakten',
      textField({
        id: 'startedOn',
        label: 'Placeringen startede',
        type: 'date',
        hint: `Format: ÅÅÅÅ-MM-DD. Tom: kontraktens startdato (${day(c.startDate)}).`,
        width: 'm',
      }),
    );
  return raw('');
}

function decisionForm(
  t: TariffChangeView,
  opts: { ctx: PageContext; errors: FieldError[]; values: Record<string, string> },
): Html {
  return h`<h2>Kommunens beslutning</h2>
<p>Stigningen er større end P/L (${(t.policy.plRateBp / 100).toLocaleString('da-DK')} %) og gælder kun jeres kontrakter, hvis I godkender den.</p>
<form method="post" action="/takstaendringer/${t.id}/beslutning" novalidate>${csrfField(opts.ctx)}
${radioGroup({
  name: 'decision',
  legend: 'Godkender I stigningen?',
  options: [
    ['approve', 'Ja, stigningen godkendes'],
    ['reject', 'Nej, stigningen afvises (den hidtidige pris gælder)'],
  ],
  value: opts.values.decision,
  errors: opts.errors,
})}
${textField({ id: 'reference', label: 'Journalnummer', hint: 'Kommunens egen reference, fx 27.42.06-G01-1-26', value: opts.values.reference, errors: opts.errors, width: 'l' })}
${textArea({ id: 'comment', label: 'Bemærkning', hint: 'Påkrævet ved afvisning.', value: opts.values.comment, errors: opts.errors })}
<button type="submit" class="button button-primary">Registrér beslutningen</button></form>`;
}

function justificationForm(
  t: TariffChangeView,
  opts: { ctx: PageContext; errors: FieldError[]; values: Record<string, string> },
): Html {
  return h`<h2>Send begrundelse</h2>
<p>Kommunerne har bedt om en begrundelse for stigningen ud over P/L (frist ${day(t.justificationDeadline)}).</p>
<form method="post" action="/takstaendringer/${t.id}/begrundelse" novalidate>${csrfField(opts.ctx)}
${textArea({ id: 'note', label: 'Begrundelse', value: opts.values.note, errors: opts.errors, conditional: true })}
${textField({ id: 'documentReference', label: 'Bilagsreference', hint: 'Fx reference til takstberegningen', value: opts.values.documentReference, errors: opts.errors, width: 'l' })}
<button type="submit" class="button button-primary">Send begrundelsen</button></form>`;
}
