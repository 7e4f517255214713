import type { listPolicyValues } from '../../offers/policy-values.use-case';
import { dateField, day, percentFromBp, when } from '../kit/format';
import { errorSummary, textField, titleWithErrors, dateInput } from '../kit/form';
import { h, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table, tableOr } from '../kit/tables';

type PolicySet = Awaited<ReturnType<typeof listPolicyValues>>['items'][number];

/** Per year, the tariff changes and decisions that used its values (the contracts service's). */
export type PolicyUsage = Map<number, { changes: number; decisions: number }>;

export interface PolicyValuesPage extends FormPage {
  items: PolicySet[];
  /** Undefined when the contracts service cannot say now. */
  usage?: PolicyUsage;
  now: Date;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "12 afgørelser (3 takstændringer)", "Ingen endnu", or that it cannot be said now. */
function usedBy(year: number, usage: PolicyUsage | undefined): string {
  if (!usage) return 'Kan ikke oplyses lige nu';
  const u = usage.get(year);
  if (!u?.changes) return 'Ingen endnu';
  return `${count(u.decisions, 'afgørelse', 'afgørelser')} (${count(u.changes, 'takstændring', 'takstændringer')})`;
}

/** Why no set can be changed once it is registered, said once on the page. */
const LOCKED =
  'Satserne kan ikke ændres, når de er registreret: hver afgørelse om en takststigning gemmer en kopi af de satser, den brugte, og historikken skal kunne læses. En rettelse registreres som et nyt sæt for året med en senere dato; det gælder fra den dato.';

function row(p: PolicySet, inForce: string | undefined, usage: PolicyUsage | undefined): Html {
  return h`<tr><th scope="row">${p.year}</th><td>${day(p.effectiveFrom)}${p.effectiveFrom === inForce ? h` <span class="badge badge-success">Gælder nu</span>` : ''}</td><td>${percentFromBp(p.plRateBp)}</td><td>${percentFromBp(p.privateReportThresholdBp)}</td><td>${percentFromBp(p.publicReportThresholdBp)}</td><td>${when(p.createdAt)}</td><td>${usedBy(p.year, usage)}</td><td>Låst<span class="sr-only">: kan ikke ændres</span></td></tr>`;
}

/** The set in force today: the latest effective date on or before today. */
const inForceOn = (items: PolicySet[], now: Date) =>
  items
    .map((p) => p.effectiveFrom)
    .filter((d) => d <= now.toISOString().slice(0, 10))
    .sort()
    .at(-1);

/** Every year's P/L and thresholds (newest first) and the form for a new set. */
export function policyValuesView(p: PolicyValuesPage): Page {
  const items = [...p.items].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  const inForce = inForceOn(items, p.now);
  const v = (k: string, fallback = '') => p.values[k] ?? fallback;
  const nextYear = String((items[0]?.year ?? p.now.getUTCFullYear()) + 1);
  return {
    title: titleWithErrors('P/L og indberetningsgrænser', p.errors.length > 0),
    menu: '/sekretariat/satser',
    status: p.errors.length || p.problem ? 400 : 200,
    main: h`<h1>P/L og indberetningsgrænser</h1>
${p.notice}
<p class="font-lead">P/L-satsen afgør, hvornår en takststigning skal godkendes af den købende kommune; grænserne afgør, hvornår den indberettes til Socialtilsyn Øst.</p>
${tableOr(
  items.map((x) => row(x, inForce, p.usage)),
  'Der er ikke registreret satser endnu.',
  () =>
    table({
      caption: 'Satser pr. år, nyeste først',
      head: [
        'År',
        'Gælder fra',
        'P/L',
        'Grænse, private tilbud',
        'Grænse, offentlige tilbud',
        'Registreret',
        'Brugt af',
        'Kan ændres',
      ],
      rows: items.map((x) => row(x, inForce, p.usage)),
    }),
)}
<p>${LOCKED}</p>
<p>"Brugt af" er de afgørelser om takststigninger (én pr. løbende kontrakt), der er målt mod årets satser.</p>
<h2>Registrér satser for et år</h2>
${p.problem ?? ''}${errorSummary(p.errors)}
<form method="post" action="/sekretariat/satser" novalidate>${csrfField(p)}
${textField({ id: 'year', label: 'År', value: v('year', nextYear), errors: p.errors, required: true, width: 'xs', inputmode: 'numeric' })}
${dateInput({ id: 'effectiveFrom', label: 'Gælder fra', value: v('effectiveFrom', dateField(`${nextYear}-01-01`)), errors: p.errors, required: true })}
${textField({ id: 'plRate', label: 'P/L-sats (%)', hint: 'Fx 4 eller 3,75.', value: v('plRate'), errors: p.errors, required: true, width: 'xs', inputmode: 'decimal' })}
${textField({ id: 'privateReportThreshold', label: 'Indberetningsgrænse for private tilbud (%)', hint: 'Stigninger over grænsen indberettes. Fx 5.', value: v('privateReportThreshold'), errors: p.errors, required: true, width: 'xs', inputmode: 'decimal' })}
${textField({ id: 'publicReportThreshold', label: 'Indberetningsgrænse for kommunale og regionale tilbud (%)', hint: 'Fx 8.', value: v('publicReportThreshold'), errors: p.errors, required: true, width: 'xs', inputmode: 'decimal' })}
<button type="submit" class="button button-primary">Registrér satserne</button></form>`,
  };
}
