import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import {
  currentCorrelationId,
  newOpaqueId,
  scrubCpr,
  withCorrelation,
  type Logger,
} from '@rammeaftale/logging';
import { OpenAPIRegistry, generateDocument } from './openapi';
import { DOCS_CSS, renderDocsPage } from './docs-page';
import { metricsRoute, type HttpMetrics } from './metrics';
import { ProblemError, problemFromRefusal, validationProblem } from './problem';
import { rateLimit, type RateLimitStore } from './rate-limit';
import { createApi, type Api } from './route';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

export interface HttpAppOptions {
  service: string;
  version?: string;
  description?: string;
  logger: Logger;
  readiness: ReadinessCheck[];
  jsonBodyLimit?: string;
  /** Errors that mean a backing service is down (→ 503), decided by the composition root. */
  isUnavailable?: (err: unknown) => boolean;
  /** Mounts the service's routes; everything declared through `api.route` is documented. */
  routes: (api: Api, app: Express) => void;
  /** Extra CSP directives for pages the service renders itself (none needed by default). */
  csp?: Record<string, string[]>;
  /** Request durations by route and status, and `GET /metrics` (packages/runtime's registry). */
  metrics?: HttpMetrics;
  /**
   * Per-address limit in front of everything (health probes excluded), counted in `store` (the
   * service's Redis, shared by its replicas) or, without one, in this process.
   */
  ipRateLimit?: { max: number; windowMs: number; store?: RateLimitStore } | false;
  /**
   * Check each JSON answer of `api.route` against its `response` schema (ApiOptions): a service
   * passes `validatesResponses(config)`. Default: on.
   */
  validateResponses?: boolean;
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The pattern of the route that matched (express types `req.route` as any). */
const routePath = (req: Request): string | undefined =>
  (req.route as { path?: string } | undefined)?.path;

function securityHeaders(csp: HttpAppOptions['csp']) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'object-src': ["'none'"],
        'img-src': ["'self'", 'data:'],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'font-src': ["'self'"],
        ...csp,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/** A request id per request (the caller's, if safe), carried into every log line of it. */
function requestLog(logger: Logger, metrics?: HttpMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    // A caller's id is kept unless it could be mistaken for a CPR number.
    const id =
      incoming && SAFE_REQUEST_ID.test(incoming) && scrubCpr(incoming) === incoming
        ? incoming
        : newOpaqueId();
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The route pattern, not the URL: URLs can carry search terms about a citizen.
      const path = routePath(req);
      const route = path ? `${req.baseUrl}${path}` : '(unmatched)';
      metrics?.observe({ method: req.method, route, status: res.statusCode, seconds: ms / 1000 });
      withCorrelation(id, () =>
        logger[res.statusCode >= 500 ? 'error' : 'info'](
          { method: req.method, route, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
          'request',
        ),
      );
    });
    withCorrelation(id, () => next());
  };
}

function healthRoutes(app: Express, opts: HttpAppOptions): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: opts.service });
  });
  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      opts.readiness.map(async (c) => ({ name: c.name, ok: await c.check().catch(() => false) })),
    );
    const ok = results.every((r) => r.ok);
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ready' : 'unavailable',
      checks: Object.fromEntries(results.map((r) => [r.name, r.ok ? 'ok' : 'unavailable'])),
    });
  });
}

/** Content type before parsing: a body in another format is refused, not silently ignored. */
function bodyTypeGuard(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (
    BODY_METHODS.has(req.method) &&
    hasBody &&
    !req.is('application/json') &&
    !req.is('application/x-www-form-urlencoded') &&
    !req.is('multipart/form-data') &&
    !req.is('text/csv')
  ) {
    return next(new ProblemError(415, 'Send application/json'));
  }
  next();
}

function docsRoutes(app: Express, registry: OpenAPIRegistry, opts: HttpAppOptions): void {
  let cachedDoc: ReturnType<typeof generateDocument> | undefined;
  const doc = () =>
    (cachedDoc ??= generateDocument(registry, {
      title: opts.service,
      version: opts.version ?? '0.1.0',
      description: opts.description,
    }));
  app.get('/openapi.json', (_req, res) => {
    res.json(doc());
  });
  app.get('/docs.css', (_req, res) => {
    res.type('css').send(DOCS_CSS);
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(renderDocsPage(doc()));
  });
}

