import { priceRecord } from '../contracts/contract.rules';
import type { VolumeContract } from '../contracts/contract.repository';
import { purchaseVolumeBySupplier } from './analytics.rules';
import { purchaseVolumeBreakdown } from './purchase-volume.rules';

const by = { userId: 'u', role: 'service', organisationId: 'o' };

function c(
  id: string,
  over: {
    supplier?: string;
    paying?: number;
    offer?: string;
    from: string;
    ore: number;
    endsOn?: string;
  },
): VolumeContract {
  return {
    id,
    status: over.endsOn ? 'terminated' : 'active',
    supplier: { organisationId: over.supplier ?? 'cvr-1', name: 'Lev', contact: { email: 'x@y' } },
    payingMunicipality: {
      organisationId: `mun-${over.paying ?? 253}`,
      name: 'K',
      municipalityCode: over.paying ?? 253,
      contact: { email: 'k@y' },
    },
    offer: {
      offerId: over.offer ?? 'tp-1',
      name: 'Tilbud',
      coveredByFrameworkAgreement: true,
      operatorKind: 'private',
      supervisingAuthority: 'Socialtilsyn Øst',
    },
    startDate: over.from,
    activatedOn: over.from,
    priceHistory: [
      {
        validFrom: over.from,
        price: priceRecord({ dailyBasisTariffOre: over.ore, tariffYear: 2025 }),
        source: 'contract',
        recordedAt: new Date(),
        recordedBy: by,
      },
    ],
    ...(over.endsOn ? { termination: { effectiveDate: over.endsOn } } : {}),
  } as VolumeContract;
}

describe('purchase volume broken down', () => {
  it('When contracts run over several years, then each year holds its days per supplier, paying municipality and offer, adding up to the per-supplier totals', () => {
    const contracts = [
      c('a', { from: '2024-07-01', ore: 100_000 }),
      c('b', { from: '2025-01-01', ore: 200_000, paying: 259 }),
      c('d', { from: '2024-01-01', ore: 50_000, offer: 'tp-2', endsOn: '2025-01-31' }),
    ];
    const rows = purchaseVolumeBreakdown(contracts, [2024, 2025]);
    expect(
      rows.map((r) => [r.year, r.municipalityCode, r.offerId, r.contracts, r.placementDays]),
    ).toEqual([
      [2024, 253, 'tp-1', 1, 184],
      [2024, 253, 'tp-2', 1, 366],
      [2025, 259, 'tp-1', 1, 365],
      [2025, 253, 'tp-1', 1, 365],
      [2025, 253, 'tp-2', 1, 31],
    ]);
    for (const year of [2024, 2025]) {
      const total = rows.filter((r) => r.year === year).reduce((s, r) => s + r.volumeOre, 0);
      expect(total).toBe(purchaseVolumeBySupplier(contracts, year)[0]!.volumeOre);
    }
  });
});
