import { isIsoDate } from '@rammeaftale/domain';
import { z } from '@rammeaftale/http';
import { ID_PATTERN } from './ids';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(isIsoDate, { message: 'not a calendar date', params: { code: 'invalid_date' } });
const text = (max: number) => z.string().trim().min(1).max(max);

export const FollowUpParams = z.strictObject({
  requestId: z.string().regex(ID_PATTERN.req, 'a request id'),
  followUpId: z.string().regex(ID_PATTERN.fup, 'a follow-up id'),
});

/** A follow-up meeting: every goal of the order (and every quality-model theme) with its status. */
export const FollowUpBody = z
  .strictObject({
    heldOn: isoDate.describe('The day of the meeting (not after today)'),
    assessments: z
      .array(
        z.strictObject({
          key: z
            .string()
            .regex(/^(goal-\d{1,2}|theme-[a-z0-9_-]{1,40})$/, 'goal-<n> or theme-<code>'),
          status: z
            .string()
            .regex(/^[a-z_]{1,40}$/, 'a status code of GET /api/follow-up-vocabulary'),
        }),
      )
      .min(1)
      .max(60),
    notes: text(5000).describe('Personal data: shown in the portal only, never logged or mailed'),
    nextDueOn: isoDate.describe('When the next follow-up is due (after the meeting)'),
  })
  .openapi('FollowUp');
export type FollowUpBody = z.infer<typeof FollowUpBody>;

export const SupplierReportBody = z
  .strictObject({ report: text(5000).describe("The supplier's own report of the period") })
  .openapi('SupplierFollowUpReport');
