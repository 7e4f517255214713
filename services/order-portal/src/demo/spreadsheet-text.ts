import { formatDkk } from '@rammeaftale/domain';

/* Values as a Danish spreadsheet writes them: dates, amounts, percentages, decimals. */

export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** '2025-03-01' → '01-03-2025', as Danish spreadsheets write dates. */
export function danishDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
}

/** øre → '1.234,50' (Danish notation without the currency). */
export function danishAmount(ore: number): string {
  return formatDkk(ore).replace(/ kr\.$/, '');
}

export function percentText(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  return rest === 0
    ? `${whole} %`
    : `${whole},${String(rest).padStart(2, '0').replace(/0$/, '')} %`;
}

export function danishDecimal(value: number, decimals: number): string {
  return value.toFixed(decimals).replace('.', ',');
}
