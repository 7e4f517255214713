import { MUNICIPALITIES, TARGET_GROUPS } from '@rammeaftale/domain';
import {
  dateInput,
  errorSummary,
  selectField,
  textArea,
  textField,
  titleWithErrors,
} from '../kit/form';
import { h, type Html } from '../kit/html';
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
${textField({ id: 'requiredCompetences', label: 'Krævede kompetencer', hint: 'Adskil med komma. Tilbud uden dem vises ikke.', value: v.requiredCompetences, errors, width: 'xl' })}
${textField({ id: 'wishedCompetences', label: 'Ønskede kompetencer', hint: 'Adskil med komma. Giver højere score.', value: v.wishedCompetences, errors, width: 'xl' })}
${selectField({ id: 'payingMunicipalityCode', label: 'Betalende kommune', options: MUNICIPALITIES.map((m) => [String(m.code), `${m.name} Kommune`]), value: v.payingMunicipalityCode || String(ownMunicipalityCode), errors, required: true })}
</fieldset>`;
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
