import { authEnv, baseEnv, httpEnv, z } from '@rammeaftale/config';

export const tariffNotificationsEnv = baseEnv
  .merge(httpEnv)
  .merge(authEnv)
  .extend({
    PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(3002)
      .describe('HTTP port for health, operator API and docs.'),
    MONGO_DB: z
      .string()
      .default('tariff_notifications')
      .describe('Database owned by the notifications worker.'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .describe('Outgoing mail server.'),
    SMTP_REQUIRE_TLS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true')
      .describe(
        'Send only over TLS (STARTTLS on smtp://, TLS from the start on smtps://): a server that does not offer it gets no letter, and the delivery fails with the reason. false only for a local mail catcher in development and tests; refused in production.',
      ),
    SMTP_TLS_MIN_VERSION: z
      .enum(['TLSv1.2', 'TLSv1.3'])
      .default('TLSv1.2')
      .describe('Lowest TLS version accepted from the mail server.'),
    MAIL_FROM: z
      .string()
      .default('Rammeaftale Sjælland <noreply@rammeaftale-sjaelland.dk>')
      .describe('Sender of letters.'),
    MAIL_REPLY_TO: z
      .string()
      .default('Sekretariatet for Rammeaftale Sjælland <sekretariat@rammeaftale-sjaelland.dk>')
      .describe(
        'Where answers go (Reply-To) when a letter names no one of its own; letters from a contract or tariff change name the party who can answer.',
      ),
    MAIL_SOCKET_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(30_000)
      .describe('SMTP socket timeout; below the job lock.'),
    JOB_LOCK_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(120_000)
      .describe('BullMQ lock duration of a letter job.'),
    STALLED_CHECK_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(30_000)
      .describe(
        'How often jobs of a crashed worker are taken back (their lock must have expired).',
      ),
    WORKER_CONCURRENCY: z.coerce
      .number()
      .int()
      .positive()
      .default(20)
      .describe(
        'Letters in flight at once. Above the SMTP pool (5 connections) on purpose: the database round trips of some letters overlap the SMTP conversations of others (pnpm bench letters).',
      ),
    RETRY_BASE_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe(
        'First retry delay after a temporary SMTP failure (4xx); the interval doubles up to an hour and letters are retried for at least 4 days (RFC 5321 §4.5.4.1, src/deliveries/smtp-retry.rules.ts).',
      ),
    RECONCILE_INTERVAL_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(30_000)
      .describe('How often the outbox reconciler looks for letters Redis lost.'),
    RECONCILE_AFTER_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe('A pending letter older than this without a job is re-enqueued.'),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.SMTP_REQUIRE_TLS)
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_REQUIRE_TLS'],
        message: 'must be true in production: letters are not sent in clear',
      });
  });

export type TariffNotificationsConfig = z.infer<typeof tariffNotificationsEnv>;
