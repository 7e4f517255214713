import { createHash, timingSafeEqual } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { ProblemError } from './problem';

/** One finished request as the metrics see it: the route pattern, never the URL. */
export interface ObservedRequest {
  method: string;
  route: string;
  status: number;
  seconds: number;
}

/**
 * The service's metrics as the HTTP app needs them (the registry lives in packages/runtime):
 * every finished request is observed, and `GET /metrics` answers the registry's text to a caller
 * with the bearer `token` (METRICS_TOKEN). Without a token, `/metrics` is not served.
 */
export interface HttpMetrics {
  token: string | undefined;
  observe: (request: ObservedRequest) => void;
  render: () => Promise<{ contentType: string; body: string }>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time: the token's hash is compared, so neither its content nor length leaks. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(sha256(given), sha256(token));
}

export function metricsRoute(app: Express, metrics: HttpMetrics): void {
  const { token } = metrics;
  if (!token) return;
  app.get('/metrics', async (req: Request, res: Response) => {
    if (!bearerMatches(req.get('authorization'), token))
      throw new ProblemError(401, 'The metrics need the scraper’s bearer token', {
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      });
    const { contentType, body } = await metrics.render();
    res.type(contentType).send(body);
  });
}
