import type { Actor } from '@rammeaftale/auth';
import { currentCorrelationId, type Logger } from '@rammeaftale/logging';
import { AccessLogValidationError, type AccessLogInput } from './access-log.entry';
import type { AccessLogRepository } from './access-log.repository';

/** The access happened but could not be logged; the caller must not serve the data. */
export class AccessLogWriteError extends Error {
  override readonly name = 'AccessLogWriteError';

  constructor(options?: { cause?: unknown }) {
    super('The access could not be recorded in the access log, so it is refused', options);
  }
}

/** What a use case says about an access; who made it comes from the actor. */
export type AccessDetails = Omit<AccessLogInput, 'at' | 'userId' | 'role' | 'organisationId'>;

/** Records one access by `actor`; resolves once the entry is stored. */
export type AccessLog = (actor: Actor, details: AccessDetails) => Promise<void>;

/**
 * The helper use cases call around every read or write of a citizen's data, before the data is
 * returned.
 *
 * A failure to record THROWS into the caller's flow, on purpose. Logging access to sensitive
 * personal data is a legal duty, not a diagnostic: a read of a citizen's data that cannot be
 * logged must not be served, and a write must not be reported as done without its entry. So the
 * request fails (503 when the database is down) instead of carrying on unlogged. The failure
 * is also written to the service log (without the entry's contents) so operators see it.
 */
export function accessLogger(
  repo: AccessLogRepository,
  options: AccessLoggerOptions = {},
): AccessLog {
  const log = untimedAccessLogger(repo, options);
  const { observe } = options;
  if (!observe) return log;
  return async (actor, details) => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      await log(actor, details);
      observe(seconds(), 'ok');
    } catch (err) {
      observe(seconds(), 'error');
      throw err;
    }
  };
}

export interface AccessLoggerOptions {
  logger?: Logger;
  /** Entries arriving within this window are written in one insert (0: each on its own). */
  groupCommitMs?: number;
  maxBatch?: number;
  /** How long each caller waited for its entry, and whether it was stored (the metrics). */
  observe?: (seconds: number, outcome: 'ok' | 'error') => void;
}

function untimedAccessLogger(repo: AccessLogRepository, options: AccessLoggerOptions): AccessLog {
  const fail = (err: unknown, actor: Actor, details: AccessDetails): never => {
    options.logger?.error(
      { err, action: details.action, resourceType: details.resource?.type, userId: actor.userId },
      'access log entry could not be recorded; the access is refused',
    );
    // A malformed entry is a bug in the caller: keep its message, which names the fields.
    if (err instanceof AccessLogValidationError) throw err;
    throw new AccessLogWriteError({ cause: err });
  };
  const toInput = (actor: Actor, details: AccessDetails): AccessLogInput => ({
    ...details,
    userId: actor.userId,
    role: actor.role,
    organisationId: actor.organisationId,
    correlationId: details.correlationId ?? currentCorrelationId(),
  });

  // Group commit: entries arriving within `groupCommitMs` are written in one insert, and while an
  // insert is under way the entries arriving meanwhile wait for it and then go in the next one —
  // one insert in flight at a time, so a slow insert makes the next batch bigger, not the queue of
  // inserts (the chain appends one batch after another, access-log-chain.ts) longer. Each caller
  // still waits until its own entry is stored: fail-closed is unchanged.
  const windowMs = options.groupCommitMs ?? 0;
  if (windowMs <= 0) {
    return async (actor, details) => {
      try {
        await repo.record(toInput(actor, details));
      } catch (err) {
        fail(err, actor, details);
      }
    };
  }
  const maxBatch = options.maxBatch ?? 200;
  const queue: { input: AccessLogInput; resolve: () => void; reject: (err: unknown) => void }[] =
    [];
  let timer: NodeJS.Timeout | undefined;
  let writing = false;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (writing || queue.length === 0) return; // the insert under way flushes when it is done
    const batch = queue.splice(0, maxBatch);
    writing = true;
    repo
      .recordMany(batch.map((b) => b.input))
      .then(
        () => batch.forEach((b) => b.resolve()),
        (err: unknown) => batch.forEach((b) => b.reject(err)),
      )
      .finally(() => {
        writing = false;
        flush();
      });
  };
  return async (actor, details) => {
    const input = toInput(actor, details);
    try {
      repo.validate(input); // a bad entry fails alone, never the batch it would have joined
      await new Promise<void>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        if (queue.length >= maxBatch) flush();
        else timer ??= setTimeout(flush, windowMs);
      });
    } catch (err) {
      fail(err, actor, details);
    }
  };
}
