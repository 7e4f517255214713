import { looksLikeCpr } from '@rammeaftale/domain';
import { currentCorrelationId } from '@rammeaftale/logging';

/**
 * The correlation id a job carries next to its payload (`correlationId` in the job's data): the
 * id of the request or job that added it, so the worker's log lines of the job carry the same id
 * as the request's. Only an opaque id is carried; one that could be mistaken for a CPR number is
 * not (the request log never makes one, but the field is guarded where it enters Redis too).
 */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export const CORRELATION_FIELD = 'correlationId';

const safe = (id: unknown): id is string =>
  typeof id === 'string' && SAFE_ID.test(id) && !looksLikeCpr(id);

/** The payload with the current correlation id beside it, when there is a safe one. */
export function withCurrentCorrelation<T extends object>(payload: T): T {
  const id = currentCorrelationId();
  return safe(id) ? { ...payload, [CORRELATION_FIELD]: id } : payload;
}

/** A job's data split into the payload its schema reads and the correlation id it carried. */
export function splitCorrelation(data: unknown): { payload: unknown; correlationId?: string } {
  if (data === null || typeof data !== 'object' || !(CORRELATION_FIELD in data))
    return { payload: data };
  const { [CORRELATION_FIELD]: id, ...payload } = data as Record<string, unknown>;
  return { payload, ...(safe(id) ? { correlationId: id } : {}) };
}
