import type { ServiceTokenSource } from '@rammeaftale/auth';

export interface LetterRequest {
  key: string;
  kind: 'contract-letter';
  to: string[];
  subject: string;
  text: string;
}

export type LetterOutcome =
  | { ok: true }
  /** `permanent`: the notifications service refused the letter itself; retrying cannot help. */
  | { ok: false; permanent: boolean; reason: string };

/** HTTP client of the notifications worker's `POST /letters`, with this service's own token. */
export function notificationsClient(opts: {
  baseUrl: string;
  tokens: ServiceTokenSource;
  timeoutMs?: number;
}) {
  return {
    async postLetter(letter: LetterRequest): Promise<LetterOutcome> {
      let res: Response;
      try {
        res = await fetch(`${opts.baseUrl.replace(/\/+$/, '')}/letters`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await opts.tokens()}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(letter),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
        });
      } catch (err) {
        return { ok: false, permanent: false, reason: `unreachable: ${(err as Error).message}` };
      }
      if (res.ok) return { ok: true };
      const body = await res.text().catch(() => '');
      // 400/413/415/422: this letter will never be accepted. Auth, rate limits and 5xx pass.
      const permanent = [400, 413, 415, 422].includes(res.status);
      return { ok: false, permanent, reason: `HTTP ${res.status} ${body.slice(0, 300)}` };
    },
  };
}

export type NotificationsClient = ReturnType<typeof notificationsClient>;
