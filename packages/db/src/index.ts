import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '@rammeaftale/logging';

export { mongoose };

export interface ConnectOptions {
  url: string;
  dbName: string;
  logger: Logger;
  /** Attempts at start-up before giving up (the orchestrator restarts us then). */
  retries?: number;
  retryDelayMs?: number;
  serverSelectionTimeoutMs?: number;
  /** TLS to the server (MONGO_TLS, MONGO_TLS_CA_FILE); Node's TLS floor is 1.2. */
  tls?: { enabled: boolean; caFile?: string };
}

/**
 * A dedicated connection per service (each service owns its own database).
 *
 * - `strictQuery: 'throw'`: a filter on an unknown path is a bug or an attack, never "match all".
 * - `sanitizeFilter`: `{ $gt: '' }` arriving where a value was expected is neutralised.
 * - `bufferCommands: false`: while the database is unreachable, calls fail at once (mapped to 503)
 *   instead of queuing in memory and hanging the request.
 */
/** The driver's TLS options: none unless asked (a CA file asks too); tls=true in the URL also works. */
export function mongoTlsOptions(tls?: { enabled: boolean; caFile?: string }): {
  tls?: true;
  tlsCAFile?: string;
} {
  if (!tls || (!tls.enabled && !tls.caFile)) return {};
  return { tls: true, ...(tls.caFile ? { tlsCAFile: tls.caFile } : {}) };
}

export async function connectDatabase(opts: ConnectOptions): Promise<Connection> {
  const {
    url,
    dbName,
    logger,
    retries = 30,
    retryDelayMs = 1000,
    // How long an operation waits for a server when none is known to be up: while the database
    // is down every request waits this long (once more when the driver retries a read or write)
    // before its 503; a running server is selected at once. Cut to 1 s, the portal's connection
    // stayed down after the database came back in 4 of 10 runs of
    // test/faults/database-stopped.test.ts (cause not found yet); at 3 s it recovered in all 5.
    serverSelectionTimeoutMs = 3000,
  } = opts;
  const tls = mongoTlsOptions(opts.tls);
  mongoose.set('strictQuery', 'throw');
  mongoose.set('sanitizeFilter', true);
  const conn = mongoose.createConnection();
  conn.on('disconnected', () => logger.warn({ dbName }, 'database disconnected'));
  conn.on('reconnected', () => logger.info({ dbName }, 'database reconnected'));
  conn.on('error', (err: Error) => logger.error({ err, dbName }, 'database error'));
  for (let attempt = 1; ; attempt++) {
    try {
      await conn.openUri(url, {
        dbName,
        bufferCommands: false,
        autoIndex: true,
        serverSelectionTimeoutMS: serverSelectionTimeoutMs,
        socketTimeoutMS: 20_000,
        heartbeatFrequencyMS: 2000,
        ...tls,
      });
      logger.info({ dbName }, 'database connected');
      return conn;
    } catch (err) {
      if (attempt >= retries) throw err;
      logger.warn({ err, attempt, dbName }, 'database not reachable yet, retrying');
      await new Promise((r) => setTimeout(r, retryDelayMs));
    }
  }
}

/** True when the connection is open and the server answers a ping within `timeoutMs`. */
export async function pingDatabase(conn: Connection, timeoutMs = 2000): Promise<boolean> {
  if (conn.readyState !== mongoose.ConnectionStates.connected || !conn.db) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const ping = conn.db
      .admin()
      .command({ ping: 1 })
      .then(() => true as const);
    return await Promise.race([ping, timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function closeDatabase(conn: Connection): Promise<void> {
  await conn.close();
}

/**
 * A bulk write (insertMany: the access log's group commit) whose connection failed: the driver
 * wraps the network error in a MongoBulkWriteError without keeping it as `cause`, copying its own
 * fields instead (a network error's `beforeHandshake`), and with no write errors of its own. It
 * answered 500 when the database stopped under load.
 */
function bulkWriteOfLostConnection(err: Error): boolean {
  if (err.name !== 'MongoBulkWriteError') return false;
  const e = err as Error & { writeErrors?: unknown[]; err?: unknown; beforeHandshake?: unknown };
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors.length : 0;
  // A network error's own field, or a server selection's (`reason`, the topology it saw).
  return writeErrors === 0 && e.err === undefined && ('beforeHandshake' in e || 'reason' in e);
}

/** Errors that mean "the database is not there right now" (→ 503), not "your request is wrong". */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  // A wrapper that names what failed (the access log's write error) keeps the database's as cause.
  if (err.cause !== undefined && isDatabaseUnavailable(err.cause)) return true;
  const name = err.name;
  return (
    name === 'MongoServerSelectionError' ||
    name === 'MongoNetworkError' ||
    name === 'MongoNetworkTimeoutError' ||
    name === 'MongoNotConnectedError' ||
    name === 'MongoTopologyClosedError' ||
    name === 'MongoPoolClearedError' ||
    name === 'MongoServerClosedError' ||
    bulkWriteOfLostConnection(err) ||
    /Cannot call `.+` before initial connection is complete|buffering timed out|Client must be connected/i.test(
      err.message,
    )
  );
}

/**
 * Marks an operator object written by our own code (`{ $in: [...] }`, `{ $lt: date }`) as trusted,
 * so `sanitizeFilter` leaves it alone. Never wrap values that came from a request.
 */
export function trusted<T extends object>(filter: T): T {
  return mongoose.trusted<T>(filter);
}

export {
  crossTenant,
  isCrossTenant,
  partyScope,
  requireCrossTenant,
  requireParty,
  scopeFilter,
  MissingTenantScopeError,
  type CrossTenantScope,
  type PartyScope,
  type ScopeFilters,
  type TenantScope,
} from './tenant-scope';
export { LeaseRepository, onOneReplica, withLease } from './lease';
