import { DomainValidationError } from './errors';
import {
  ORDER_EVENTS,
  ORDER_STATES,
  allowedEvents,
  isTerminal,
  nextOrderState,
  type OrderState,
} from './order-lifecycle';

describe('order lifecycle', () => {
  it('When the happy path is followed, then the order goes from draft to ended', () => {
    let s: OrderState = 'draft';
    for (const e of [
      'start_search',
      'send_requests',
      'receive_offer',
      'select_offer',
      'contract_signed',
      'placement_started',
      'placement_ended',
    ] as const) {
      s = nextOrderState(s, e);
    }
    expect(s).toBe('ended');
  });

  it('When an order in draft is asked to become active, then the transition is refused with a clear error', () => {
    expect(() => nextOrderState('draft', 'placement_started')).toThrow(DomainValidationError);
    expect(() => nextOrderState('draft', 'placement_started')).toThrow(
      /placement_started.*draft.*allowed: start_search, cancel/,
    );
  });

  it('When an order is ended, cancelled or expired, then no event moves it', () => {
    for (const s of ['ended', 'cancelled', 'expired'] as const) {
      expect(isTerminal(s)).toBe(true);
      for (const e of ORDER_EVENTS)
        expect(() => nextOrderState(s, e)).toThrow(DomainValidationError);
    }
  });

  it('When any state is asked, then every allowed event leads to a known state and every other event is refused', () => {
    for (const s of ORDER_STATES) {
      for (const e of ORDER_EVENTS) {
        if (allowedEvents(s).includes(e)) expect(ORDER_STATES).toContain(nextOrderState(s, e));
        else expect(() => nextOrderState(s, e)).toThrow(DomainValidationError);
      }
    }
  });

  it('When an active placement is cancelled, then it is refused: it must end', () => {
    expect(() => nextOrderState('active', 'cancel')).toThrow(DomainValidationError);
  });

  it('When the contract is terminated before or during the placement, then the order ends', () => {
    expect(nextOrderState('contracted', 'contract_terminated')).toBe('ended');
    expect(nextOrderState('active', 'contract_terminated')).toBe('ended');
  });

  it('When a contract is reported terminated before it was signed, then it is refused', () => {
    for (const s of ['draft', 'searching', 'requested', 'offers_received', 'selected'] as const)
      expect(() => nextOrderState(s, 'contract_terminated')).toThrow(DomainValidationError);
  });

  it('When a placement is asked to start before the contract is signed, or to end before it started, then it is refused', () => {
    expect(() => nextOrderState('selected', 'placement_started')).toThrow(
      /allowed: contract_signed/,
    );
    expect(() => nextOrderState('contracted', 'placement_ended')).toThrow(DomainValidationError);
    expect(nextOrderState('contracted', 'placement_started')).toBe('active');
  });
});
