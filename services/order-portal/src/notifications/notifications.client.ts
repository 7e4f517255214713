import { z } from 'zod';
import { correlationHeaders } from '@rammeaftale/logging';
import { json as readJson, personCaller } from '../service-call';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  UnavailableError,
  type FieldIssue,
} from '@rammeaftale/domain';

/**
 * The notifications service (letters, campaigns, queues) as the portal's secretariat and operator
 * pages use it. Every call carries the signed-in person's own access token, as the contract pages
 * do (ADR 0009): that service decides from the token what they may see and do. Its answers come
 * back as the domain's refusals: 404 not found, 403 forbidden, 409 conflict, 400 invalid fields;
 * unreachable, 5xx or a token it does not take (401) is "unavailable".
 *
 * The schemas below read the service's answers (`services/tariff-notifications`, its OpenAPI at
 * /openapi.json); they keep only what the pages show.
 */
export type NotificationsClient = ReturnType<typeof notificationsClient>;

const Status = z.enum(['pending', 'sending', 'sent', 'failed']);

export const DeliveryRow = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  status: Status,
  attempts: z.number(),
  lastError: z.string().optional(),
  campaignId: z.string().optional(),
  /** The recipient's server refused the letter for good (a bounce): an alert for the operator. */
  bounce: z.object({ at: z.coerce.date(), code: z.number().optional() }).optional(),
  /** The contract or tariff change the letter belongs to. */
  about: z
    .object({ contractId: z.string().optional(), tariffChangeId: z.string().optional() })
    .optional(),
  updatedAt: z.coerce.date(),
});
export type DeliveryRow = z.infer<typeof DeliveryRow>;

export const QueueRow = z.object({
  name: z.string(),
  waiting: z.number(),
  active: z.number(),
  delayed: z.number(),
  failed: z.number(),
  completed: z.number(),
  paused: z.boolean(),
  oldestWaitingSince: z.coerce.date().optional(),
});
export type QueueRow = z.infer<typeof QueueRow>;

const Counts = z.object({
  pending: z.number(),
  sending: z.number(),
  sent: z.number(),
  failed: z.number(),
});
export const CampaignRow = z.object({
  id: z.string(),
  template: z.string(),
  state: z.enum(['creating', 'created']),
  createdAt: z.coerce.date(),
  total: z.number(),
  counts: Counts,
});
export type CampaignRow = z.infer<typeof CampaignRow>;

export const CampaignProgress = z.object({
  id: z.string(),
  template: z.string(),
  state: z.enum(['creating', 'created']),
  createdAt: z.coerce.date(),
  total: z.number(),
  counts: Counts.extend({ not_accepted: z.number() }),
  percentDone: z.number(),
  recipients: z.array(
    z.object({
      organisationId: z.string(),
      name: z.string(),
      email: z.string(),
      status: z.enum(['pending', 'sending', 'sent', 'failed', 'not_accepted']),
      lastError: z.string().optional(),
      sentAt: z.coerce.date().optional(),
    }),
  ),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;

export interface CampaignStart {
  key: string;
  template: 'orientation-letter';
  kind: 'orientation-letter';
  data: Record<string, string>;
  recipients: { organisationId: string; name: string; email: string }[];
}

const Problem = z.object({
  detail: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() }))
    .optional(),
});

const unavailable = (detail: string) =>
  new UnavailableError(detail, 5, { code: 'notifications-unavailable' });

async function refusalOf(res: Response): Promise<Error> {
  if (res.status >= 500 || res.status === 401 || res.status === 429)
    return unavailable(`The notifications service answered ${res.status}`);
  const parsed = Problem.safeParse(await res.json().catch(() => ({})));
  const p = parsed.success ? parsed.data : {};
  const issues: FieldIssue[] = (p.errors ?? []).map((e) => ({
    field: e.field.replace(/^(body|query|params)\./, ''),
    message: e.message,
    ...(e.code ? { code: e.code } : {}),
  }));
  const detail = p.detail ?? `The notifications service answered ${res.status}`;
  if (res.status === 400) return new InvalidInputError(issues);
  if (res.status === 403) return new ForbiddenError(detail);
  if (res.status === 404) return new NotFoundError('Notifications resource');
  return new ConflictError(detail, { issues });
}

const id = encodeURIComponent;

export function notificationsClient(opts: { baseUrl: string; timeoutMs?: number }) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const call = personCaller({
    ...opts,
    unreachable: () => unavailable('The notifications service cannot be reached'),
    refusalOf,
  });
  const json = async <S extends z.ZodType>(schema: S, res: Promise<Response>) =>
    readJson(schema, await res);
  return {
    baseUrl: base,
    failedDeliveries: (token: string) =>
      json(z.array(DeliveryRow), call(token, 'GET', '/deliveries?status=failed')),
    retryingDeliveries: (token: string) =>
      json(z.array(DeliveryRow), call(token, 'GET', '/deliveries?retrying=true')),
    retryDelivery: async (token: string, deliveryId: string) => {
      await call(token, 'POST', `/deliveries/${id(deliveryId)}/retry`);
    },
    queues: (token: string) => json(z.array(QueueRow), call(token, 'GET', '/queues')),
    campaigns: (token: string) => json(z.array(CampaignRow), call(token, 'GET', '/campaigns')),
    campaign: (token: string, campaignId: string) =>
      json(CampaignProgress, call(token, 'GET', `/campaigns/${id(campaignId)}`)),
    startCampaign: (token: string, body: CampaignStart) =>
      json(
        z.object({ id: z.string(), created: z.boolean(), recipients: z.number() }),
        call(token, 'POST', '/campaigns', body),
      ),
    previewLetter: (
      token: string,
      body: { template: string; data: Record<string, string>; supplierName: string },
    ) =>
      json(
        z.object({ subject: z.string(), text: z.string() }),
        call(token, 'POST', '/campaigns/preview', body),
      ),
    retryFailed: (token: string, campaignId: string) =>
      json(
        z.object({ id: z.string(), retried: z.number() }),
        call(token, 'POST', `/campaigns/${id(campaignId)}/retry-failed`),
      ),
    /** The queue board's own answer, for the portal's proxy (ADR 0012); refusals as they are. */
    board: (token: string, path: string, method: 'GET' | 'HEAD') =>
      fetch(`${base}/admin/queues${path}`, {
        method,
        headers: { ...correlationHeaders(), authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      }).catch(() => {
        throw unavailable('The notifications service cannot be reached');
      }),
  };
}
