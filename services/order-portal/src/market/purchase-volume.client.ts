import { z } from 'zod';
import { json, type Call } from '../service-call';
import type { VolumeRow } from './purchase-volume.rules';

/** A row of the contracts service's `/analytics/purchase-volume/breakdown`. */
const VolumeRowSchema = z.object({
  year: z.number().int(),
  supplierId: z.string(),
  supplierName: z.string(),
  municipalityId: z.string(),
  municipalityCode: z.number().int().nullable(),
  offerId: z.string(),
  offerName: z.string(),
  operatorKind: z.enum(['municipal', 'regional', 'private']),
  contracts: z.number().int(),
  placementDays: z.number().int(),
  volumeOre: z.number().int(),
});

/** Purchase volume of several years from the contracts, with the signed-in person's token. */
export function purchaseVolumeCalls(call: Call) {
  return {
    purchaseVolumeBreakdown: async (
      token: string,
      q: { fromYear: number; toYear: number },
    ): Promise<VolumeRow[]> =>
      json(
        z.array(VolumeRowSchema),
        await call(
          token,
          'GET',
          `/analytics/purchase-volume/breakdown?fromYear=${q.fromYear}&toYear=${q.toYear}`,
        ),
      ),
  };
}
