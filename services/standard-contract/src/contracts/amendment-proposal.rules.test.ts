import { changedWords, decisionRefusal, proposalProblems } from './amendment-proposal.rules';
import type { AmendmentProposal } from './contract.types';
import { contractIdFor, contractSlotOf, nextDraftFor, ORDER_ID_PATTERN } from './contract.rules';

const by = { userId: 'u', role: 'caseworker', organisationId: 'mun-253' };
const proposal = (over: Partial<AmendmentProposal> = {}): AmendmentProposal => ({
  number: 1,
  status: 'pending',
  party: 'buyer',
  proposedBy: by,
  proposedAt: new Date('2026-03-01T10:00:00Z'),
  basedOnVersion: 1,
  effectiveFrom: '2026-04-01',
  reason: 'x',
  changes: { endDate: '2027-12-31' },
  ...over,
});
const contract = {
  activatedOn: '2025-03-01',
  startDate: '2025-03-01',
  priceHistory: [{ validFrom: '2026-01-01' }],
} as Parameters<typeof proposalProblems>[0];

describe('who decides a proposal', () => {
  it('When the proposer decides its own proposal, then it is refused on the decision; the other party may', () => {
    expect(decisionRefusal(proposal(), 'buyer')).toMatchObject({
      field: 'decision',
      code: 'own-proposal',
    });
    expect(decisionRefusal(proposal(), 'supplier')).toBeUndefined();
    expect(decisionRefusal(proposal({ party: 'supplier' }), 'buyer')).toBeUndefined();
  });

  it('When the proposal is decided or missing, then it is refused on the number', () => {
    expect(decisionRefusal(proposal({ status: 'accepted' }), 'supplier')?.code).toBe(
      'proposal-decided',
    );
    expect(decisionRefusal(undefined, 'supplier')?.code).toBe('no-such-proposal');
  });
});

describe('what a proposal cannot ask for', () => {
  it('When it applies before the start, a price before the price in force, or ends before it applies, then each names its field', () => {
    expect(
      proposalProblems(contract, {
        effectiveFrom: '2025-01-01',
        reason: 'x',
        changes: { endDate: '2024-12-31' },
      }).map((p) => [p.field, p.code]),
    ).toEqual([
      ['effectiveFrom', 'before-start'],
      ['changes.endDate', 'end-before-effective'],
    ]);
    expect(
      proposalProblems(contract, {
        effectiveFrom: '2025-06-01',
        reason: 'x',
        changes: { dailyBasisTariffOre: 110_000 },
      }).map((p) => p.code),
    ).toEqual(['before-price-in-force']);
    // Services may change from any day after the start; the price history does not bind them.
    expect(
      proposalProblems(contract, {
        effectiveFrom: '2025-06-01',
        reason: 'x',
        changes: { services: [{ description: 'Botilbud', legalBasis: 'SEL § 108' }] },
      }),
    ).toEqual([]);
  });

  it('When a proposal changes several things, then the letter names them in Danish', () => {
    expect(changedWords({ services: [], endDate: '2027-01-01' })).toBe('ydelserne og slutdatoen');
    expect(changedWords({ dailyBasisTariffOre: 1, additionalTariffs: [], endDate: 'x' })).toBe(
      'grundtaksten, tillægstaksterne og slutdatoen',
    );
  });
});

describe("an order's contracts, one live at a time (ADR 0015)", () => {
  it('When the order has no contract, or only ones withdrawn or rejected, then the next slot is drafted', () => {
    expect(nextDraftFor('ord-a', [])).toEqual({ id: 'c-ord-a' });
    expect(nextDraftFor('ord-a', [{ id: 'c-ord-a', status: 'withdrawn' }])).toEqual({
      id: 'c-ord-a.2',
    });
    expect(
      nextDraftFor('ord-a', [
        { id: 'c-ord-a', status: 'rejected_by_supplier' },
        { id: 'c-ord-a.2', status: 'withdrawn' },
      ]),
    ).toEqual({ id: 'c-ord-a.3' });
  });

  it('When one of its contracts is live (a draft, running, or terminated), then that one is the answer', () => {
    for (const status of ['draft', 'sent_to_supplier', 'active', 'terminated'] as const)
      expect(
        nextDraftFor('ord-a', [
          { id: 'c-ord-a', status: 'withdrawn' },
          { id: 'c-ord-a.2', status },
        ]),
      ).toEqual({ live: 'c-ord-a.2' });
  });

  it('When an order id ends in .<digits>, then it is not an order id: a slot id cannot be another order’s', () => {
    expect(ORDER_ID_PATTERN.test('ord-a.2')).toBe(false);
    expect(ORDER_ID_PATTERN.test('ord-a.b2')).toBe(true);
    expect(contractIdFor('ord-a', 2)).toBe('c-ord-a.2');
    expect(contractSlotOf('ord-a', 'c-ord-a')).toBe(1);
    expect(contractSlotOf('ord-a', 'c-ord-a.12')).toBe(12);
  });
});
