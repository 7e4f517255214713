import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  extendZodWithOpenApi,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { OpenAPIRegistry };

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    correlationId: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() }))
      .optional(),
  })
  .openapi('Problem');

/**
 * Who may call an operation. `bearer`: a signed-in person's JWT; `service`: a service token (role
 * `service`) from another service of the suite; `{ cookie }`: a bearer token or that session cookie
 * (the portal's pages); `none`: public on purpose. Required on every route, so it cannot be forgotten.
 */
export type RouteSecurity = 'bearer' | 'service' | 'none' | { cookie: string };

/** Media types a handler writes itself through `res` (files, reports). */
export type FileMediaType = 'text/csv' | 'application/pdf' | 'application/json';

type Content = Record<string, { schema: z.ZodType }>;
type Responses = Record<string, { description: string; content?: Content }>;

const problemContent: Content = { 'application/problem+json': { schema: ProblemSchema } };
const FileSchema = z.string().openapi({ format: 'binary' });

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid input; `errors` names each field',
  401: 'No valid token or session',
  403: 'Signed in, but the role or organisation may not do this',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflicts with the current state',
  413: 'The body is larger than allowed',
  415: 'Unsupported content type',
  422: 'Understood, but a rule forbids it; `errors` or `detail` says which',
  429: 'Too many requests; `Retry-After` says when to try again',
  503: 'Database or queue unavailable',
};

const registered = new WeakMap<OpenAPIRegistry, Set<string>>();

function registerScheme(
  registry: OpenAPIRegistry,
  name: string,
  scheme:
    | { type: 'http'; scheme: 'bearer'; bearerFormat: string; description: string }
    | { type: 'apiKey'; in: 'cookie'; name: string; description: string },
): string {
  const names = registered.get(registry) ?? new Set<string>();
  registered.set(registry, names);
  if (!names.has(name)) registry.registerComponent('securitySchemes', name, scheme);
  names.add(name);
  return name;
}

/** The operation's security requirement (alternatives), its schemes registered once per registry. */
export function securityOf(registry: OpenAPIRegistry, security: RouteSecurity | undefined) {
  if (security === undefined || security === 'none') return [];
  const bearer = registerScheme(registry, 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "An access token from the suite's identity provider.",
  });
  if (typeof security === 'string') return [{ [bearer]: [] }];
  const cookie = registerScheme(registry, 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: security.cookie,
    description: 'The portal session (an opaque id); writes must come from the portal origin.',
  });
  return [{ [bearer]: [] }, { [cookie]: [] }];
}

/**
 * Every operation's responses: its success (a JSON schema, files, or no content), 400, 429 (the
 * per-address limit; per user too when signed in) and 503, and for a secured one 401 and 403, all
 * problem+json.
 */
export function responsesOf(spec: {
  status: number;
  response?: z.ZodType;
  produces?: FileMediaType[];
  problems?: number[];
  security?: RouteSecurity;
}): Responses {
  const content: Content = {};
  if (spec.response) content['application/json'] = { schema: spec.response };
  for (const type of spec.produces ?? [])
    content[type] ??= { schema: type === 'application/json' ? z.unknown() : FileSchema };
  const success =
    spec.status === 204 || Object.keys(content).length === 0
      ? { description: 'Done; no content' }
      : { description: 'Success', content };
  // 429 everywhere: the per-address limit is in front of every route (app.ts), public ones too.
  const codes = new Set([400, 429, 503, ...(spec.problems ?? [])]);
  if (spec.security !== undefined && spec.security !== 'none')
    [401, 403].forEach((c) => codes.add(c));
  const responses: Responses = { [spec.status]: success };
  for (const code of [...codes].sort())
    responses[code] = { description: PROBLEM_TEXT[code] ?? 'Problem', content: problemContent };
  return responses;
}

/** Express `/offers/:id` → OpenAPI `/offers/{id}`. */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export function generateDocument(
  registry: OpenAPIRegistry,
  info: { title: string; version: string; description?: string },
) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
  });
}
