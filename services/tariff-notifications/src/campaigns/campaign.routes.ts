import { actorOf, authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { z, type Api } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import type { Producer, QUEUES } from '@rammeaftale/queues';
import type { DeliveryRepository } from '../deliveries/delivery.repository';
import { letterScopeFor } from '../deliveries/letter.access';
import type { LetterTemplate } from '../letters/letter-templates';
import { refuseCprShaped } from '../letters/cpr-shaped';
import type { CampaignRepository } from './campaign.repository';
import {
  listCampaigns,
  previewCampaignLetter,
  retryFailedOfCampaign,
} from './campaign-follow-up.use-case';
import { campaignProgress, startCampaign } from './start-campaign.use-case';

const id = z
  .string()
  .min(3)
  .max(120)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits and _.- only');

const Template = z.enum(['orientation-letter', 'tariff-letter-above-pl']);
const Data = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.string().max(5000));

export const CampaignRequest = z
  .strictObject({
    key: id.describe(
      'Business key of the campaign, e.g. orientation-2026; the same key starts once.',
    ),
    template: Template,
    kind: z.enum(['orientation-letter', 'tariff-letter']),
    data: Data,
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
  .superRefine(refuseCprShaped)
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

export const CampaignPreviewRequest = z
  .strictObject({ template: Template, data: Data, supplierName: z.string().min(1).max(200) })
  .openapi('CampaignPreviewRequest');

const Counts = z.object({
  pending: z.number(),
  sending: z.number(),
  sent: z.number(),
  failed: z.number(),
});
export const CampaignSummary = z
  .object({
    id: z.string(),
    template: z.string(),
    state: z.enum(['creating', 'created']),
    createdAt: z.date(),
    total: z.number(),
    counts: Counts,
  })
  .openapi('CampaignSummary');

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
    security: 'bearer',
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
    security: 'bearer',
    before: [auth, requireRole('secretariat', 'operator', 'service')],
    params: z.strictObject({ id }),
    response: CampaignProgress,
    problems: [404],
    handler: ({ params, res }) => campaignProgress(deps, letterScopeFor(actorOf(res)), params.id),
  });
  registerFollowUpRoutes(api, deps, auth);
}

/** Around a campaign: the list, one letter before sending, the failed letters again. */
function registerFollowUpRoutes(api: Api, deps: Deps, auth: ReturnType<typeof authenticate>) {
  api.route({
    method: 'get',
    path: '/campaigns',
    summary: 'The newest campaigns with their progress',
    tags: ['letters'],
    security: 'bearer',
    before: [auth, requireRole('secretariat', 'operator')],
    response: z.array(CampaignSummary),
    handler: ({ res }) => listCampaigns(deps, letterScopeFor(actorOf(res))),
  });
  api.route({
    method: 'post',
    path: '/campaigns/preview',
    summary: "One recipient's letter as a campaign would send it (nothing is stored or sent)",
    tags: ['letters'],
    security: 'bearer',
    before: [auth, requireRole('secretariat')],
    body: CampaignPreviewRequest,
    response: z.object({ subject: z.string(), text: z.string() }),
    handler: ({ body }) => previewCampaignLetter(deps, body),
  });
  api.route({
    method: 'post',
    path: '/campaigns/:id/retry-failed',
    summary: 'Send the failed letters of a campaign again',
    tags: ['letters'],
    security: 'bearer',
    before: [auth, requireRole('secretariat', 'operator')],
    params: z.strictObject({ id }),
    status: 202,
    response: z.object({ id: z.string(), retried: z.number() }),
    problems: [404],
    handler: ({ params, res }) =>
      retryFailedOfCampaign(deps, letterScopeFor(actorOf(res)), params.id),
  });
}