/** The documented paths, e.g. `/deliveries/{id}`, as segments. */
function documentedPaths(registry: OpenAPIRegistry): string[][] {
  return registry.definitions.flatMap((d) => (d.type === 'route' ? [d.route.path.split('/')] : []));
}

const decodes = (segment: string) => {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
};

/**
 * Express could not percent-decode a path parameter (`/contracts/%E6%F8` is not UTF-8): the
 * router throws a URIError with status 400 before any route runs. That is the caller's input, so
 * 400 naming the parameter of the documented path it was meant for (`params` when none matches).
 * The raw value is not echoed: it is the caller's text and could be anything.
 */
function undecodableParam(err: unknown, req: Request, paths: () => string[][]) {
  if (!(err instanceof URIError)) return undefined;
  const segments = req.path.split('/');
  const bad = segments.findIndex((s) => !decodes(s));
  const matches = (p: string[]) =>
    p.length === segments.length &&
    p.every((part, i) => part.startsWith('{') || part === segments[i]);
  const name = paths()
    .filter(matches)
    .map((p) => p[bad])
    .find((part) => part?.startsWith('{'))
    ?.slice(1, -1);
  return validationProblem([
    {
      field: name ? `params.${name}` : 'params',
      message: 'not valid percent-encoded UTF-8',
      code: 'invalid_encoding',
    },
  ]);
}

/** The one error handler: problem+json with the correlation id, never a stack trace. */
function problemResponder(opts: HttpAppOptions, registry: OpenAPIRegistry) {
  let paths: string[][] | undefined;
  const documented = () => (paths ??= documentedPaths(registry));
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = undecodableParam(err, req, documented) ?? toProblem(err, opts.isUnavailable);
    if (problem.status >= 500) opts.logger.error({ err, route: routePath(req) }, 'request failed');
    for (const [k, v] of Object.entries(problem.extra.headers ?? {})) res.setHeader(k, v);
    res
      .status(problem.status)
      .type('application/problem+json')
      .send(
        JSON.stringify(
          problem.toBody(
            req.originalUrl.split('?')[0],
            currentCorrelationId() ?? String(res.getHeader('X-Request-Id')),
          ),
        ),
      );
  };
}

/**
 * The express app every service uses: helmet, request ids carried into every log line, a JSON
 * body limit, validation through `api.route`, health and readiness, OpenAPI, and one error handler
 * that answers problem+json and never a stack trace.
 */
export function createHttpApp(opts: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');

  app.use(securityHeaders(opts.csp));
  app.use(requestLog(opts.logger, opts.metrics));
  // Responses may hold personal data: never stored by browsers or proxies.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  healthRoutes(app, opts);
  if (opts.metrics) metricsRoute(app, opts.metrics);
  if (opts.ipRateLimit !== false) {
    app.use(rateLimit({ key: 'ip', ...(opts.ipRateLimit ?? { max: 6000, windowMs: 60_000 }) }));
  }
  app.use(bodyTypeGuard);
  app.use(express.json({ limit: opts.jsonBodyLimit ?? '100kb', strict: true }));

  const registry = new OpenAPIRegistry();
  const router = express.Router();
  const api = createApi(router, registry, { validateResponses: opts.validateResponses });
  opts.routes(api, app);
  app.use(router);
  docsRoutes(app, registry, opts);

  app.use((req: Request, _res: Response, next: NextFunction) =>
    next(new ProblemError(404, `No route for ${req.method} ${req.path}`)),
  );
  app.use(problemResponder(opts, registry));
  return app;
}

function toProblem(err: unknown, isUnavailable?: (err: unknown) => boolean): ProblemError {
  if (err instanceof ProblemError) return err;
  const refused = problemFromRefusal(err);
  if (refused) return refused;
  const e = err as { type?: string; status?: number; name?: string; message?: string };
  // body-parser errors carry a type and a status.
  if (e?.type === 'entity.too.large')
    return new ProblemError(413, 'The request body is larger than allowed');
  if (e?.type === 'entity.parse.failed')
    return new ProblemError(400, 'The request body is not valid JSON');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported')
    return new ProblemError(415, 'Unsupported body encoding');
  if (e?.name === 'CastError' || e?.name === 'StrictModeError' || e?.name === 'ValidationError') {
    return new ProblemError(400, 'A value has the wrong form');
  }
  if (isUnavailable?.(err))
    return new ProblemError(503, 'A backing service is unavailable; try again shortly', {
      headers: { 'Retry-After': '5' },
    });
  return new ProblemError(500, 'Unexpected error; it has been logged');
}
