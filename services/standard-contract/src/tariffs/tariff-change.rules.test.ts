/**
 * The tariff flow's own rules. The classification boundaries themselves (4,00/4,01 %, 5,00/5,01 %,
 * 8,00/8,01 %, years) are tested in packages/domain and through the API in
 * test/tariff-changes.test.ts; here: what is measured against what, and what follows from it.
 */
import { looksLikeCpr, type PolicyValues } from '@rammeaftale/domain';
import { basisFactory } from '../../test/support';
import { priceRecord } from '../contracts/contract.rules';
import type { Contract, PriceHistoryEntry } from '../contracts/contract.types';
import {
  addDays,
  authoritySlug,
  decideForContract,
  plannedOutbox,
  priceInForceOn,
  summaryOf,
  TARIFF_CHANGE_ID,
  legacyTariffChangeId,
  tariffChangeId,
} from './tariff-change.rules';
import type { TariffDecision } from './tariff-change.types';

const policy: PolicyValues = {
  year: 2025,
  effectiveFrom: '2025-01-01',
  plRateBp: 400,
  privateReportThresholdBp: 500,
  publicReportThresholdBp: 800,
};
const by = { userId: 'u', role: 'service', organisationId: 'o' };

function contract(
  id: string,
  opts: {
    buyer?: { organisationId: string; name: string; code: number };
    history?: { validFrom: string; basis: number; extra?: number }[];
    authority?: string;
  } = {},
): Contract {
  const b = basisFactory();
  const buyer = opts.buyer ?? { organisationId: 'mun-253', name: 'Greve Kommune', code: 253 };
  const history: PriceHistoryEntry[] = (
    opts.history ?? [{ validFrom: '2025-03-01', basis: 100_000 }]
  ).map((h) => ({
    validFrom: h.validFrom,
    price: priceRecord({
      dailyBasisTariffOre: h.basis,
      additionalTariffs: h.extra ? [{ description: 'Nattevagt', dailyOre: h.extra }] : [],
      tariffYear: 2025,
    }),
    source: 'contract',
    recordedAt: new Date(),
    recordedBy: by,
  }));
  const party = {
    organisationId: buyer.organisationId,
    name: buyer.name,
    municipalityCode: buyer.code,
    contact: { email: `${buyer.organisationId}@test` },
  };
  return {
    id,
    status: 'active',
    actingMunicipality: party,
    payingMunicipality: party,
    supplier: b.supplier,
    offer: { ...b.offer, supervisingAuthority: opts.authority ?? 'Socialtilsyn Øst' },
    price: history[history.length - 1]!.price,
    priceHistory: history,
    startDate: '2025-03-01',
  } as unknown as Contract;
}

const announce = (dailyBasisTariffOre: number, effectiveFrom = '2025-07-01') => ({
  dailyBasisTariffOre,
  tariffYear: 2025,
  effectiveFrom,
});

