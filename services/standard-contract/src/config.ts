import path from 'node:path';
import { authEnv, baseEnv, httpEnv, z } from '@rammeaftale/config';

/**
 * The supervising authorities the tariff flow reports to, keyed by the name an offer carries in
 * `supervisingAuthority` (e.g. "Socialtilsyn Øst"): where reports go and which users act for it.
 */
const AuthorityEntry = z.strictObject({
  email: z.email(),
  organisationId: z.string().min(1).max(100).optional(),
});
export const AuthorityMap = z.record(z.string().min(1), AuthorityEntry);
export type AuthorityMap = z.infer<typeof AuthorityMap>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The AUTHORITIES setting as a map (the config keeps the JSON text, so its default reads "{}"). */
export function parseAuthorities(text: string): AuthorityMap {
  return AuthorityMap.parse(parseJson(text));
}

// Checked at start like every key, kept as text so the generated configuration page shows it.
const authoritiesSetting = z
  .string()
  .default('{}')
  .refine(
    (text) => AuthorityMap.safeParse(parseJson(text)).success,
    'must be JSON: {"<authority name>": {"email": "...", "organisationId": "..."}}',
  );

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
        'Base URL of the order portal; the contract basis of a selected order and the policy values in force are read there.',
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
    POLICY_CACHE_MS: z.coerce
      .number()
      .int()
      .nonnegative()
      .default(60_000)
      .describe(
        'How long policy values (P/L, report thresholds) read from the order portal are reused. There is no built-in default: without an answer a price decision waits (503).',
      ),
    TARIFF_APPROVAL_DAYS: z.coerce
      .number()
      .int()
      .positive()
      .max(365)
      .default(30)
      .describe(
        'Days the buyer has to approve or reject a tariff increase above P/L, counted from the announcement.',
      ),
    TARIFF_REMINDER_DAYS_BEFORE: z.coerce
      .number()
      .int()
      .nonnegative()
      .max(365)
      .default(7)
      .describe('A reminder goes to the buyer this many days before the approval deadline.'),
    TARIFF_DEADLINE_NEAR_DAYS: z.coerce
      .number()
      .int()
      .nonnegative()
      .max(365)
      .default(5)
      .describe(
        "The buyer's case workers are told (a notice and a mail in the portal) this many days before the approval deadline of an increase they have not decided.",
      ),
    TARIFF_JUSTIFICATION_DAYS: z.coerce
      .number()
      .int()
      .positive()
      .max(365)
      .default(14)
      .describe(
        'Days the supplier is given (in the letter on increases above P/L) to send its justification.',
      ),
    TARIFF_FLOW_INTERVAL_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe(
        'How often the tariff flow applies decided changes, hands over letters and reports, sends due reminders and reads delivery status.',
      ),
    AUTHORITIES: authoritiesSetting.describe(
      'Supervising authorities as JSON: {"<name as on the offer>": {"email": "...", "organisationId": "<org id of its users>"}}. A report to an authority missing here waits, visibly, until it is configured.',
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
    OUTBOX_RELAY_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(2000)
      .describe(
        "How often the contracts' pending domain events (signed, terminated, cancelled) are published to Redis.",
      ),
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
