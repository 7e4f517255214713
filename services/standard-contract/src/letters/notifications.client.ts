import type { ServiceTokenSource } from '@rammeaftale/auth';
import { UnavailableError } from '@rammeaftale/domain';
import { correlationHeaders } from '@rammeaftale/logging';
import { postLetter, type LetterOutcome } from '@rammeaftale/service-api';

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

export type { LetterOutcome };

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
    postLetter: (letter: LetterRequest): Promise<LetterOutcome> =>
      postLetter(
        {
          baseUrl: base,
          token: opts.tokens,
          timeoutMs: opts.timeoutMs,
          headers: correlationHeaders,
        },
        letter,
      ),
    /**
     * The delivery state of an accepted letter; undefined when the worker does not know it, and
     * `UnavailableError` when the worker cannot say now (the flow asks again on its next pass).
     */
    async getDelivery(key: string): Promise<DeliveryStatus | undefined> {
      const authorization = `Bearer ${await opts.tokens()}`;
      const res = await fetch(`${base}/deliveries/${encodeURIComponent(key)}`, {
        headers: { ...correlationHeaders(), authorization, accept: 'application/json' },
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
