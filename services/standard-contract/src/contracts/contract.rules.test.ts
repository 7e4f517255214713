import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { basisFactory } from '../../test/support';
import { contractLetter } from '../letters/contract-letter.rules';
import {
  fillPlaceholders,
  templateProblems,
  type TemplateContent,
} from '../templates/template.rules';
import {
  assessPriceChange,
  basisProblems,
  canTransition,
  contractFields,
  contractIdFor,
  danishDate,
  terminationEffectiveDate,
} from './contract.rules';
import type { Contract } from './contract.types';

describe('terminationEffectiveDate', () => {
  it.each([
    ['2026-03-15', 1, '2026-04-30'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-11-01', 3, '2027-02-28'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2026-12-10', 0, '2026-12-31'],
  ])(
    'When notice is given on %s with %i month(s), then the contract ends on %s',
    (on, months, end) => {
      expect(terminationEffectiveDate(on, months)).toBe(end);
    },
  );
});

describe('assessPriceChange', () => {
  it('When the increase is exactly P/L, then no approval is needed (strictly above only)', () => {
    expect(assessPriceChange(300_000, 312_000, 400)).toMatchObject({
      exceedsPl: false,
      increasePercent: '4,00 %',
    });
  });
  it('When the increase is one øre above P/L, then it exceeds although it shows as 4,00 %', () => {
    expect(assessPriceChange(300_000, 312_001, 400)).toMatchObject({
      exceedsPl: true,
      increasePercent: '4,00 %',
      plRateBp: 400,
    });
  });
  it('When the price falls, then it never needs approval', () => {
    expect(assessPriceChange(300_000, 250_000, 400).exceedsPl).toBe(false);
  });
});

describe('lifecycle', () => {
  it('When a contract is a draft, then it can only be sent', () => {
    expect(canTransition('draft', 'send')).toBe(true);
    for (const a of ['accept', 'sign', 'activate', 'amend', 'terminate'] as const)
      expect(canTransition('draft', a)).toBe(false);
  });
  it('When a contract is amended, then it can be amended again or terminated', () => {
    expect(canTransition('amended', 'amend')).toBe(true);
    expect(canTransition('amended', 'terminate')).toBe(true);
    expect(canTransition('terminated', 'amend')).toBe(false);
  });
  it('When an order id is not an opaque id, then no contract id is made from it', () => {
    expect(contractIdFor('ord-1')).toBe('c-ord-1');
    expect(() => contractIdFor('ord 1/..')).toThrow(RangeError);
  });
});

describe('basisProblems', () => {
  it('When the basis is complete, then there are no problems', () => {
    expect(basisProblems(basisFactory())).toEqual([]);
  });
  it('When the citizen reference is a CPR number, then it is refused without echoing it', () => {
    const problems = basisProblems(
      basisFactory({ citizen: { reference: '0101901234', isChild: false } }),
    );
    expect(problems).toEqual([
      { field: 'citizen.reference', message: expect.any(String) as string },
    ]);
    expect(JSON.stringify(problems)).not.toContain('0101901234');
  });
});

const TEMPLATE_DIR = path.resolve(__dirname, '../../templates');
const seeded = readdirSync(TEMPLATE_DIR).map(
  (f) => JSON.parse(readFileSync(path.join(TEMPLATE_DIR, f), 'utf8')) as TemplateContent,
);

describe('the seeded templates', () => {
  it('When the four template files are checked, then each is valid, version 1, and one per variant', () => {
    expect(seeded.map((t) => t.templateId).sort()).toEqual([
      'boern-ikke-rammeaftale',
      'boern-rammeaftale',
      'voksen-ikke-rammeaftale',
      'voksen-rammeaftale',
    ]);
    for (const t of seeded) {
      expect(templateProblems(t)).toEqual([]);
      expect(t.version).toBe(1);
      expect(t.defaults.paymentDays).toBeLessThanOrEqual(30);
    }
  });

  it('When a template is filled for a contract, then every field has a value and the sections follow the standard contract', () => {
    const c = fakeContract();
    for (const t of seeded) {
      const text = t.sections
        .map((s) => `${s.heading}\n${fillPlaceholders(s.text, contractFields(c))}`)
        .join('\n');
      for (const heading of [
        'Parter',
        'Ydelse og formål',
        'Indsatsmål og opfølgning',
        'Prisregulering (P/L)',
        'Betaling',
        'Opsigelse',
        'Tilsyn',
        'Oplysningspligt',
        'Ændringer',
      ])
        expect(text).toContain(heading);
      expect(text).not.toMatch(/\{\{/);
      expect(text).toContain('senest 30 dage');
    }
  });
});

describe('contract letter', () => {
  it('When the letter is written, then it links to the portal and holds no citizen data', () => {
    const c = fakeContract();
    const { subject, text } = contractLetter(c, 1, 'https://portal.test/');
    expect(subject).toBe('Standardkontrakt c-ord-1 til accept');
    expect(text).toContain('https://portal.test/kontrakter/c-ord-1');
    expect(`${subject}${text}`).not.toContain(c.citizen.reference);
    expect(text).not.toContain(c.goals[0]!.goal);
  });
});

it('When a date is shown, then it is written the Danish way', () => {
  expect(danishDate('2026-03-01')).toBe('1. marts 2026');
});

function fakeContract(): Contract {
  const b = basisFactory({ orderId: 'ord-1' });
  const price = {
    ...b.price,
    additionalTariffs: b.price.additionalTariffs ?? [],
    dailyTotalOre: 300_000,
  };
  const now = new Date('2026-02-01T10:00:00Z');
  return {
    id: 'c-ord-1',
    orderId: 'ord-1',
    status: 'draft',
    version: 1,
    template: { id: 'voksen-rammeaftale', version: 1, title: 'Standardkontrakt' },
    actingMunicipality: b.actingMunicipality,
    payingMunicipality: b.payingMunicipality,
    supplier: b.supplier,
    access: { municipalities: ['mun-253'], buyer: ['mun-253'], supplier: 'provider-solhaven' },
    citizen: b.citizen,
    offer: b.offer,
    services: b.services,
    price,
    priceRegulation: { index: 'P/L', plRateBp: 400 },
    paymentDays: 30,
    startDate: b.startDate,
    notice: { buyerMonths: 1, supplierMonths: 3 },
    goals: b.goals,
    selectedAt: b.selectedAt,
    selectedBy: b.selectedBy,
    signatures: {},
    amendments: [],
    amendmentProposals: [],
    priceHistory: [],
    versions: [{ number: 1, createdAt: now, reason: 'x' }],
    audit: [],
    letters: [],
    createdAt: now,
    updatedAt: now,
  };
}
