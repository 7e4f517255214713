import { authEnv, baseEnv, httpEnv, z } from '@rammeaftale/config';

export const standardContractEnv = baseEnv
  .merge(httpEnv)
  .merge(authEnv)
  .extend({
    PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(3001)
      .describe('HTTP port of the contracts API.'),
    MONGO_DB: z
      .string()
      .default('standard_contract')
      .describe('Database owned by the contracts service.'),
  });

export type StandardContractConfig = z.infer<typeof standardContractEnv>;
