import { z } from 'zod';
import {
  OPERATOR_KINDS,
  TARGET_GROUP_SLUGS,
  municipalityByCode,
  type TargetGroupSlug,
} from '@rammeaftale/domain';

/**
 * Who receives the orientation letter, and which year's policy values it names: the suppliers
 * (operators of offers in the registry), all of them or those with an offer in a target group,
 * of an operator kind or in a municipality.
 */
export const OrientationAudience = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  targetGroup: z.enum(TARGET_GROUP_SLUGS as [TargetGroupSlug, ...TargetGroupSlug[]]).optional(),
  operatorKind: z.enum(OPERATOR_KINDS).optional(),
  municipalityCode: z
    .number()
    .int()
    .refine((code) => municipalityByCode(code) !== undefined, 'one of the 17 municipalities')
    .optional(),
});
export type OrientationAudience = z.infer<typeof OrientationAudience>;

/** Starting it: the audience and the campaign's key, made when the letter was previewed. */
export const OrientationStart = OrientationAudience.extend({
  key: z
    .string()
    .regex(/^orientering-\d{4}-[a-f0-9]{12}$/)
    .describe('The same key starts the campaign once (a form posted twice sends once).'),
});
export type OrientationStart = z.infer<typeof OrientationStart>;
