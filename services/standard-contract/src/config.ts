import path from 'node:path';
import { authEnv, baseEnv, httpEnv, z } from '@rammeaftale/config';

const optionalUrl = (doc: string) => z.url().optional().describe(doc);

export const standardContractEnv = baseEnv
  .merge(httpEnv)
  .merge(authEnv)
  .extend({
    PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(3001)
      .describe('HTTP port of the contracts API.'),
    MONGO_DB: z
      .string()
      .default('standard_contract')
      .describe('Database owned by the contracts service.'),
    ORDER_PORTAL_URL: z
      .url()
      .default('http://127.0.0.1:3000')
      .describe(
        'Base URL of the order portal; the contract basis of a selected order is read there.',
      ),
    TARIFF_NOTIFICATIONS_URL: z
      .url()
      .default('http://127.0.0.1:3002')
      .describe('Base URL of the notifications worker that accepts contract letters.'),
    PORTAL_URL: z
      .url()
      .default('http://127.0.0.1:3000')
      .describe('Public address of the portal; contract letters link to the contract there.'),
    // Optional so a development or test start needs no identity provider; required in production
    // (checked in start.ts): without them no letter or contract basis can be fetched.
    AUTH_TOKEN_URL: optionalUrl('OAuth 2.0 token endpoint for client-credentials tokens.'),
    AUTH_CLIENT_ID: z
      .string()
      .min(1)
      .optional()
      .describe("This service's client id at the identity provider."),
    AUTH_CLIENT_SECRET: z.string().min(1).optional().describe("This service's client secret."),
    TEMPLATES_DIR: z
      .string()
      .optional()
      .describe(
        'Folder of template JSON files loaded (idempotently) at start; unset: the templates/ folder shipped with the service.',
      ),
    PL_RATE_BP: z.coerce
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(400)
      .describe(
        'P/L rate in basis points: a price increase strictly above it needs a recorded buyer approval.',
      ),
    EVENT_CONCURRENCY: z.coerce
      .number()
      .int()
      .positive()
      .default(5)
      .describe('Domain events (order selected) handled in parallel.'),
    EVENT_RETRY_BASE_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(5_000)
      .describe('First retry delay when the order portal cannot be reached.'),
    LETTER_RETRY_INTERVAL_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(30_000)
      .describe(
        'How often contract letters not yet accepted by the notifications worker are retried.',
      ),
    LETTER_RETRY_AFTER_MS: z.coerce
      .number()
      .int()
      .nonnegative()
      .default(30_000)
      .describe('A pending letter untouched for this long is retried by the reconciler.'),
  });

/** The templates shipped with the service, loaded when TEMPLATES_DIR is not set. */
export const SHIPPED_TEMPLATES_DIR = path.resolve(__dirname, '../templates');

export type StandardContractConfig = z.infer<typeof standardContractEnv>;
