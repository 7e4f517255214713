import { NotFoundError } from '@rammeaftale/domain';
import type { Logger } from '@rammeaftale/logging';
import type { Producer, QUEUES } from '@rammeaftale/queues';
import { acceptDeliveries } from '../deliveries/accept-delivery.use-case';
import type { DeliveryRepository } from '../deliveries/delivery.repository';
import type { LetterScope } from '../deliveries/letter.access';
import { renderLetter, type LetterTemplate } from '../letters/letter-templates';
import type { CampaignRecipient } from './campaign.model';
import type { CampaignRepository } from './campaign.repository';

export interface CampaignInput {
  key: string;
  template: string;
  kind: 'orientation-letter' | 'tariff-letter';
  data: Record<string, string>;
  recipients: CampaignRecipient[];
}

const ACCEPT_CHUNK = 200;

export const recipientDeliveryKey = (campaignId: string, organisationId: string) =>
  `campaign:${campaignId}:${organisationId}`;

/**
 * Starts (or finishes starting) a campaign. The campaign document is written first; then each
 * recipient's letter is accepted under its own business key. Every step is idempotent, so a crash
 * half-way is repaired by sending the same request again.
 */
export async function startCampaign(
  deps: {
    campaigns: CampaignRepository;
    templates: Map<string, LetterTemplate>;
    deliveries: DeliveryRepository;
    producer: Producer<typeof QUEUES.letters>;
    logger: Logger;
  },
  scope: LetterScope,
  input: CampaignInput,
  createdBy: string,
): Promise<{ id: string; created: boolean; recipients: number }> {
  const template = deps.templates.get(input.template);
  if (!template) throw new Error(`unknown template ${input.template}`);
  // Render once per recipient before anything is stored: a missing field refuses the whole campaign.
  const letters = input.recipients.map((r) => ({
    r,
    letter: renderLetter(template, { ...input.data, supplierName: r.name }),
  }));

  const { campaign, created } = await deps.campaigns.accept(scope, {
    _id: input.key,
    template: input.template,
    data: input.data,
    recipients: input.recipients,
    createdBy,
  });
  if (campaign.state === 'creating') {
    const stored = created
      ? letters
      : campaign.recipients.map((r) => ({
          r,
          letter: renderLetter(template, { ...campaign.data, supplierName: r.name }),
        }));
    // In chunks, each one outbox write: a campaign to every supplier is accepted in seconds.
    for (let i = 0; i < stored.length; i += ACCEPT_CHUNK) {
      await acceptDeliveries(
        deps,
        scope,
        stored.slice(i, i + ACCEPT_CHUNK).map(({ r, letter }) => ({
          key: recipientDeliveryKey(campaign.id, r.organisationId),
          kind: input.kind,
          campaignId: campaign.id,
          to: [r.email],
          ...letter,
        })),
      );
    }
    await deps.campaigns.markCreated(scope, campaign.id);
  }
  deps.logger.info(
    { campaignId: campaign.id, recipients: campaign.recipients.length, created },
    'campaign accepted',
  );
  return { id: campaign.id, created, recipients: campaign.recipients.length };
}

export async function campaignProgress(
  deps: { campaigns: CampaignRepository; deliveries: DeliveryRepository },
  scope: LetterScope,
  id: string,
) {
  const campaign = await deps.campaigns.get(scope, id);
  if (!campaign) throw new NotFoundError('Campaign');
  const deliveries = new Map((await deps.deliveries.ofCampaign(scope, id)).map((d) => [d.id, d]));
  const recipients = campaign.recipients.map((r) => {
    const d = deliveries.get(recipientDeliveryKey(id, r.organisationId));
    return {
      ...r,
      status: d?.status ?? ('not_accepted' as const),
      lastError: d?.lastError,
      sentAt: d?.sentAt,
    };
  });
  const counts = { pending: 0, sending: 0, sent: 0, failed: 0, not_accepted: 0 };
  for (const r of recipients) counts[r.status]++;
  return {
    id,
    template: campaign.template,
    state: campaign.state,
    createdBy: campaign.createdBy,
    createdAt: campaign.createdAt,
    total: recipients.length,
    counts,
    percentDone: recipients.length
      ? Math.round(((counts.sent + counts.failed) * 100) / recipients.length)
      : 100,
    recipients,
  };
}
