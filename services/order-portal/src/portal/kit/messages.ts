/**
 * The one table of Danish messages for the portal's forms. A field's message is chosen by the
 * code of the issue the API schema (or the use case) reported for it — `too_small`, `too_big`,
 * `invalid_format`, `invalid_type`, `invalid_value`, a rule's own code (`looks_like_cpr`,
 * `FREE_EXCEEDS_PLACES`) or `refused` for a use case's issue without a code — with `default` for
 * any other. A refusal of the whole form (a conflict, a broken rule) is explained by `alerts`,
 * by the refusal's code first, then by its kind.
 */

export interface FieldMessages {
  default: string;
  [code: string]: string;
}
export interface AlertText {
  heading: string;
  text?: string;
}
export interface FormMessages {
  fields: Record<string, FieldMessages>;
  alerts?: Partial<Record<'conflict' | 'rule' | 'invalid' | 'not_found', AlertText>> &
    Record<string, AlertText | undefined>;
}

import { AMENDMENT_FORMS } from './amendment-messages';

const ORDER_CHANGED: AlertText = {
  heading:
    'Handlingen passer ikke til bestillingens nuværende status, eller bestillingen er ændret i mellemtiden. Genindlæs siden og prøv igen.',
};
const ORDER_ALERTS = { conflict: ORDER_CHANGED, ILLEGAL_TRANSITION: ORDER_CHANGED };
const CONTRACT_CHANGED =
  'Kontrakten eller takstændringen er ændret i mellemtiden, eller skridtet passer ikke til dens status. Genindlæs siden og prøv igen.';
const NOT_ACCEPTED = 'Oplysningerne blev ikke godtaget. Tjek felterne og prøv igen.';
/** The alerts of a contract form: its heading, with why (changed meanwhile, or not accepted). */
const contractAlerts = (heading: string) => ({
  conflict: { heading, text: CONTRACT_CHANGED },
  rule: { heading, text: NOT_ACCEPTED },
  invalid: { heading, text: NOT_ACCEPTED },
});
const maxChars = (what: string, n: string) => `${what} må højst være ${n} tegn`;
const count = (what: string, max: string): FieldMessages => ({
  default: `Skriv antallet af ${what} som et helt tal på 0 eller derover`,
  too_big: `Skriv antallet af ${what} som et helt tal på højst ${max}`,
});
const goal = (n: number): FieldMessages => ({
  default: `Udfyld både mål ${n} og opfølgningen, eller ingen af dem`,
  too_big: maxChars('Teksten', '1.000'),
});
const competences: FieldMessages = {
  default: 'Vælg kompetencerne på listen',
};

