import type { Prng } from './prng';

const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];

/** 8 digits, no leading zero, weighted digit sum divisible by 11 (the CVR modulus-11 rule). */
export function randomCvr(rng: Prng): string {
  for (;;) {
    const digits = [rng.int(1, 9), ...Array.from({ length: 6 }, () => rng.int(0, 9))];
    const sum = digits.reduce((s, d, i) => s + d * (CVR_WEIGHTS[i] as number), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check < 10) return [...digits, check].join('');
  }
}

/** 13-digit GLN with GS1 check digit, in the 5798 range Danish public bodies use. */
export function randomEan(rng: Prng): string {
  const body = [5, 7, 9, 8, 0, 0, 0, ...Array.from({ length: 5 }, () => rng.int(0, 9))];
  const sum = [...body].reverse().reduce((s, d, i) => s + d * (i % 2 === 0 ? 3 : 1), 0);
  return [...body, (10 - (sum % 10)) % 10].join('');
}

export function uniqueCvr(rng: Prng, used: Set<string>): string {
  for (;;) {
    const cvr = randomCvr(rng);
    if (!used.has(cvr)) {
      used.add(cvr);
      return cvr;
    }
  }
}

export function uniqueEan(rng: Prng, used: Set<string>): string {
  for (;;) {
    const ean = randomEan(rng);
    if (!used.has(ean)) {
      used.add(ean);
      return ean;
    }
  }
}
