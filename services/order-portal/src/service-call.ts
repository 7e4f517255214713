import type { z } from 'zod';
import { correlationHeaders } from '@rammeaftale/logging';

/**
 * One HTTP call to another service of the suite with the signed-in person's own token (ADR 0009):
 * that service decides from the token what the person may see and do. A refusal comes back as the
 * domain's error (`refusalOf`), an unreachable service as `unreachable()`; the clients of the
 * contracts and notifications services are built on it.
 */
export type Call = (
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) => Promise<Response>;

export function personCaller(opts: {
  baseUrl: string;
  timeoutMs?: number;
  /** The error when the service cannot be reached or does not answer in time. */
  unreachable: () => Error;
  /** The domain's error for a refusal (any answer that is not 2xx). */
  refusalOf: (res: Response) => Promise<Error>;
}): Call {
  const base = opts.baseUrl.replace(/\/+$/, '');
  return async (token, method, path, body) => {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          ...correlationHeaders(),
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
    } catch {
      throw opts.unreachable();
    }
    if (res.ok) return res;
    throw await opts.refusalOf(res);
  };
}

/** An answer's body read by the schema of what the page shows. */
export const json = async <S extends z.ZodType>(schema: S, res: Response): Promise<z.infer<S>> =>
  schema.parse(await res.json());
