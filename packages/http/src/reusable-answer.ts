/**
 * An answer sent many times exactly as it is (a search's page while its ranking holds): frozen
 * through and through, so nobody can change it after its first sending, and its JSON text made
 * once, on the first sending, then reused. `createApi` routes send such an answer's text as it is;
 * any other answer goes through `res.json` as usual.
 */
const texts = new WeakMap<object, { text?: string }>();

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

export function reusableAnswer<T extends object>(answer: T): T {
  if (!texts.has(answer)) {
    deepFreeze(answer);
    texts.set(answer, {});
  }
  return answer;
}

/** The JSON text of a reusable answer (made once), or undefined for any other value. */
export function reusableAnswerText(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const entry = texts.get(answer);
  if (!entry) return undefined;
  entry.text ??= JSON.stringify(answer);
  return entry.text;
}
