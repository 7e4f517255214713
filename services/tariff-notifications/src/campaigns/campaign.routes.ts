import { actorOf, authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { z, type Api } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import type { Producer, QUEUES } from '@rammeaftale/queues';
import type { DeliveryRepository } from '../deliveries/delivery.repository';
import { letterScopeFor } from '../deliveries/letter.access';
import type { LetterTemplate } from '../letters/letter-templates';
import type { CampaignRepository } from './campaign.repository';
import { campaignProgress, startCampaign } from './start-campaign.use-case';

const id = z
  .string()
  .min(3)
  .max(120)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits and _.- only');

export const CampaignRequest = z
  .strictObject({
    key: id.describe(
      'Business key of the campaign, e.g. orientation-2026; the same key starts once.',
    ),
    template: z.enum(['orientation-letter', 'tariff-letter-above-pl']),
    kind: z.enum(['orientation-letter', 'tariff-letter']),
    data: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.string().max(5000)),
    recipients: z
      .array(
        z.strictObject({ organisationId: id, name: z.string().min(1).max(200), email: z.email() }),
      )
      .min(1)
      .max(5000)
      .refine(
        (rs) => new Set(rs.map((r) => r.organisationId)).size === rs.length,
        'each organisation once',
      ),
  })
  .openapi('CampaignRequest');

const Status = z.enum(['pending', 'sending', 'sent', 'failed', 'not_accepted']);
export const CampaignProgress = z
  .object({
    id: z.string(),
    template: z.string(),
    state: z.enum(['creating', 'created']),
    createdBy: z.string(),
    createdAt: z.date(),
    total: z.number(),
    counts: z.record(Status, z.number()),
    percentDone: z.number(),
    recipients: z.array(
      z.object({
        organisationId: z.string(),
        name: z.string(),
        email: z.string(),
        status: Status,
        lastError: z.string().optional(),
        sentAt: z.date().optional(),
      }),
    ),
  })
  .openapi('CampaignProgress');

type Deps = {
  campaigns: CampaignRepository;
  templates: Map<string, LetterTemplate>;
  deliveries: DeliveryRepository;
  producer: Producer<typeof QUEUES.letters>;
  logger: Logger;
  verifier: TokenVerifier;
};

export function registerCampaignRoutes(api: Api, deps: Deps): void {
  const auth = authenticate(deps.verifier);
  api.route({
    method: 'post',
    path: '/campaigns',
    summary:
      'Send a letter to many suppliers (e.g. the orientation letter), one delivery per recipient',
    tags: ['letters'],
    before: [auth, requireRole('secretariat', 'service')],
    body: CampaignRequest,
    status: 202,
    response: z.object({ id: z.string(), created: z.boolean(), recipients: z.number() }),
    handler: ({ body, res }) => {
      const actor = actorOf(res);
      return startCampaign(deps, letterScopeFor(actor), body, actor.userId);
    },
  });
  api.route({
    method: 'get',
    path: '/campaigns/:id',
    summary: 'Progress of a campaign and the status of each recipient',
    tags: ['letters'],
    before: [auth, requireRole('secretariat', 'operator', 'service')],
    params: z.strictObject({ id }),
    response: CampaignProgress,
    problems: [404],
    handler: ({ params, res }) => campaignProgress(deps, letterScopeFor(actorOf(res)), params.id),
  });
}
