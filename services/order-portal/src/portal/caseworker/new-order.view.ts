import { COMPETENCES, MUNICIPALITIES, TARGET_GROUPS, municipalityTown } from '@rammeaftale/domain';
import {
  dateInput,
  errorSummary,
  selectField,
  textArea,
  textField,
  titleWithErrors,
} from '../kit/form';
import { h, raw, type Html } from '../kit/html';
import type { FieldError } from '../kit/form';
import { GENDERS, LEGAL_BASES } from '../kit/labels';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';

interface NewOrderForm extends FormPage {
  /** The case worker's own municipality: the paying one unless another is chosen. */
  ownMunicipalityCode: number;
}

function citizen({ values: v, errors }: NewOrderForm): Html {
  return h`<fieldset class="mb-6"><legend class="h2">1. Borgeren</legend>
${textField({ id: 'reference', label: 'Borgerens reference', hint: 'Et pseudonym eller sagsnummer – aldrig navn eller CPR-nummer. Leverandører ser det ikke.', value: v.reference, errors, required: true, width: 'l' })}
${textField({ id: 'age', label: 'Alder', hint: 'I hele år.', value: v.age, errors, required: true, width: 'xs', inputmode: 'numeric' })}
${selectField({ id: 'gender', label: 'Køn', options: Object.entries(GENDERS), value: v.gender, errors, placeholder: 'Ikke oplyst' })}
${textField({ id: 'cpr', label: 'CPR-nummer', hint: 'Gemmes krypteret og vises aldrig for leverandører. Format: DDMMÅÅ-XXXX.', value: '', errors, width: 'm', autocomplete: 'off' })}
</fieldset>`;
}

function need({ values: v, errors, ownMunicipalityCode }: NewOrderForm): Html {
  return h`<fieldset class="mb-6"><legend class="h2">2. Behovet</legend>
${selectField({ id: 'targetGroup', label: 'Målgruppe', options: TARGET_GROUPS.map((g) => [g.slug, g.label]), value: v.targetGroup, errors, required: true, placeholder: 'Vælg målgruppe' })}
${selectField({ id: 'legalBasis', label: 'Lovgrundlag', options: LEGAL_BASES.map((l) => [l, l]), value: v.legalBasis, errors, required: true, placeholder: 'Vælg lovgrundlag' })}
${dateInput({ id: 'wantedStart', label: 'Ønsket startdato', value: v.wantedStart, errors, required: true })}
${textField({ id: 'expectedDurationMonths', label: 'Forventet varighed i måneder', value: v.expectedDurationMonths, errors, width: 'xs', inputmode: 'numeric' })}
${textArea({ id: 'needs', label: 'Borgerens behov', hint: 'Beskriv den hjælp, borgeren har brug for. Leverandører ser teksten i den anonymiserede profil.', value: v.needs, errors, required: true })}
${textArea({ id: 'specialRequirements', label: 'Særlige krav', value: v.specialRequirements, errors })}
${competenceBoxes({ name: 'wishedCompetences', legend: 'Ønskede kompetencer', hint: 'Tilbud, der har flere af dem, vises først – før både afstand, kvalitet og pris.', value: v.wishedCompetences, errors })}
<details class="details"${v.requiredCompetences || errors.some((e) => e.field === 'requiredCompetences') ? h` open` : ''}><summary class="details-summary">Krævede kompetencer (kun ufravigelige krav)</summary><div class="details-text">
${competenceBoxes({ name: 'requiredCompetences', legend: 'Krævede kompetencer', hint: 'Tilbud uden alle de valgte vises ikke. Vælg kun det, der er et ufravigeligt krav.', value: v.requiredCompetences, errors })}
</div></details>
${selectField({ id: 'homeMunicipalityCode', label: 'Borgeren skal bo i', hint: 'Afstanden til tilbuddene måles fra kommunens hovedby. Standard: din egen kommune.', options: MUNICIPALITIES.map((m) => [String(m.code), `${m.name} Kommune (${municipalityTown(m.code)?.town ?? m.name})`]), value: v.homeMunicipalityCode || String(ownMunicipalityCode), errors, required: true })}
${selectField({ id: 'payingMunicipalityCode', label: 'Betalende kommune', options: MUNICIPALITIES.map((m) => [String(m.code), `${m.name} Kommune`]), value: v.payingMunicipalityCode || String(ownMunicipalityCode), errors, required: true })}
</fieldset>`;
}

/**
 * The controlled vocabulary of competences as a group of checkboxes; the first box carries the
 * group's id, so the error summary's link lands on it.
 */
function competenceBoxes(opts: {
  name: string;
  legend: string;
  hint: string;
  value?: string;
  errors: FieldError[];
}): Html {
  const chosen = new Set((opts.value ?? '').split(',').filter(Boolean));
  const err = opts.errors.find((e) => e.field === opts.name);
  const idOf = (slug: string, i: number) => (i === 0 ? opts.name : `${opts.name}-${slug}`);
  const described = [`${opts.name}-hint`, err ? `${opts.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return h`<div class="form-group${err ? ' form-error' : ''}"><fieldset aria-describedby="${described}">
<legend class="form-label">${opts.legend} (valgfri)</legend>
<span class="form-hint" id="${opts.name}-hint">${opts.hint}</span>
${err ? h`<span class="form-error-message" id="${opts.name}-error"><span class="sr-only">Fejl: </span>${err.message}</span>` : raw('')}
<ul class="nobullet-list">${COMPETENCES.map(
    (c, i) =>
      h`<li class="form-group-checkbox"><input type="checkbox" class="form-checkbox" id="${idOf(c.slug, i)}" name="${opts.name}" value="${c.slug}"${chosen.has(c.slug) ? raw(' checked') : raw('')}><label for="${idOf(c.slug, i)}">${c.label}</label></li>`,
  )}</ul>
</fieldset></div>`;
}

function goals({ values: v, errors }: NewOrderForm): Html {
  return h`<fieldset class="mb-6"><legend class="h2">3. Mål for borgerens progression</legend>
${textField({ id: 'goal1', label: 'Mål 1', value: v.goal1, errors, required: true, width: 'xl' })}
${textField({ id: 'followUp1', label: 'Opfølgning på mål 1', hint: 'Hvordan og hvornår der følges op.', value: v.followUp1, errors, required: true, width: 'xl' })}
${textField({ id: 'goal2', label: 'Mål 2', value: v.goal2, errors, width: 'xl' })}
${textField({ id: 'followUp2', label: 'Opfølgning på mål 2', value: v.followUp2, errors, width: 'xl' })}
</fieldset>`;
}

/** "Ny bestilling": the form, empty or as typed with the errors of a failed post. */
export function newOrderView(form: NewOrderForm): Page {
  return {
    title: titleWithErrors('Ny bestilling', form.errors.length > 0),
    menu: '/bestillinger/ny',
    status: form.errors.length || form.problem ? 400 : 200,
    main: h`<h1>Ny bestilling</h1>
<p class="font-lead">Bestil en plads til en borger. Oplysningerne bruges til at søge egnede tilbud – offentlige tilbud med ledig plads vises altid før private.</p>
${form.problem ?? ''}${errorSummary(form.errors)}
<form method="post" action="/bestillinger" novalidate>
${csrfField(form)}
${citizen(form)}${need(form)}${goals(form)}
<button type="submit" class="button button-primary">Opret bestilling</button>
</form>`,
  };
}
