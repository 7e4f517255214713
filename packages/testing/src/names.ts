import { randomBytes } from 'node:crypto';

/** A database name no other test file uses, so files can run in parallel on one server. */
export function uniqueName(prefix: string): string {
  return `${prefix.replace(/[^a-z0-9_]/gi, '_')}_${randomBytes(4).toString('hex')}`;
}

/** Values a test needs from the environment that globalSetup prepared. */
export function testEnv(): { MONGO_URL: string; REDIS_URL: string } {
  const { MONGO_URL, REDIS_URL } = process.env;
  if (!MONGO_URL || !REDIS_URL)
    throw new Error('MONGO_URL/REDIS_URL missing: is the jest globalSetup configured?');
  return { MONGO_URL, REDIS_URL };
}
