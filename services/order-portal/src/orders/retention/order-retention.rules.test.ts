import {
  anonymiseAfter,
  anonymisedOrder,
  isDueForAnonymisation,
  retentionStart,
} from './order-retention.rules';

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);

describe('when an order’s retention starts', () => {
  it('When the placement ended, then from the day after its last day (or the contract’s, when later)', () => {
    expect(
      retentionStart({
        status: 'ended',
        placement: { startedOn: '2026-01-01', endedOn: '2026-03-31' },
      }),
    ).toEqual({ from: at('2026-04-01T00:00:00Z'), basis: 'placement-ended' });
    expect(
      retentionStart({
        status: 'ended',
        placement: { endedOn: '2026-03-31' },
        contract: { terminatedAt: at('2026-03-01T09:00:00Z'), effectiveDate: '2026-05-31' },
      })?.from,
    ).toEqual(at('2026-06-01T00:00:00Z'));
  });

  it('When a contract was terminated before the placement started, then from the termination', () => {
    expect(
      retentionStart({ status: 'ended', contract: { terminatedAt: at('2026-02-03T12:00:00Z') } })
        ?.from,
    ).toEqual(at('2026-02-03T12:00:00Z'));
  });

  it('When an order was cancelled or expired, then from that transition', () => {
    const transitions = [
      { to: 'searching', at: at('2026-01-01T10:00:00Z') },
      { to: 'cancelled', at: at('2026-01-05T10:00:00Z') },
    ];
    expect(retentionStart({ status: 'cancelled', transitions })).toEqual({
      from: at('2026-01-05T10:00:00Z'),
      basis: 'cancelled',
    });
    expect(
      retentionStart({
        status: 'expired',
        transitions: [{ to: 'expired', at: '2026-02-01T00:00:00Z' }],
      })?.basis,
    ).toBe('expired');
  });

  it('When an order is open, then its retention never starts, however old it is', () => {
    for (const status of ['draft', 'searching', 'requested', 'selected', 'contracted', 'active'])
      expect(
        isDueForAnonymisation(
          { status, updatedAt: at('2000-01-01T00:00:00Z') },
          30,
          at('2030-01-01T00:00:00Z'),
        ),
      ).toBe(false);
  });

  it('When the retention has run out to the millisecond, then the order is due, and not a millisecond before', () => {
    const o = {
      status: 'cancelled',
      transitions: [{ to: 'cancelled', at: at('2026-01-05T10:00:00Z') }],
    };
    const due = anonymiseAfter(o, 1826)!;
    expect(due.getTime() - at('2026-01-05T10:00:00Z').getTime()).toBe(1826 * DAY);
    expect(isDueForAnonymisation(o, 1826, due)).toBe(true);
    expect(isDueForAnonymisation(o, 1826, new Date(due.getTime() - 1))).toBe(false);
  });
});

describe('the anonymised order', () => {
  it('When an order is anonymised, then only the listed fields stay, so a field added later (an encrypted text) goes too', () => {
    const now = at('2031-02-01T00:00:00Z');
    const anon = anonymisedOrder(
      {
        _id: 'ord-1',
        actingOrganisationId: 'mun-253',
        actingMunicipalityCode: 253,
        status: 'ended',
        citizen: {
          reference: 'Borger X',
          age: 34,
          gender: 'female',
          cpr: { ciphertext: 'c', lookupToken: 't' },
        },
        need: {
          targetGroup: 'autisme',
          legalBasis: 'SEL § 108',
          needs: 'tekst',
          needsEncrypted: { c: 'x' },
          location: { lat: 1, lon: 2 },
        },
        needsCiphertext: 'x',
        goals: [{ goal: 'g', followUp: 'f' }],
        followUps: [{ notes: 'n' }],
        requests: [
          {
            requestId: 'r1',
            status: 'selected',
            answer: { kind: 'offer', dailyPriceOre: 100, conditions: 'c' },
          },
        ],
        selection: {
          offerId: 'o1',
          tier: 'private',
          dailyPriceOre: 100,
          privateReason: { code: 'distance', text: 't' },
        },
        placement: { startedOn: '2026-01-01', endedOn: '2026-03-31', endReason: 'r' },
        revision: 7,
      },
      { now, from: at('2026-04-01T00:00:00Z'), basis: 'placement-ended' },
    );
    expect(anon).toEqual({
      _id: 'ord-1',
      actingOrganisationId: 'mun-253',
      actingMunicipalityCode: 253,
      status: 'ended',
      citizen: { reference: 'anonymiseret', age: 30 },
      need: { targetGroup: 'autisme', legalBasis: 'SEL § 108' },
      goals: [],
      transitions: [],
      interests: [],
      requests: [
        { requestId: 'r1', status: 'selected', answer: { kind: 'offer', dailyPriceOre: 100 } },
      ],
      selection: {
        offerId: 'o1',
        tier: 'private',
        dailyPriceOre: 100,
        privateReason: { code: 'distance' },
      },
      placement: { startedOn: '2026-01-01', endedOn: '2026-03-31' },
      revision: 7,
      retention: {
        anonymisedAt: now,
        countedFrom: at('2026-04-01T00:00:00Z'),
        basis: 'placement-ended',
      },
    });
  });
});
