/**
 * The Danish messages of the amendment forms on the contract page (a part of kit/messages.ts's one
 * table, kept apart for its size): proposing an amendment, and the other party's answer.
 */
const CHANGED =
  'Kontrakten er ændret i mellemtiden, eller forslaget passer ikke til dens status. Genindlæs siden og prøv igen.';
const NOT_ACCEPTED = 'Oplysningerne blev ikke godtaget. Tjek felterne og prøv igen.';
const alertsOf = (heading: string) => ({
  conflict: { heading, text: CHANGED },
  rule: { heading, text: NOT_ACCEPTED },
  invalid: { heading, text: NOT_ACCEPTED },
});

export const AMENDMENT_FORMS = {
  amendmentProposal: {
    fields: {
      proposalEffectiveFrom: { default: 'Skriv datoen, ændringen gælder fra, som dd.mm.åååå' },
      proposalReason: {
        default: 'Skriv, hvorfor I foreslår ændringen',
        too_big: 'Begrundelsen må højst være 2.000 tegn',
      },
      proposalServices: {
        default:
          'Skriv én ydelse pr. linje med lovgrundlaget i parentes, fx Vågen nattevagt (SEL § 108)',
        no_change: 'Foreslå mindst én ændring: ydelserne, grundtaksten eller slutdatoen',
        too_big: 'Skriv højst 20 ydelser',
      },
      proposalDailyBasisTariff: {
        default: 'Skriv den nye grundtakst pr. døgn i kroner, fx 2.345,50',
      },
      proposalEndDate: { default: 'Skriv slutdatoen som dd.mm.åååå' },
    },
    alerts: {
      ...alertsOf('Forslaget kunne ikke sendes'),
      'proposal-pending': {
        heading: 'Forslaget kunne ikke sendes',
        text: 'Der venter allerede et forslag til tillæg på svar. Det skal besvares, før der kan stilles et nyt.',
      },
      'invalid-amendment-proposal': {
        heading: 'Forslaget kunne ikke sendes',
        text: 'Ændringen kan ikke gælde før kontraktens start eller før den takst, der gælder nu, og slutdatoen kan ikke ligge før ændringen gælder.',
      },
    },
  },
  proposalDecision: {
    fields: {
      decisionComment: {
        default: 'Skriv en bemærkning på højst 2.000 tegn, eller lad feltet stå tomt',
      },
    },
    alerts: {
      ...alertsOf('Forslaget kunne ikke besvares'),
      'own-proposal': {
        heading: 'Forslaget kunne ikke besvares',
        text: 'Et forslag besvares af den anden part. I kan ikke acceptere eller afvise jeres eget forslag.',
      },
      'proposal-decided': {
        heading: 'Forslaget kunne ikke besvares',
        text: 'Forslaget er allerede besvaret. Genindlæs siden.',
      },
    },
  },
};
