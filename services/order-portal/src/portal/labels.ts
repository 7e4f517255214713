import {
  ORDER_STATE_LABELS,
  PRIVATE_CHOICE_REASON_LABELS,
  TARGET_GROUPS,
  formatDkk,
  municipalityByCode,
  type OrderState,
} from '@rammeaftale/domain';
import { h, type Html } from './layout';

/** The Danish words the portal shows for the API's codes. */
export const targetGroupName = (slug: string) =>
  TARGET_GROUPS.find((g) => g.slug === slug)?.label ?? slug;
export const statusName = (s: string) => ORDER_STATE_LABELS[s as OrderState] ?? s;
export const municipalityName = (code: number) =>
  municipalityByCode(code) ? `${municipalityByCode(code)!.name} Kommune` : String(code);
export const kr = (ore: number | null | undefined) => (ore == null ? '–' : formatDkk(ore));

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
  cancel: 'Annulleret',
  expire: 'Udløbet',
  reopen_search: 'Søgning genåbnet',
};

export const SHARED_OUTCOMES: [string, string][] = [
  ['none_suitable', 'Ingen af de åbne bestillinger passer til et fælles tilbud'],
  ['interest_registered', 'Interesse for et fælles tilbud er registreret'],
  ['joint_offer_agreed', 'Et fælles tilbud med en anden kommune er aftalt'],
];

export const PRIVATE_REASONS = Object.entries(PRIVATE_CHOICE_REASON_LABELS) as [string, string][];

/** Public or private tier as a badge: the colour is never the only carrier, the word is there. */
export const tierBadge = (tier: string): Html =>
  tier === 'public'
    ? h`<span class="badge badge-success">Offentlig</span>`
    : h`<span class="badge badge-info">Privat</span>`;
