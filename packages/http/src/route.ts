import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ProblemSchema, toOpenApiPath } from './openapi';
import { parsePart } from './validation';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

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
  /** The success status and the schema of what the handler returns. */
  status?: 200 | 201 | 202 | 204;
  response?: z.ZodType<R>;
  /** Extra documented problem statuses besides 400/503. */
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

/**
 * One declaration per operation: the zod schemas validate the request and generate the OpenAPI
 * document, so the docs can never drift from what the route accepts.
 */
export function createApi(router: Router, registry: OpenAPIRegistry): Api {
  return {
    router,
    registry,
    route(spec) {
      const status = spec.status ?? 200;
      const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
      const responses: Record<
        string,
        { description: string; content?: Record<string, { schema: z.ZodType }> }
      > = {
        [status]: {
          description: 'Success',
          ...(spec.response && status !== 204
            ? { content: { 'application/json': { schema: spec.response } } }
            : {}),
        },
        400: { description: 'Invalid input; `errors` names each field', content: problemContent },
        503: { description: 'Database or queue unavailable', content: problemContent },
      };
      for (const code of spec.problems ?? [])
        responses[code] = { description: 'Problem', content: problemContent };
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
        description: spec.description,
        tags: spec.tags,
        request,
        responses,
      });
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
          else res.status(status).json(result);
        },
      );
    },
  };
}
