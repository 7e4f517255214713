import type { Order } from '../../orders/order.repository';
import { contractLink } from './order-placement.view';

/** Only what the contract section reads of an order. */
const order = (o: { selection?: boolean; contract?: Order['contract'] }) =>
  ({
    id: 'ord-abcdefghijkmnopqrstuvwxy',
    selection: o.selection ? { requestId: 'req-x' } : undefined,
    contract: o.contract,
  }) as unknown as Order;

describe("the order page's link to its contract (ADR 0015)", () => {
  it('When an offer is selected and no contract event came yet, then it links to the first contract', () => {
    expect(contractLink(order({ selection: true })).html).toContain(
      'href="/kontrakter/c-ord-abcdefghijkmnopqrstuvwxy"',
    );
  });

  it('When the order is selected again after its contract was withdrawn, then it links to the next contract, not the withdrawn one', () => {
    const withdrawn = {
      contractId: 'c-ord-abcdefghijkmnopqrstuvwxy',
      cancelledAt: new Date('2026-03-01T10:00:00Z'),
      cancelledAs: 'withdrawn',
    } as Order['contract'];
    const html = contractLink(order({ selection: true, contract: withdrawn })).html;
    expect(html).toContain('href="/kontrakter/c-ord-abcdefghijkmnopqrstuvwxy.2"');
    expect(html).toContain('Kontrakten udarbejdes');
    // Searching again: the withdrawn one is named, with its link.
    expect(contractLink(order({ contract: withdrawn })).html).toContain(
      'href="/kontrakter/c-ord-abcdefghijkmnopqrstuvwxy"',
    );
    const second = { ...withdrawn, contractId: 'c-ord-abcdefghijkmnopqrstuvwxy.2' };
    expect(contractLink(order({ selection: true, contract: second })).html).toContain(
      'href="/kontrakter/c-ord-abcdefghijkmnopqrstuvwxy.3"',
    );
  });
});
