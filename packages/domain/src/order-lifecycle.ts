import { DomainValidationError } from './errors';

/**
 * The order's life (bestillingens forløb). Every transition is an explicit event; anything not in
 * the table is refused, so an order can never jump from draft to active.
 */
export const ORDER_STATES = [
  'draft',
  'searching',
  'requested',
  'offers_received',
  'selected',
  'contracted',
  'active',
  'ended',
  'cancelled',
  'expired',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_EVENTS = [
  'start_search',
  'send_requests',
  'receive_offer',
  'select_offer',
  'contract_signed',
  'placement_started',
  'placement_ended',
  'contract_terminated',
  'cancel',
  'expire',
  'reopen_search',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

const TRANSITIONS: Record<OrderState, Partial<Record<OrderEvent, OrderState>>> = {
  draft: { start_search: 'searching', cancel: 'cancelled' },
  searching: { send_requests: 'requested', cancel: 'cancelled', expire: 'expired' },
  requested: {
    receive_offer: 'offers_received',
    send_requests: 'requested',
    reopen_search: 'searching',
    cancel: 'cancelled',
    expire: 'expired',
  },
  offers_received: {
    receive_offer: 'offers_received',
    send_requests: 'offers_received',
    select_offer: 'selected',
    reopen_search: 'searching',
    cancel: 'cancelled',
    expire: 'expired',
  },
  selected: { contract_signed: 'contracted', reopen_search: 'searching', cancel: 'cancelled' },
  // A contract terminated (with notice or at once) ends the order whether or not the placement
  // started; the placement's own end is recorded by the case worker with its date.
  contracted: { placement_started: 'active', contract_terminated: 'ended', cancel: 'cancelled' },
  active: { placement_ended: 'ended', contract_terminated: 'ended' },
  ended: {},
  cancelled: {},
  expired: {},
};

export const ORDER_STATE_LABELS: Record<OrderState, string> = {
  draft: 'Kladde',
  searching: 'Søger',
  requested: 'Forespurgt',
  offers_received: 'Tilbud modtaget',
  selected: 'Tilbud valgt',
  contracted: 'Kontrakt indgået',
  active: 'Aktiv anbringelse',
  ended: 'Afsluttet',
  cancelled: 'Annulleret',
  expired: 'Udløbet',
};

export function isTerminal(state: OrderState): boolean {
  return Object.keys(TRANSITIONS[state]).length === 0;
}

export function allowedEvents(state: OrderState): OrderEvent[] {
  return Object.keys(TRANSITIONS[state]) as OrderEvent[];
}

/** The next state, or DomainValidationError('ILLEGAL_TRANSITION') naming state and event. */
export function nextOrderState(state: OrderState, event: OrderEvent): OrderState {
  const next = TRANSITIONS[state][event];
  if (!next) {
    throw new DomainValidationError(
      'ILLEGAL_TRANSITION',
      `event '${event}' is not allowed in state '${state}' (allowed: ${allowedEvents(state).join(', ') || 'none'})`,
    );
  }
  return next;
}

/** Orders that other municipalities can join in a shared offer: still looking for a place. */
export function isOpenForSharing(state: OrderState): boolean {
  return (
    state === 'draft' ||
    state === 'searching' ||
    state === 'requested' ||
    state === 'offers_received'
  );
}

/**
 * Orders other municipalities may see and mark interest in: open for sharing and out of draft. A
 * draft is the acting municipality's unfinished work: it is opened for sharing when its search
 * starts, and until then another municipality cannot learn that it exists.
 */
export function isSharedWithOtherMunicipalities(state: OrderState): boolean {
  return state !== 'draft' && isOpenForSharing(state);
}
