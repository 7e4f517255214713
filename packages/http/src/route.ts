import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  responsesOf,
  securityOf,
  toOpenApiPath,
  type FileMediaType,
  type RouteSecurity,
} from './openapi';
import { parsePart } from './validation';
import { reusableAnswerText } from './reusable-answer';

export type { FileMediaType, RouteSecurity } from './openapi';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnySpec = RouteSpec<z.ZodType, z.ZodType, z.ZodType, unknown>;

const NO_QUERY = z.strictObject({});

type RouteRequest = NonNullable<Parameters<OpenAPIRegistry['registerPath']>[0]['request']>;

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R> {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  params?: P;
  query?: Q;
  body?: B;
  /**
   * Who may call it, documented as the operation's security requirement (see RouteSecurity).
   * Required: a route cannot be added without saying whether it is public.
   */
  security: RouteSecurity;
  /** The success status and the schema of what the handler returns. */
  status?: 200 | 201 | 202 | 204;
  response?: z.ZodType<R>;
  /** Media types the handler writes itself through `res` (a CSV report, a PDF). */
  produces?: FileMediaType[];
  /** Problem statuses the handler can answer besides 400/503 (and 401/403/429 when secured). */
  problems?: number[];
  /** Middleware run before validation (authentication, rate limits). */
  before?: ((req: Request, res: Response, next: (err?: unknown) => void) => void)[];
  handler: (input: {
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    req: Request;
    res: Response;
  }) => Promise<R | undefined> | R | undefined;
}

export interface Api {
  router: Router;
  registry: OpenAPIRegistry;
  route: <
    P extends z.ZodType = z.ZodType,
    Q extends z.ZodType = z.ZodType,
    B extends z.ZodType = z.ZodType,
    R = unknown,
  >(
    spec: RouteSpec<P, Q, B, R>,
  ) => void;
}

export interface ApiOptions {
  /**
   * Check each JSON result against the route's `response` schema before it is sent (a mismatch
   * answers 500). Given by the app's composition root from its config (`validatesResponses` of
   * packages/config: on unless NODE_ENV is `production`); never read from the process's
   * environment here, so two apps in one process can differ. Default: on.
   */
  validateResponses?: boolean;
}

/**
 * A handler's result that does not match its declared schema: a bug of the service. It carries the
 * issue paths and codes only, never the values (they may be a citizen's data).
 */
export class ResponseMismatchError extends Error {
  readonly issues: { path: string; code: string }[];

  constructor(route: string, issues: { path: string; code: string }[]) {
    super(
      `The response of ${route} does not match its schema at ${issues.map((i) => `${i.path} (${i.code})`).join(', ')}`,
    );
    this.name = 'ResponseMismatchError';
    this.issues = issues;
  }
}

/** The handler's result, as it returned it, checked against the declared schema. */
function checkResponse(route: string, schema: z.ZodType, result: unknown): void {
  const parsed = schema.safeParse(result);
  if (parsed.success) return;
  throw new ResponseMismatchError(
    route,
    parsed.error.issues.slice(0, 20).map((i) => ({
      path: i.path.map(String).join('.') || '(root)',
      code: i.code,
    })),
  );
}

function describe(spec: { description?: string; security?: RouteSecurity }): string | undefined {
  if (spec.security !== 'service') return spec.description;
  const note = 'Service-to-service: needs a service token (role `service`), not a person.';
  return spec.description ? `${spec.description}\n\n${note}` : note;
}

function registerDoc(registry: OpenAPIRegistry, spec: AnySpec) {
  // The generator wants object schemas for params and query; routes declare them as objects.
  const request: RouteRequest = {
    ...(spec.params && { params: spec.params as unknown as RouteRequest['params'] }),
    ...(spec.query && { query: spec.query as unknown as RouteRequest['query'] }),
    ...(spec.body && {
      body: { required: true, content: { 'application/json': { schema: spec.body } } },
    }),
  };
  registry.registerPath({
    method: spec.method,
    path: toOpenApiPath(spec.path),
    summary: spec.summary,
    description: describe(spec),
    tags: spec.tags,
    request,
    security: securityOf(registry, spec.security),
    responses: responsesOf({ ...spec, status: spec.status ?? 200 }),
  });
}

/**
 * One declaration per operation: the zod schemas validate the request and generate the OpenAPI
 * document, so the docs can never drift from what the route accepts.
 */
export function createApi(router: Router, registry: OpenAPIRegistry, opts: ApiOptions = {}): Api {
  const validate = opts.validateResponses ?? true;
  return {
    router,
    registry,
    route(spec) {
      const status = spec.status ?? 200;
      registerDoc(registry, spec);
      const name = `${spec.method.toUpperCase()} ${spec.path}`;
      router[spec.method](
        spec.path,
        ...(spec.before ?? []),
        async (req: Request, res: Response) => {
          const params = spec.params ? parsePart('params', spec.params, req.params) : req.params;
          // An operation without a query schema takes no query: unknown parameters are refused, not ignored.
          const query = parsePart('query', spec.query ?? NO_QUERY, req.query);
          const body = spec.body ? parsePart('body', spec.body, req.body) : undefined;
          const result = await spec.handler({ params, query, body, req, res } as never);
          if (res.headersSent) return;
          if (status === 204 || result === undefined)
            res.status(status === 200 && result === undefined ? 204 : status).end();
          else {
            if (validate && spec.response) checkResponse(name, spec.response, result);
            const text = reusableAnswerText(result);
            if (text === undefined) res.status(status).json(result);
            else res.status(status).type('application/json').send(text);
          }
        },
      );
    },
  };
}
