import { dockerAvailable, startContainers, testcontainersWanted } from './containers';
import { startFerretDb } from './ferretdb';
import { startRedis } from './redis';

export interface Infra {
  mongoUrl: string;
  redisUrl: string;
  /** Which servers are used, for the log line a person reads. */
  kind: {
    mongo: 'external' | 'ferretdb' | 'container';
    /** Under FerretDB: PG_URL's server or the harness's own cluster. */
    postgres?: 'external' | 'local';
    redis: 'external' | 'local' | 'container';
  };
  stop: () => Promise<void>;
}

export interface InfraOptions {
  /** Keep data here between runs (the start command); a temporary folder otherwise. */
  dataDir?: { mongo?: string; redis?: string };
}

/**
 * One place decides which real servers a run uses: MONGO_URL / REDIS_URL if set; otherwise
 * containers when TESTCONTAINERS=1 and Docker answers; otherwise a local FerretDB (on PG_URL's
 * PostgreSQL or a private cluster) and redis-server.
 */
export async function startInfra(opts: InfraOptions = {}): Promise<Infra> {
  const envMongo = process.env.MONGO_URL;
  const envRedis = process.env.REDIS_URL;
  if (envMongo && envRedis) {
    return {
      mongoUrl: envMongo,
      redisUrl: envRedis,
      kind: { mongo: 'external', redis: 'external' },
      stop: () => Promise.resolve(),
    };
  }
  if (testcontainersWanted()) {
    if (await dockerAvailable()) {
      const c = await startContainers();
      return {
        mongoUrl: envMongo ?? c.mongoUrl,
        redisUrl: envRedis ?? c.redisUrl,
        kind: {
          mongo: envMongo ? 'external' : 'container',
          redis: envRedis ? 'external' : 'container',
        },
        stop: c.stop,
      };
    }
    console.error(
      'TESTCONTAINERS=1 but no Docker engine answers; using local FerretDB and redis-server',
    );
  }
  const [ferret, redis] = await Promise.all([
    envMongo ? undefined : startFerretDb({ dataDir: opts.dataDir?.mongo }),
    envRedis ? undefined : startRedis({ dir: opts.dataDir?.redis }),
  ]);
  return {
    mongoUrl: envMongo ?? ferret!.url,
    redisUrl: envRedis ?? redis!.url,
    kind: {
      mongo: envMongo ? 'external' : 'ferretdb',
      postgres: ferret?.postgres,
      redis: envRedis ? 'external' : 'local',
    },
    stop: async () => {
      await Promise.all([ferret?.stop(), redis?.stop()]);
    },
  };
}

/** The servers in a line for a person: `ferretdb on postgresql (local) mongodb://…; redis …`. */
export const describeInfra = (infra: Infra): string =>
  `MongoDB: ${infra.kind.mongo}${infra.kind.postgres ? ` on PostgreSQL (${infra.kind.postgres})` : ''} ${infra.mongoUrl}; Redis: ${infra.kind.redis} ${infra.redisUrl}`;
