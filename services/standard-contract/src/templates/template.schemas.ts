import { isIsoDate } from '@rammeaftale/domain';
import { z } from '@rammeaftale/http';
import { TEMPLATE_VARIANTS } from './template-variants';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(isIsoDate, 'not a calendar date');

/**
 * A template as loaded (from a JSON file or by the secretariat). `templateId` is any string here
 * so that a fifth contract type is refused by the rule with a clear message (422), not as a
 * mere enum mismatch.
 */
export const TemplateContentSchema = z
  .strictObject({
    templateId: z.string().min(1).max(100),
    version: z.number().int().positive().max(10_000),
    title: z.string().min(1).max(300),
    effectiveFrom: isoDate,
    defaults: z.strictObject({
      paymentDays: z.number().int().positive().max(365),
      noticeMonthsBuyer: z.number().int().min(0).max(24),
      noticeMonthsSupplier: z.number().int().min(0).max(24),
    }),
    sections: z
      .array(
        z.strictObject({
          heading: z.string().min(1).max(300),
          text: z.string().min(1).max(20_000),
        }),
      )
      .min(1)
      .max(100),
  })
  .openapi('TemplateContent');

export const TemplateSummarySchema = z
  .object({
    id: z.string(),
    templateId: z.string(),
    version: z.number(),
    title: z.string(),
    effectiveFrom: z.string(),
    contentHash: z.string(),
    loadedAt: z.date(),
    loadedBy: z.string(),
  })
  .openapi('TemplateSummary');

export const TemplateViewSchema = TemplateSummarySchema.extend({
  defaults: TemplateContentSchema.shape.defaults,
  sections: TemplateContentSchema.shape.sections,
}).openapi('Template');

export const TemplateIdParam = z.enum(TEMPLATE_VARIANTS.map((v) => v.id) as [string, ...string[]]);
