import { startInfra, type Infra } from './infra';

declare global {
  var __RAMMEAFTALE_INFRA__: Infra | undefined;
}

/**
 * Jest globalSetup: starts real servers once per jest run unless the caller (scripts/with-infra.ts)
 * already exported MONGO_URL and REDIS_URL. Workers inherit the variables.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGO_URL && process.env.REDIS_URL) return;
  const infra = await startInfra();
  globalThis.__RAMMEAFTALE_INFRA__ = infra;
  process.env.MONGO_URL = infra.mongoUrl;
  process.env.REDIS_URL = infra.redisUrl;
}
