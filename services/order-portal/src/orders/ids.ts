import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnopqrstuvwxyz';

/**
 * Opaque ids of letters only. A UUID can contain ten digits in a row, which looks like a CPR
 * number to every CPR scrubber (logs, access log, job payloads) — so ids never carry digit runs.
 */
export function newId(prefix: 'ord' | 'req' | 'fup'): string {
  const bytes = randomBytes(24);
  let s = '';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `${prefix}-${s}`;
}

export const ID_PATTERN = {
  ord: /^ord-[a-z]{24}$/,
  req: /^req-[a-z]{24}$/,
  fup: /^fup-[a-z]{24}$/,
};
