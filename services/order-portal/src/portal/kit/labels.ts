import {
  ORDER_STATE_LABELS,
  PRIVATE_CHOICE_REASON_LABELS,
  TARGET_GROUPS,
  municipalityByCode,
  type OrderState,
} from '@rammeaftale/domain';
import { h, type Html } from './html';

/** The Danish words the portal shows for the codes of the API and the contracts service. */

export const targetGroupName = (slug: string) =>
  TARGET_GROUPS.find((g) => g.slug === slug)?.label ?? slug;
export const statusName = (s: string) => ORDER_STATE_LABELS[s as OrderState] ?? s;
export const municipalityName = (code: number) => {
  const m = municipalityByCode(code);
  return m ? `${m.name} Kommune` : String(code);
};

export const ROLE_LABELS: Record<string, string> = {
  caseworker: 'Sagsbehandler',
  supplier: 'Leverandør',
  secretariat: 'Sekretariat',
  authority: 'Tilsyn',
  operator: 'Driftsoperatør',
  service: 'Tjeneste',
};

export const LEGAL_BASES = [
  'SEL § 107',
  'SEL § 108',
  'SEL § 85 i ABL § 105',
  'SEL § 84',
  'SEL § 109',
  'SEL § 110',
  'BL § 43',
  'SUL § 142',
];

export const GENDERS: Record<string, string> = { female: 'Kvinde', male: 'Mand' };

export const REQUEST_STATUS: Record<string, string> = {
  open: 'Afventer svar',
  offered: 'Tilbud givet',
  declined: 'Afvist',
  closed: 'Lukket',
  expired: 'Udløbet',
  selected: 'Valgt',
};

export const EVENT_NAMES: Record<string, string> = {
  start_search: 'Søgning startet',
  send_requests: 'Forespørgsler sendt',
  receive_offer: 'Tilbud modtaget',
  select_offer: 'Tilbud valgt',
  contract_signed: 'Kontrakt underskrevet',
  placement_started: 'Anbringelse startet',
  placement_ended: 'Anbringelse afsluttet',
  contract_terminated: 'Kontrakt opsagt',
  cancel: 'Annulleret',
  expire: 'Udløbet',
  reopen_search: 'Søgning genåbnet',
};

export const SHARED_OUTCOMES: [string, string][] = [
  ['none_suitable', 'Ingen af de åbne bestillinger passer til et fælles tilbud'],
  ['interest_registered', 'Interesse for et fælles tilbud er registreret'],
  ['joint_offer_agreed', 'Et fælles tilbud med en anden kommune er aftalt'],
];
export const sharedOutcomeName = (code: string) =>
  SHARED_OUTCOMES.find(([k]) => k === code)?.[1] ?? code;

export const PRIVATE_REASONS: [string, string][] = Object.entries<string>(
  PRIVATE_CHOICE_REASON_LABELS,
);
export const privateReasonName = (code: string) =>
  PRIVATE_REASONS.find(([k]) => k === code)?.[1] ?? code;

export const CONTRACT_STATUS: Record<string, string> = {
  draft: 'Kladde',
  sent_to_supplier: 'Sendt til leverandøren',
  accepted_by_supplier: 'Accepteret af leverandøren',
  signed_by_buyer: 'Underskrevet af kommunen',
  active: 'Aktiv',
  amended: 'Aktiv (med tillæg)',
  terminated: 'Opsagt',
  withdrawn: 'Trukket tilbage af kommunen',
  rejected_by_supplier: 'Afvist af leverandøren',
};
export const DECISION_STATUS: Record<string, string> = {
  to_apply: 'Godkendt, træder i kraft',
  awaiting_approval: 'Afventer kommunens godkendelse',
  applied: 'Gennemført som tillæg',
  rejected: 'Afvist af kommunen',
  not_applicable: 'Berøres ikke',
};
export const CLASSIFICATION: Record<string, string> = {
  decrease: 'Fald',
  unchanged: 'Uændret',
  within_pl: 'Inden for P/L',
  above_pl: 'Over P/L – kræver godkendelse',
};
export const AUDIT_ACTION: Record<string, string> = {
  drafted: 'Kladde oprettet',
  send: 'Sendt til leverandøren',
  accept: 'Accepteret af leverandøren',
  sign: 'Underskrevet af kommunen',
  activate: 'Aktiveret',
  amend: 'Tillæg',
  terminate: 'Opsagt',
  rescind: 'Ophævet',
  withdraw: 'Trukket tilbage af kommunen',
  reject: 'Afvist af leverandøren',
  'propose-amendment': 'Forslag til tillæg',
  'accept-amendment': 'Forslag til tillæg accepteret',
  'decline-amendment': 'Forslag til tillæg afvist',
};

/** Public or private tier as a badge: the colour is never the only carrier, the word is there. */
export const tierBadge = (tier: string): Html =>
  tier === 'public'
    ? h`<span class="badge badge-success">Offentlig</span>`
    : h`<span class="badge badge-info">Privat</span>`;

/**
 * Who did something, as the history shows it: the person's name where it was recorded; for older
 * entries (which kept only the login id) the role and the organisation, never the login id.
 */
export function actorName(
  by: { name?: string; role: string; organisationId: string },
  organisationNames: Readonly<Record<string, string>>,
): string {
  if (by.name) return by.name;
  const org = organisationNames[by.organisationId];
  return [ROLE_LABELS[by.role] ?? by.role, org].filter(Boolean).join(', ');
}
