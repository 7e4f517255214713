/**
 * Testcontainers path: on a machine with a Docker engine, `TESTCONTAINERS=1` starts mongo:7 as a
 * single-node replica set and redis:7 instead of the local binaries. Loaded lazily so machines
 * without Docker never touch the Docker client.
 */
export function testcontainersWanted(): boolean {
  return process.env.TESTCONTAINERS === '1' || process.env.TESTCONTAINERS === 'true';
}

export async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export async function startContainers(): Promise<{
  mongoUrl: string;
  redisUrl: string;
  stop: () => Promise<void>;
}> {
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const { RedisContainer } = await import('@testcontainers/redis');
  const [mongo, redis] = await Promise.all([
    new MongoDBContainer('mongo:7').start(),
    new RedisContainer('redis:7')
      .withCommand(['redis-server', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'])
      .start(),
  ]);
  return {
    // directConnection: the replica set advertises the container's internal host name.
    mongoUrl: mongo.getConnectionString().replace(/\/?(\?.*)?$/, '/?directConnection=true'),
    redisUrl: redis.getConnectionUrl(),
    stop: async () => {
      await Promise.all([mongo.stop(), redis.stop()]);
    },
  };
}