export const FORMS = {
  order: {
    fields: {
      reference: {
        default: 'Skriv borgerens reference (2–64 tegn)',
        invalid_format: 'Referencen må kun indeholde bogstaver, tal, mellemrum og . _ -',
        looks_like_cpr: 'Referencen må ikke være et CPR-nummer: brug et pseudonym eller sagsnummer',
      },
      age: { default: 'Skriv borgerens alder som et helt tal' },
      gender: { default: 'Vælg køn, eller vælg “Ikke oplyst”' },
      cpr: {
        default: 'CPR-nummeret skal have formen DDMMÅÅ-XXXX',
        invalid_cpr: 'CPR-nummeret kan ikke bruges: tjek dato og format',
        cpr_not_configured:
          'CPR-numre kan ikke gemmes lige nu (portalen mangler sin krypteringsnøgle). Udelad CPR-nummeret, eller kontakt driften.',
      },
      targetGroup: { default: 'Vælg en målgruppe' },
      legalBasis: { default: 'Vælg et lovgrundlag' },
      wantedStart: { default: 'Skriv den ønskede startdato som dd.mm.åååå' },
      expectedDurationMonths: {
        default: 'Skriv varigheden som et helt antal måneder (1–600)',
      },
      needs: { default: 'Beskriv borgerens behov', too_big: maxChars('Beskrivelsen', '5.000') },
      specialRequirements: { default: maxChars('De særlige krav', '5.000') },
      requiredCompetences: competences,
      wishedCompetences: competences,
      payingMunicipalityCode: { default: 'Vælg en af de 17 kommuner' },
      homeMunicipalityCode: { default: 'Vælg den kommune, borgeren skal bo i (en af de 17)' },
      goal1: { default: 'Skriv mindst ét mål', too_big: maxChars('Målet', '1.000') },
      followUp1: {
        default: 'Skriv hvordan der følges op på målet',
        too_big: maxChars('Opfølgningen', '1.000'),
      },
      goal2: goal(2),
      followUp2: goal(2),
    },
    alerts: ORDER_ALERTS,
  },
  requests: {
    fields: {
      offerIds: {
        default: 'Markér mindst ét tilbud, eller send til alle egnede',
        refused:
          'Et af de markerede tilbud er ikke længere egnet eller har ikke ledig plads. Søg igen.',
      },
      deadlineHours: { default: 'Skriv svarfristen som et helt antal timer (1–336)' },
    },
    alerts: ORDER_ALERTS,
  },
  selection: {
    fields: {
      requestId: { default: 'Vælg det tilbud, du vil bruge' },
      privateReasonCode: {
        default: 'Vælg en begrundelse: et egnet offentligt tilbud har ledig plads',
      },
      privateReasonText: {
        default: 'Uddyb begrundelsen for at vælge et privat tilbud (mindst 10 tegn)',
      },
    },
    alerts: ORDER_ALERTS,
  },
  cancel: {
    fields: {
      cancelReason: {
        default: 'Skriv årsagen til annulleringen',
        too_big: maxChars('Årsagen', '2.000'),
      },
    },
    alerts: ORDER_ALERTS,
  },
  placementStart: {
    fields: {
      startedOn: {
        default: 'Skriv startdatoen som dd.mm.åååå',
        in_future: 'Startdatoen kan ikke ligge efter i dag',
      },
    },
    alerts: ORDER_ALERTS,
  },
  placementEnd: {
    fields: {
      endedOn: {
        default: 'Skriv anbringelsens sidste dag som dd.mm.åååå',
        in_future: 'Den sidste dag kan ikke ligge efter i dag',
        before_start: 'Den sidste dag kan ikke ligge før anbringelsens start',
      },
      endReason: {
        default: 'Skriv årsagen til, at anbringelsen ophører',
        too_big: maxChars('Årsagen', '2.000'),
      },
    },
    alerts: ORDER_ALERTS,
  },
  followUp: {
    fields: {
      heldOn: {
        default: 'Skriv mødets dato som dd.mm.åååå',
        in_future: 'Mødet kan ikke ligge efter i dag',
        before_start: 'Mødet kan ikke ligge før anbringelsens start',
      },
      // One status select per goal and theme, by its place in the form.
      ...Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [
          `status-${i + 1}`,
          { default: 'Vælg en status for målet' },
        ]),
      ),
      notes: { default: 'Skriv noter fra mødet', too_big: maxChars('Noterne', '5.000') },
      nextDueOn: {
        default: 'Skriv datoen for næste opfølgning som dd.mm.åååå',
        not_after_meeting: 'Næste opfølgning skal ligge efter mødet',
      },
    },
    alerts: {
      ...ORDER_ALERTS,
      FOLLOW_UP_NOT_ACTIVE: {
        heading: 'Opfølgning registreres, mens anbringelsen er i gang.',
        text: 'Registrér først anbringelsens start på bestillingen.',
      },
    },
  },
  supplierReport: {
    fields: {
      report: { default: 'Skriv jeres rapport', too_big: maxChars('Rapporten', '5.000') },
    },
    alerts: {
      conflict: { heading: 'Rapporten kunne ikke gemmes. Genindlæs siden og prøv igen.' },
      REPORT_GIVEN: { heading: 'I har allerede givet jeres rapport til dette møde.' },
    },
  },
  sharedCheck: {
    fields: {
      outcome: { default: 'Vælg resultatet af tjekket' },
      note: { default: maxChars('Noten', '2.000') },
    },
    alerts: {
      ...ORDER_ALERTS,
      SHARED_OFFER_CHECK_REQUIRED: { heading: 'Registrér først tjekket for fælles tilbud.' },
    },
  },
  answer: {
    fields: {
      kind: { default: 'Vælg om I tilbyder en plads eller afviser' },
      dailyPrice: { default: 'Skriv døgnprisen i kroner, fx 2.345,50' },
      possibleStart: { default: 'Skriv startdatoen som dd.mm.åååå' },
      conditions: { default: maxChars('Betingelserne', '2.000') },
      declineReason: {
        default: 'Skriv en begrundelse for afslaget',
        too_big: maxChars('Begrundelsen', '2.000'),
      },
    },
    alerts: {
      conflict: {
        heading: 'Forespørgslen kan ikke længere besvares.',
        text: 'Fristen er udløbet, eller kommunen har lukket den.',
      },
    },
  },
  capacity: {
    fields: {
      placesInOperation: count('pladser i drift', '10.000'),
      occupied: {
        ...count('optagne pladser', '10.000'),
        OCCUPIED_AND_FREE_EXCEED_PLACES:
          'Optagne pladser og ledige pladser kan tilsammen ikke være flere end pladser i drift',
      },
      free: {
        ...count('ledige pladser', '10.000'),
        FREE_EXCEEDS_PLACES: 'Der kan ikke være flere ledige pladser end pladser i drift',
        OCCUPIED_AND_FREE_EXCEED_PLACES:
          'Optagne pladser og ledige pladser kan tilsammen ikke være flere end pladser i drift',
      },
      waitingList: count('pladser på ventelisten', '100.000'),
    },
    alerts: {
      conflict: { heading: 'Tilbuddet blev ændret samtidig. Prøv igen.' },
      // The operator's ±20 % of the approved places (framework agreement; API code of the rule).
      'places-beyond-adjustment': {
        heading: 'Pladser i drift må højst afvige 20 % fra det godkendte antal pladser',
        text: 'Tilbuddets godkendte antal pladser og det tilladte spænd står ved feltet. En større ændring er en væsentlig ændring, som socialtilsynet skal godkende først.',
      },
    },
  },
  announce: {
    fields: {
      offerId: { default: 'Vælg tilbuddet' },
      effectiveFrom: { default: 'Skriv datoen som dd.mm.åååå' },
      dailyBasisTariff: { default: 'Skriv grundtaksten i kroner, fx 2.345,50' },
      reason: { default: 'Skriv en begrundelse (højst 2.000 tegn)' },
    },
    alerts: {
      not_found: {
        heading: 'Takstændringen kunne ikke varsles',
        text: 'Tilbuddet har ingen aktive kontrakter med jer som leverandør.',
      },
      conflict: {
        heading: 'Takstændringen kunne ikke varsles',
        text: 'Der er allerede varslet en takst for tilbuddet fra den dato, som afventer kommunerne.',
      },
      // A running contract already has a price from a later day (API code of the rule, issue 15).
      'later-price-in-force': {
        heading: 'Takstændringen kunne ikke varsles',
        text: 'Mindst én kontrakt på tilbuddet har allerede en takst, der gælder fra en senere dato. En ændring fra en tidligere dato ville ændre en takst, som ingen kommune er blevet spurgt om. Varsl ændringen fra en dato efter den senere takst.',
      },
      rule: { heading: 'Takstændringen kunne ikke varsles', text: NOT_ACCEPTED },
      invalid: { heading: 'Takstændringen kunne ikke varsles', text: NOT_ACCEPTED },
    },
  },
  decision: {
    fields: {
      decision: { default: 'Vælg om stigningen godkendes eller afvises' },
      reference: { default: 'Journalnummeret må kun have bogstaver, tal og _:./- (højst 100)' },
      comment: {
        default: 'Skriv, hvorfor stigningen afvises',
        too_big: 'Bemærkningen må højst have 2.000 tegn',
      },
    },
    alerts: contractAlerts('Beslutningen kunne ikke registreres'),
  },
  justification: {
    fields: {
      note: {
        default: 'Skriv en begrundelse eller en bilagsreference',
        too_big: 'Begrundelsen må højst have 4.000 tegn',
      },
      documentReference: {
        default: 'Bilagsreferencen må kun have bogstaver, tal og _:./- (højst 200)',
      },
    },
    alerts: contractAlerts('Begrundelsen kunne ikke sendes'),
  },
  contractEnding: {
    fields: {
      withdrawReason: {
        default: 'Skriv, hvorfor kontrakten trækkes tilbage',
        too_big: maxChars('Begrundelsen', '2.000'),
      },
      rejectReason: {
        default: 'Skriv, hvorfor I afviser kontrakten',
        too_big: maxChars('Begrundelsen', '2.000'),
      },
      noticeGivenOn: { default: 'Skriv datoen for opsigelsen som dd.mm.åååå' },
      terminationReason: {
        default: 'Skriv begrundelsen for opsigelsen',
        too_big: maxChars('Begrundelsen', '2.000'),
      },
      effectiveOn: {
        default: 'Skriv datoen som dd.mm.åååå, eller lad feltet stå tomt for i dag',
        refused: 'Datoen kan ikke ligge efter i dag eller før kontraktens start',
      },
      rescissionReason: {
        default: 'Skriv begrundelsen for ophævelsen',
        too_big: maxChars('Begrundelsen', '2.000'),
      },
    },
    alerts: {
      ...contractAlerts('Kontrakten kunne ikke afsluttes'),
      'invalid-rescission-date': {
        heading: 'Kontrakten kunne ikke ophæves',
        text: 'Datoen kan ikke ligge efter i dag (en senere ophørsdato er en opsigelse) eller før kontraktens start.',
      },
    },
  },
  contractStep: {
    fields: {
      startedOn: { default: 'Skriv startdatoen som dd.mm.åååå' },
    },
    alerts: contractAlerts('Det kunne ikke gennemføres'),
  },
  ...AMENDMENT_FORMS,
  policyValues: {
    fields: {
      year: { default: 'Skriv året med fire cifre, fx 2027' },
      effectiveFrom: {
        default: 'Skriv datoen, satserne gælder fra, som dd.mm.åååå',
        YEAR_MISMATCH: 'Datoen skal ligge i det år, satserne er for',
      },
      plRate: { default: 'Skriv P/L-satsen i procent med højst to decimaler, fx 4 eller 3,75' },
      privateReportThreshold: {
        default: 'Skriv grænsen for private tilbud i procent med højst to decimaler, fx 5',
      },
      publicReportThreshold: {
        default: 'Skriv grænsen for offentlige tilbud i procent med højst to decimaler, fx 8',
      },
    },
    alerts: {
      conflict: {
        heading: 'Der findes allerede satser, der gælder fra den dato',
        text: 'Satser ændres aldrig, når de er registreret: afgørelser har brugt dem. Registrér en rettelse som et nyt sæt med en senere dato.',
      },
    },
  },
  campaign: {
    fields: {
      year: { default: 'Vælg det år, hvis satser brevet skal nævne' },
      targetGroup: { default: 'Vælg en målgruppe fra listen, eller lad feltet stå tomt' },
      operatorKind: { default: 'Vælg en driftsform fra listen, eller lad feltet stå tomt' },
      municipalityCode: { default: 'Vælg en kommune fra listen, eller lad feltet stå tomt' },
    },
    alerts: {
      no_recipients: {
        heading: 'Ingen leverandører at sende til',
        text: 'Ingen leverandør med en e-mailadresse i registret passer til udvælgelsen. Vælg en bredere udvælgelse.',
      },
      not_found: {
        heading: 'Året har ingen satser',
        text: 'Registrér årets P/L-sats og indberetningsgrænser først.',
      },
      invalid: { heading: 'Kampagnen kunne ikke startes', text: NOT_ACCEPTED },
    },
  },
  csvImport: {
    fields: {
      kind: { default: 'Vælg, hvad filen indeholder' },
      file: {
        default: 'Vælg en CSV-fil',
        too_big: 'Filen er for stor',
        not_csv: 'Filen skal være en CSV-fil (.csv)',
      },
    },
  },
  /** The period of the oversight pages' filters (tariff changes, reports, meeting pack). */
  oversightPeriod: {
    fields: {
      fra: { default: 'Skriv fra-datoen som dd.mm.åååå, fx 01.07.2026' },
      til: {
        default: 'Skriv til-datoen som dd.mm.åååå, fx 31.12.2026',
        period_reversed: 'Til-datoen skal være samme dag som fra-datoen eller senere',
      },
    },
  },
} satisfies Record<string, FormMessages>;

export type FormName = keyof typeof FORMS;

/** The alert for a refusal of a whole form, when its form has none of its own. */
export const DEFAULT_ALERT: AlertText = { heading: 'Handlingen kunne ikke gennemføres.' };
