import { baseEnv, httpEnv, z } from '@rammeaftale/config';

/** The order portal's environment, declared once; parsed at start (see main.ts). */
export const orderPortalEnv = baseEnv.merge(httpEnv).extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port of the portal and its API.'),
  MONGO_DB: z.string().default('order_portal').describe('Database owned by the order portal.'),
  STALE_CAPACITY_DAYS: z.coerce
    .number()
    .int()
    .positive()
    .default(14)
    .describe('Free places not confirmed within this many days are shown as stale.'),
});

export type OrderPortalConfig = z.infer<typeof orderPortalEnv>;
