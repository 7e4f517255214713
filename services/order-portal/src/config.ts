import { authEnv, baseEnv, httpEnv, z } from '@rammeaftale/config';
import { privacyEnv } from '@rammeaftale/privacy';
import { DEFAULT_ORDER_RETENTION_DAYS } from './orders/retention/order-retention.rules';

/** The order portal's environment, declared once; parsed at start (see main.ts). */
export const orderPortalEnv = baseEnv
  .merge(httpEnv)
  .merge(authEnv)
  .extend({
    PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(3000)
      .describe('HTTP port of the portal and its API.'),
    MONGO_DB: z.string().default('order_portal').describe('Database owned by the order portal.'),
    STALE_CAPACITY_DAYS: z.coerce
      .number()
      .int()
      .positive()
      .default(14)
      .describe('Free places not confirmed within this many days are shown as stale.'),
    IMPORT_BODY_LIMIT: z
      .string()
      .default('50mb')
      .describe(
        'Largest accepted CSV import file (25,000 offers with departments is about 15 MB).',
      ),
    DEMO_DATA: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true')
      .describe(
        'Load the Region Zealand demo data set at start (idempotent; for dev and demos only).',
      ),
    // Without CPR keys the portal runs, but refuses to store CPR numbers (orders use pseudonyms).
    CPR_KEYS: privacyEnv.shape.CPR_KEYS.optional(),
    CPR_LOOKUP_KEY: privacyEnv.shape.CPR_LOOKUP_KEY.optional(),
    ACCESS_LOG_RETENTION_DAYS: privacyEnv.shape.ACCESS_LOG_RETENTION_DAYS,
    ORDER_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(30)
      .default(DEFAULT_ORDER_RETENTION_DAYS)
      .describe(
        "Days an order is kept with its citizen's data after it is over (the placement's last day, or its cancellation or expiry); then it is anonymised, once a day, each in the access log. Default 5 years (1826 days), the Danish limitation period (forældelsesloven § 3); see src/orders/retention/order-retention.rules.ts.",
      ),
    REQUEST_DEADLINE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(336)
      .default(24)
      .describe('Default response deadline of a request to suppliers.'),
    SEARCH_WEIGHTS: z
      .string()
      .default('distance=0.45,quality=0.3,price=0.25')
      .transform((text, ctx) => {
        const w: Record<string, number> = {};
        for (const part of text.split(',')) {
          const [k, v] = part.split('=');
          if (
            !k ||
            v === undefined ||
            !['distance', 'quality', 'price'].includes(k.trim()) ||
            !(Number(v) >= 0)
          ) {
            ctx.addIssue({
              code: 'custom',
              message: 'use distance=…,quality=…,price=… with non-negative numbers',
            });
            return z.NEVER;
          }
          w[k.trim()] = Number(v);
        }
        return { distance: w.distance ?? 0, quality: w.quality ?? 0, price: w.price ?? 0 };
      })
      .describe(
        'Weights of the placement score among offers level on free places, wished competences met, tier (public before private) and confirmed capacity; an unknown part is left out and the rest rescaled. See packages/domain/src/placement-search.ts.',
      ),
    AUTH_CLIENT_ID: z
      .string()
      .min(1)
      .optional()
      .describe(
        "The portal's client id at the OIDC provider: users sign in with the authorization code flow; the portal also asks for its own service tokens with it. Required in production.",
      ),
    AUTH_CLIENT_SECRET: z
      .string()
      .min(1)
      .optional()
      .describe("The portal's client secret at the OIDC provider. Required in production."),
    PUBLIC_URL: z
      .url()
      .optional()
      .describe(
        'The portal as browsers reach it (https://…, no trailing slash); the sign-in callback registered at the provider is <PUBLIC_URL>/log-ind/callback. Default: the listening address.',
      ),
    SESSION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length >= 32, 'must be at least 32 bytes, base64')
      .optional()
      .describe(
        'Key (base64, ≥ 32 bytes) of the CSRF tokens and the signed sign-in cookie; the same on every replica. Random per process when unset (forms in flight fail after a restart). Required in production.',
      ),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .positive()
      .max(24 * 60)
      .default(30)
      .describe('A portal session ends after this many minutes without a request (sign in again).'),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .positive()
      .max(24)
      .default(12)
      .describe(
        'A portal session ends this many hours after sign-in however busy (or earlier, when the access token expires).',
      ),
    SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce
      .number()
      .int()
      .positive()
      .default(20)
      .describe(
        'Failed sign-ins from one address within SIGN_IN_WINDOW_SECONDS that lock it out (high: a municipality’s office can share one address).',
      ),
    SIGN_IN_MAX_FAILURES_PER_USER: z.coerce
      .number()
      .int()
      .positive()
      .default(5)
      .describe('Failed sign-ins of one known user within the window that lock the user out.'),
    SIGN_IN_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(900)
      .describe('Window in which failed sign-ins are counted.'),
    SIGN_IN_LOCK_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(900)
      .describe('How long a locked-out address or user waits.'),
    STANDARD_CONTRACT_URL: z
      .url()
      .optional()
      .describe(
        "Base URL of the contracts service; the portal's contract and tariff-change pages read it with the signed-in person's own token. Unset: those pages say they are not connected.",
      ),
    TARIFF_NOTIFICATIONS_URL: z
      .url()
      .optional()
      .describe(
        "Base URL of the notifications service; the secretariat's campaign pages and the operator's pages (failed letters, queues, the queue board) call it with the signed-in person's own token. Unset: those pages say they are not connected.",
      ),
    AUTH_TOKEN_URL: z
      .url()
      .optional()
      .describe(
        "OAuth 2.0 token endpoint for the portal's own client-credentials tokens (AUTH_CLIENT_ID/SECRET): the notice mails are handed to the notifications service with them. Unset: notices are shown in the portal only.",
      ),
    FOLLOW_UP_REMINDER_DAYS: z.coerce
      .number()
      .int()
      .nonnegative()
      .max(90)
      .default(5)
      .describe(
        "The case workers are reminded (a notice and a mail) this many days before a placement's next follow-up meeting is due.",
      ),
    NOTICE_MAIL_RETRY_AFTER_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe(
        'A notice mail not handed to the notifications service this long after the notice is handed over again by the housekeeping.',
      ),
    OUTBOX_RELAY_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(2000)
      .describe('How often pending domain events are published to Redis.'),
  });

export type OrderPortalConfig = z.infer<typeof orderPortalEnv>;
