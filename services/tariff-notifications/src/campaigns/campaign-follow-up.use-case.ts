import { NotFoundError } from '@rammeaftale/domain';
import type { Logger } from '@rammeaftale/logging';
import type { Producer, QUEUES } from '@rammeaftale/queues';
import { retryDelivery } from '../deliveries/accept-delivery.use-case';
import type { DeliveryRepository } from '../deliveries/delivery.repository';
import type { LetterScope } from '../deliveries/letter.access';
import { renderLetter, type LetterTemplate } from '../letters/letter-templates';
import type { CampaignRepository } from './campaign.repository';

/**
 * What the secretariat does around a campaign besides starting it: look at one letter before it is
 * sent, list the campaigns, and send the failed letters of one again.
 */

/** One recipient's letter as it would be sent; nothing is stored. */
export function previewCampaignLetter(
  deps: { templates: Map<string, LetterTemplate> },
  input: { template: string; data: Record<string, string>; supplierName: string },
) {
  const template = deps.templates.get(input.template);
  if (!template) throw new NotFoundError('Letter template');
  const { subject, text } = renderLetter(template, {
    ...input.data,
    supplierName: input.supplierName,
  });
  return { subject, text };
}

/** The newest campaigns with how far each has come (sent, failed, waiting). */
export async function listCampaigns(
  deps: { campaigns: CampaignRepository; deliveries: DeliveryRepository },
  scope: LetterScope,
) {
  const campaigns = await deps.campaigns.list(scope, 50);
  return Promise.all(
    campaigns.map(async (c) => {
      const counts = { pending: 0, sending: 0, sent: 0, failed: 0 };
      for (const d of await deps.deliveries.ofCampaign(scope, c.id)) counts[d.status]++;
      return {
        id: c.id,
        template: c.template,
        state: c.state,
        createdAt: c.createdAt,
        total: c.recipients.length,
        counts,
      };
    }),
  );
}

/** Reopens and enqueues every failed letter of the campaign; the others are left as they are. */
export async function retryFailedOfCampaign(
  deps: {
    campaigns: CampaignRepository;
    deliveries: DeliveryRepository;
    producer: Producer<typeof QUEUES.letters>;
    logger: Logger;
  },
  scope: LetterScope,
  id: string,
): Promise<{ id: string; retried: number }> {
  const campaign = await deps.campaigns.get(scope, id);
  if (!campaign) throw new NotFoundError('Campaign');
  const failed = (await deps.deliveries.ofCampaign(scope, id)).filter((d) => d.status === 'failed');
  let retried = 0;
  for (const d of failed) {
    // A letter that left the failed state meanwhile (retried twice at once) is not found: skipped.
    const ok = await retryDelivery(deps, scope, d.id).then(
      () => true,
      (err: unknown) => {
        if (err instanceof NotFoundError) return false;
        throw err;
      },
    );
    if (ok) retried++;
  }
  deps.logger.info({ campaignId: id, retried }, 'failed letters of the campaign retried');
  return { id, retried };
}
