import { z } from '@rammeaftale/http';
import {
  BuyerDecisionBody as BuyerDecisionRequest,
  JustificationBody as JustificationRequest,
  TariffAnnouncementBody,
  TariffChangeSummaryView as TariffChangeSummarySchema,
  TariffChangeView as TariffChangeViewSchema,
} from '@rammeaftale/service-api';
import { TARIFF_CHANGE_ID } from './tariff-change.rules';

export const TariffChangeIdParams = z.strictObject({
  id: z.string().regex(TARIFF_CHANGE_ID, 'a tariff change id (tc-…)'),
});

/** The request bodies are shared with the portal's forms (packages/service-api). */
export const AnnouncementBody = TariffAnnouncementBody.openapi('TariffChangeAnnouncement');

export const TariffChangeListQuery = z.strictObject({
  status: z
    .enum(['awaiting_approval', 'overdue'])
    .optional()
    .describe('awaiting_approval: some contract awaits a buyer; overdue: and its deadline passed'),
  offerId: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const BuyerDecisionBody = BuyerDecisionRequest.openapi('TariffBuyerDecision');

export const JustificationBody = JustificationRequest.openapi('TariffJustification');

export const TariffChangeView = TariffChangeViewSchema.openapi('TariffChange');
export const TariffChangeSummaryView = TariffChangeSummarySchema.openapi('TariffChangeSummary');
