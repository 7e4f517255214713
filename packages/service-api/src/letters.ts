/**
 * Handing a letter to the notifications service (`POST /letters`), the one way the portal and the
 * contracts service do it: with the caller's service token, a timeout, and the answer sorted into
 * accepted, refused for good (the letter itself is wrong) or not now (retry later).
 */
export type LetterOutcome =
  | { ok: true }
  /** `permanent`: the notifications service refused the letter itself; retrying cannot help. */
  | { ok: false; permanent: boolean; reason: string };

/** 400/413/415/422: this letter will never be accepted. Auth, rate limits and 5xx pass. */
const PERMANENT = [400, 413, 415, 422];

export async function postLetter(
  to: {
    baseUrl: string;
    token: () => Promise<string>;
    timeoutMs?: number;
    /** Headers of the moment, e.g. the caller's correlation id (`correlationHeaders`). */
    headers?: () => Record<string, string>;
  },
  letter: unknown,
): Promise<LetterOutcome> {
  let res: Response;
  try {
    res = await fetch(`${to.baseUrl.replace(/\/+$/, '')}/letters`, {
      method: 'POST',
      headers: {
        ...to.headers?.(),
        authorization: `Bearer ${await to.token()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(letter),
      signal: AbortSignal.timeout(to.timeoutMs ?? 5000),
    });
  } catch (err) {
    return { ok: false, permanent: false, reason: `unreachable: ${(err as Error).message}` };
  }
  if (res.ok) return { ok: true };
  const body = await res.text().catch(() => '');
  const permanent = PERMANENT.includes(res.status);
  return { ok: false, permanent, reason: `HTTP ${res.status} ${body.slice(0, 300)}` };
}
