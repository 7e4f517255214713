import { DEFAULT_ACCESS_LOG_RETENTION_DAYS } from '@rammeaftale/privacy';
import { DEFAULT_ORDER_RETENTION_DAYS } from '../../orders/retention/order-retention.rules';
import { h } from '../kit/html';
import type { Page } from '../kit/page';

/**
 * The privacy notice: what the portal processes about citizens and staff, why, for how long and
 * whom to ask. It says what the code does (src/orders, packages/privacy): the CPR vault, the
 * access log and its retention, the anonymised profile suppliers see, request deadlines.
 */
const CONTROLLER = h`<h2>Hvem er ansvarlig</h2>
<p>Den kommune, der bestiller en plads til en borger, er dataansvarlig for oplysningerne om borgeren i bestillingen. Portalen drives af sekretariatet for Rammeaftale Sjælland i Greve Kommune for de 17 kommuner og Region Sjælland.</p>`;

const WHAT = h`<h2>Hvilke oplysninger der behandles</h2>
<ul>
<li><strong>Om borgeren:</strong> en reference (et pseudonym eller sagsnummer – aldrig navn), alder, køn hvis det er oplyst, CPR-nummer hvis sagsbehandleren skriver det, målgruppe, lovgrundlag, ønsket start, behov, særlige krav, mål og opfølgning, leverandørernes svar og det valgte tilbud med en eventuel begrundelse.</li>
<li><strong>Om medarbejdere:</strong> navn, brugernavn, rolle og organisation fra log ind, og hvem der har set eller ændret hvad (adgangsloggen og bestillingens historik).</li>
</ul>`;

const WHY = h`<h2>Hvorfor</h2>
<p>Oplysningerne bruges til at finde og bestille en plads, der passer til borgerens behov efter serviceloven, i den rækkefølge rammeaftalen kræver: egnethed først, og offentlige tilbud med ledig plads før private. Valget og en eventuel begrundelse for et privat tilbud gemmes, så kommunen kan dokumentere det, og så kommunerne kan følge op i rapporter.</p>
<p>Behandlingen sker som led i kommunens myndighedsudøvelse (databeskyttelsesforordningens artikel 6, stk. 1, litra e, og artikel 9, stk. 2, litra b og h). CPR-nummeret bruges kun til entydig identifikation (databeskyttelseslovens § 11).</p>`;

const WHO_SEES = h`<h2>Hvem ser hvad</h2>
<ul>
<li>Sagsbehandlere i den kommune, der bestiller eller betaler, ser hele bestillingen. CPR-nummeret vises ikke igen, når det er gemt.</li>
<li>Leverandører ser kun en anonymiseret profil (alder, køn, målgruppe, lovgrundlag, behov, mål) for de forespørgsler, de selv har fået – ikke borgerens reference, navn eller CPR-nummer.</li>
<li>Andre kommuner ser ved tjekket for fælles tilbud kun kommune, målgruppe, lovgrundlag, ønsket start og en aldersgruppe.</li>
<li>Sekretariatet ser rapporter med antal og begrundelser for private valg, ikke borgernes referencer.</li>
</ul>`;

const SECURITY = h`<h2>Sikkerhed</h2>
<p>CPR-numre gemmes kun krypteret (AES-256-GCM) og fjernes fra portalens tekniske logfiler. Hver gang nogen læser eller ændrer oplysninger om en borger, skrives det først i adgangsloggen: hvem, hvorfor, hvad og hvornår. Kan det ikke skrives, vises oplysningerne ikke. Portalen bruger kun de cookies, log ind kræver (en session på højst 8 timer), og ingen cookies til statistik eller markedsføring.</p>`;

function howLong(opts: {
  accessLogRetentionDays: number;
  orderRetentionDays: number;
  requestDeadlineHours: number;
}) {
  const years = Math.round(opts.orderRetentionDays / 365.25);
  return h`<h2>Hvor længe</h2>
<ul>
<li>Adgangsloggen gemmes i ${opts.accessLogRetentionDays} dage og slettes derefter automatisk.</li>
<li>En forespørgsel, som leverandøren ikke har besvaret inden svarfristen (som standard ${opts.requestDeadlineHours} timer), udløber og kan ikke længere besvares.</li>
<li>En bestilling, der er afsluttet (fra anbringelsens sidste dag), annulleret eller udløbet, gemmes med borgerens oplysninger i ${opts.orderRetentionDays} dage (omkring ${years} år). Derefter anonymiseres den automatisk: CPR-nummer, reference, køn, behov, mål og andre beskrivelser af borgeren slettes, og kun det, der bruges til statistik og markedsdata, bliver (målgruppe, lovgrundlag, datoer, tilbud og pris, aldersgruppe). Hver anonymisering skrives i adgangsloggen.</li>
<li>Kommunens egen sag om borgeren opbevares og slettes efter kommunens regler for journalisering og sletning.</li>
</ul>`;
}

const RIGHTS = h`<h2>Dine rettigheder, og hvem du kan spørge</h2>
<p>Du har ret til at få indsigt i de oplysninger, der behandles om dig, og til at få forkerte oplysninger rettet. Kommunen kan også lave et udtræk af, hvem der har set oplysningerne om dig. Kontakt den kommune, der har din sag, eller kommunens databeskyttelsesrådgiver. Spørgsmål om selve portalen kan stilles til sekretariatet for Rammeaftale Sjælland i Greve Kommune.</p>
<p>Du kan klage til Datatilsynet over, hvordan dine oplysninger behandles.</p>`;

export const privacyNotice = (opts: {
  accessLogRetentionDays?: number;
  orderRetentionDays?: number;
  requestDeadlineHours: number;
}): Page => ({
  title: 'Behandling af personoplysninger',
  main: h`<h1>Behandling af personoplysninger</h1>
<p class="font-lead">Her kan du læse, hvilke oplysninger Bestillingsportalen behandler om borgere og medarbejdere, hvorfor, hvor længe og hvem du kan spørge.</p>
${CONTROLLER}${WHAT}${WHY}${WHO_SEES}${SECURITY}${howLong({
    accessLogRetentionDays: opts.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS,
    orderRetentionDays: opts.orderRetentionDays ?? DEFAULT_ORDER_RETENTION_DAYS,
    requestDeadlineHours: opts.requestDeadlineHours,
  })}${RIGHTS}`,
});