describe('tariff change rules', () => {
  it('When the same announcement is made twice, then it has the same id; another tariff, date or supplier does not', () => {
    const a = {
      supplierOrganisationId: 'p',
      offerId: 'o',
      effectiveFrom: '2025-07-01',
      dailyBasisTariffOre: 1,
    };
    expect(tariffChangeId(a)).toBe(tariffChangeId({ ...a }));
    expect(tariffChangeId(a)).toMatch(/^tc-[ghjkmnpqrstvwxyz]{20}$/);
    for (const other of [
      { ...a, dailyBasisTariffOre: 2 },
      { ...a, effectiveFrom: '2025-07-02' },
      { ...a, supplierOrganisationId: 'q' },
    ])
      expect(tariffChangeId(other)).not.toBe(tariffChangeId(a));
  });

  it('When 1,000 announcements get their ids, then none looks like a CPR number to the detector of the log redaction and the queue guard (the legacy hex form did, about 1 in 50); both forms are accepted as ids', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => ({
      supplierOrganisationId: `cvr-${10_000_000 + i}`,
      offerId: `tp-${100_000 + i}`,
      effectiveFrom: addDays('2025-01-01', i % 365),
      dailyBasisTariffOre: 150_000 + i * 37,
    }));
    const fresh = ids.map(tariffChangeId);
    expect(
      fresh.filter((id) => looksLikeCpr(id) || looksLikeCpr(`tariff-letter:${id}:mun-253`)),
    ).toEqual([]);
    expect(new Set(fresh).size).toBe(1000);
    const legacy = ids.map(legacyTariffChangeId);
    // The defect the letters form removes: some hex ids are CPR-shaped and their letters refused.
    expect(legacy.filter((id) => looksLikeCpr(id)).length).toBeGreaterThan(0);
    expect([...fresh, ...legacy].every((id) => TARIFF_CHANGE_ID.test(id))).toBe(true);
  });

  it('When the price history has several prices, then the one in force on the date is used and a later one is flagged', () => {
    const c = contract('c-1', {
      history: [
        { validFrom: '2025-03-01', basis: 100_000 },
        { validFrom: '2025-09-01', basis: 103_000 },
      ],
    });
    expect(priceInForceOn(c, '2025-08-31')).toMatchObject({
      from: '2025-03-01',
      price: { dailyTotalOre: 100_000 },
      laterPriceFrom: '2025-09-01',
    });
    expect(priceInForceOn(c, '2025-09-01')).toMatchObject({
      from: '2025-09-01',
      price: { dailyTotalOre: 103_000 },
    });
    expect(priceInForceOn(c, '2025-09-01').laterPriceFrom).toBeUndefined();
  });

  it('When a contract has additional tariffs, then the increase is measured on the total daily price with them kept', () => {
    // Basis 1.000 → 1.060 kr. is 6 %, but with 200 kr. extra the buyer pays 1.200 → 1.260: 5,00 %.
    const d = decideForContract(
      contract('c-1', { history: [{ validFrom: '2025-03-01', basis: 100_000, extra: 20_000 }] }),
      announce(106_000),
      policy,
    );
    expect(d.newPrice).toMatchObject({ dailyBasisTariffOre: 106_000, dailyTotalOre: 126_000 });
    expect(d.newPrice.additionalTariffs).toEqual([{ description: 'Nattevagt', dailyOre: 20_000 }]);
    expect(d.classification).toMatchObject({
      increasePercent: '5,00 %',
      ratio: { num: '1', den: '20' },
      requiresBuyerApproval: true,
      reportToAuthority: false,
      band: 'above_pl',
    });
    expect(d.status).toBe('awaiting_approval');
  });

  it('When the price does not change or a later price is already in force, then the contract is noted and left alone', () => {
    expect(decideForContract(contract('c-1'), announce(100_000), policy)).toMatchObject({
      status: 'not_applicable',
      note: 'the price does not change',
      classification: { kind: 'unchanged', band: 'decrease_or_unchanged' },
    });
    const later = contract('c-2', {
      history: [
        { validFrom: '2025-03-01', basis: 100_000 },
        { validFrom: '2025-08-01', basis: 102_000 },
      ],
    });
    expect(decideForContract(later, announce(110_000), policy)).toMatchObject({
      status: 'not_applicable',
      note: 'a later price is already in force from 2025-08-01',
    });
    expect(decideForContract(contract('c-3'), announce(95_000), policy).status).toBe('to_apply');
  });

  it('When increases above the threshold are spread over municipalities and authorities, then there is one report per authority listing each municipality once, and one letter and reminder per municipality', () => {
    const greve = { organisationId: 'mun-253', name: 'Greve Kommune', code: 253 };
    const koege = { organisationId: 'mun-259', name: 'Køge Kommune', code: 259 };
    const decisions: TariffDecision[] = [
      contract('c-1', { buyer: greve }),
      contract('c-2', { buyer: greve }),
      contract('c-3', { buyer: koege }),
      contract('c-4', { buyer: koege, authority: 'Socialtilsyn Syd' }),
    ].map((c) => decideForContract(c, announce(106_000), policy));
    const now = new Date('2025-06-01T08:00:00Z');
    const { letters, reports } = plannedOutbox(
      {
        id: 'tc-x',
        decisions,
        supplier: { organisationId: 'p', name: 'P', email: 's@test' },
        approvalDeadline: '2025-07-01',
      },
      { now, reminderDaysBefore: 7 },
    );
    expect(reports.map((r) => [r.key, r.municipalities.map((m) => m.name), r.contractIds])).toEqual(
      [
        [
          'authority-report:tc-x:socialtilsyn-oest',
          ['Greve Kommune', 'Køge Kommune'],
          ['c-1', 'c-2', 'c-3'],
        ],
        ['authority-report:tc-x:socialtilsyn-syd', ['Køge Kommune'], ['c-4']],
      ],
    );
    expect(letters.map((l) => [l.key, l.to, l.status])).toEqual([
      ['tariff-letter:tc-x:mun-253', ['s@test'], 'pending'],
      ['tariff-reminder:tc-x:mun-253', ['mun-253@test'], 'scheduled'],
      ['tariff-letter:tc-x:mun-259', ['s@test'], 'pending'],
      ['tariff-reminder:tc-x:mun-259', ['mun-259@test'], 'scheduled'],
    ]);
    expect(letters[1]!.notBefore).toEqual(new Date('2025-06-24T00:00:00Z'));
    // A deadline closer than the reminder period: the reminder is due at once.
    const soon = plannedOutbox(
      {
        id: 'tc-y',
        decisions,
        supplier: { organisationId: 'p', name: 'P', email: 's@test' },
        approvalDeadline: '2025-06-03',
      },
      { now, reminderDaysBefore: 7 },
    );
    expect(soon.letters[1]!.notBefore).toEqual(now);
    expect(summaryOf(decisions, policy)).toMatchObject({
      policyYear: 2025,
      maxIncreaseBp: 600,
      band: 'above_report_threshold',
      abovePl: true,
      reported: true,
      contracts: 4,
    });
  });

  it('When nothing is above P/L, then no letter, reminder or report is planned', () => {
    const decisions = [decideForContract(contract('c-1'), announce(104_000), policy)];
    const out = plannedOutbox(
      {
        id: 'tc-z',
        decisions,
        supplier: { organisationId: 'p', name: 'P', email: 's@test' },
        approvalDeadline: '2025-07-01',
      },
      { now: new Date(), reminderDaysBefore: 7 },
    );
    expect(out).toEqual({ letters: [], reports: [] });
  });

  it('When an authority name has Danish letters or nothing usable, then its key part is still a plain slug', () => {
    expect(authoritySlug('Socialtilsyn Øst')).toBe('socialtilsyn-oest');
    expect(authoritySlug('Tilsyn Ærø & Åbenrå')).toBe('tilsyn-aeroe-aabenraa');
    expect(authoritySlug('§§§')).toMatch(/^authority-[0-9a-f]{12}$/);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});
