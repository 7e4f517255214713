import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

export { z };

/** An optional path to a PEM file that must exist and hold a certificate when set. */
const pemFile = z
  .string()
  .min(1)
  .refine(
    (file) =>
      existsSync(file) && readFileSync(file, 'utf8').includes('-----BEGIN CERTIFICATE-----'),
    'must be a readable PEM file with a CA certificate',
  )
  .optional();

/**
 * Variables every service reads. Each service extends this with its own keys
 * (`baseEnv.extend({...})`); `.describe()` is the doc line shown by `describeConfig`.
 */
export const baseEnv = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('development')
    .describe('Runtime mode; production turns off demo conveniences.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URL')
    .describe('MongoDB (or FerretDB) connection string, without the database name.'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .describe('Redis connection string for BullMQ queues.'),
  MONGO_TLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe(
      'Connect to MongoDB over TLS (≥ 1.2); also on with tls=true in MONGO_URL or with MONGO_TLS_CA_FILE.',
    ),
  MONGO_TLS_CA_FILE: pemFile.describe(
    "PEM file of the CA that signed MongoDB's certificate (a private CA); implies MONGO_TLS.",
  ),
  REDIS_TLS_CA_FILE: pemFile.describe(
    "PEM file of the CA that signed Redis's certificate; TLS itself is chosen by a rediss:// REDIS_URL (this file implies it).",
  ),
  SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10_000)
    .describe('How long SIGTERM waits for in-flight work before exiting.'),
  // OpenTelemetry's own variables, read by its SDK (packages/tracing) before this schema is
  // parsed; declared here so they are documented and a malformed one stops the service.
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url()
    .optional()
    .describe(
      'OTLP collector base URL (e.g. http://otel-collector:4318); setting it turns tracing on (docs/runbook.md). Unset: no tracing, the SDK is not even loaded.',
    ),
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .enum(['http/protobuf', 'http/json', 'grpc'])
    .optional()
    .describe("How spans are sent to the collector; the SDK's default is http/protobuf."),
  OTEL_EXPORTER_OTLP_HEADERS: z
    .string()
    .optional()
    .describe('Headers of every export, `key=value,key2=value2` (a collector token: a Secret).'),
  OTEL_SERVICE_NAME: z
    .string()
    .optional()
    .describe(
      "The spans' service.name; default the service's own (order-portal, standard-contract, tariff-notifications).",
    ),
  OTEL_TRACES_SAMPLER: z
    .string()
    .optional()
    .describe(
      "Which traces are kept, as OpenTelemetry names them (e.g. parentbased_traceidratio); the SDK's default keeps every trace (parentbased_always_on).",
    ),
  OTEL_TRACES_SAMPLER_ARG: z
    .string()
    .optional()
    .describe("The sampler's argument, e.g. 0.1 for a tenth of the traces with traceidratio."),
});

export const httpEnv = z.object({
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .describe('HTTP port to listen on (0 = any free port).'),
  HOST: z.string().default('127.0.0.1').describe('Interface to bind.'),
  JSON_BODY_LIMIT: z.string().default('100kb').describe('Largest accepted JSON body.'),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(6000)
    .describe('Requests one address may make per minute (health probes excluded).'),
  USER_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(600)
    .describe('Requests one signed-in user may make per minute.'),
  VALIDATE_RESPONSES: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe(
      'Check each JSON answer against its documented response schema before it is sent (a mismatch answers 500 and is logged). Unset: on unless NODE_ENV is production.',
    ),
  METRICS_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe(
      'Bearer token the Prometheus scraper sends to GET /metrics (on PORT, of the API and of every worker process; docs/runbook.md). Unset: /metrics is not served. The same on every process of the suite; at least 32 characters.',
    ),
});

/**
 * Whether a service's HTTP app checks its answers against their response schemas
 * (HttpAppOptions.validateResponses): as VALIDATE_RESPONSES says, else on outside production, so
 * every test and development run is also a check of the documented contract.
 */
export function validatesResponses(config: {
  NODE_ENV: 'development' | 'test' | 'production';
  VALIDATE_RESPONSES?: boolean | undefined;
}): boolean {
  return config.VALIDATE_RESPONSES ?? config.NODE_ENV !== 'production';
}

export const authEnv = z.object({
  AUTH_ISSUER: z.string().min(1).describe('Expected `iss` of bearer tokens (the OIDC provider).'),
  AUTH_AUDIENCE: z
    .string()
    .default('rammeaftale-sjaelland')
    .describe('Expected `aud` of bearer tokens.'),
  AUTH_JWKS_URL: z.url().describe('Where the OIDC provider publishes its signing keys (JWKS).'),
});

/** For services that call other services: their own OAuth 2.0 client credentials. */
export const serviceAuthEnv = z.object({
  AUTH_TOKEN_URL: z.url().describe('OAuth 2.0 token endpoint for client-credentials tokens.'),
  AUTH_CLIENT_ID: z.string().min(1).describe("This service's client id at the identity provider."),
  AUTH_CLIENT_SECRET: z.string().min(1).describe("This service's client secret."),
});

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration: ${issues.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses `env` against `schema`; throws ConfigError naming every bad variable. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    const missing = issue.code === 'invalid_type' && env[key] === undefined;
    return missing ? `${key} is required` : `${key}: ${issue.message}`;
  });
  throw new ConfigError(issues);
}

/**
 * For `main.ts`: parse or stop the process with one line naming the variable(s).
 * A service that starts with a half-valid config fails later and further from the cause.
 */
export function loadConfigOrExit<S extends z.ZodType>(schema: S): z.infer<S> {
  try {
    return parseConfig(schema, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

export interface ConfigKeyDoc {
  key: string;
  /** The default as written in the environment (before any transform). */
  defaultValue?: string;
  /** True when the key may be left unset (it has a default or is optional). */
  optional: boolean;
  doc: string;
}

type Def = {
  type: string;
  in?: z.ZodType;
  innerType?: z.ZodType;
  defaultValue?: unknown;
};
const defOf = (t: z.ZodType) => (t as unknown as { _zod: { def: Def } })._zod.def;

/** The doc line and raw default of a key, looking through optional/default/transform wrappers. */
function unwrap(t: z.ZodType): { doc?: string; defaultValue?: unknown } {
  const def = defOf(t);
  const inner = def.type === 'pipe' ? def.in : def.innerType;
  const below = inner ? unwrap(inner) : {};
  return {
    doc: t.description ?? below.doc,
    defaultValue: def.type === 'default' ? def.defaultValue : below.defaultValue,
  };
}

/** A default as one would write it in the environment. */
function asWritten(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/** Each key with its doc line and default, for docs and `--help`. */
export function describeConfig(schema: z.ZodObject): ConfigKeyDoc[] {
  return Object.entries(schema.shape).map(([key, field]) => {
    const f = field as z.ZodType;
    const { doc, defaultValue } = unwrap(f);
    return {
      key,
      defaultValue: asWritten(defaultValue),
      optional: f.safeParse(undefined).success,
      doc: doc ?? '',
    };
  });
}
