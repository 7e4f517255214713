import type { ServiceTokenSource } from '@rammeaftale/auth';
import { UnavailableError } from '@rammeaftale/domain';

/** What the notifications worker's `POST /letters` accepts (its LetterRequest). */
export type LetterRequest = {
  key: string;
  kind: 'contract-letter' | 'tariff-letter' | 'tariff-approval-reminder' | 'authority-report';
  to: string[];
  /** Where an answer goes (Reply-To): the party who can answer the letter. */
  replyTo?: string;
  attachments?: {
    filename: string;
    contentType: 'application/pdf' | 'text/csv' | 'application/json';
    contentBase64: string;
  }[];
} & ({ subject: string; text: string } | { template: string; data: Record<string, string> });

export type LetterOutcome =
  | { ok: true }
  /** `permanent`: the notifications service refused the letter itself; retrying cannot help. */
  | { ok: false; permanent: boolean; reason: string };

/** The notifications worker's record of a letter: how far its delivery got. */
export interface DeliveryStatus {
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError?: string;
  sentAt?: string;
  /** The recipient's mail server refused the letter for good (a bounce). */
  bounced?: boolean;
}

/** HTTP client of the notifications worker (`POST /letters`, `GET /deliveries/{id}`). */
export function notificationsClient(opts: {
  baseUrl: string;
  tokens: ServiceTokenSource;
  timeoutMs?: number;
}) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const timeout = () => AbortSignal.timeout(opts.timeoutMs ?? 5000);
  return {
    async postLetter(letter: LetterRequest): Promise<LetterOutcome> {
      let res: Response;
      try {
        res = await fetch(`${base}/letters`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await opts.tokens()}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(letter),
          signal: timeout(),
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
    /**
     * The delivery state of an accepted letter; undefined when the worker does not know it, and
     * `UnavailableError` when the worker cannot say now (the flow asks again on its next pass).
     */
    async getDelivery(key: string): Promise<DeliveryStatus | undefined> {
      const authorization = `Bearer ${await opts.tokens()}`;
      const res = await fetch(`${base}/deliveries/${encodeURIComponent(key)}`, {
        headers: { authorization, accept: 'application/json' },
        signal: timeout(),
      }).catch((err: unknown) => {
        throw new UnavailableError(`notifications unreachable: ${(err as Error).message}`);
      });
      if (res.status === 404) return undefined;
      if (!res.ok)
        throw new UnavailableError(`notifications answered ${res.status} for delivery ${key}`);
      const d = (await res.json()) as DeliveryStatus & { bounce?: { at: string } };
      return {
        status: d.status,
        attempts: d.attempts,
        ...(d.lastError ? { lastError: d.lastError } : {}),
        ...(d.sentAt ? { sentAt: d.sentAt } : {}),
        ...(d.bounce ? { bounced: true } : {}),
      };
    },
  };
}

export type NotificationsClient = ReturnType<typeof notificationsClient>;
