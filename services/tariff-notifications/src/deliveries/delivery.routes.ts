import { authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { notFound, z, type Api } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import type { Producer, QUEUES } from '@rammeaftale/queues';
import { DELIVERY_STATUSES } from './delivery.model';
import type { DeliveryRepository } from './delivery.repository';
import { acceptDelivery, enqueueDelivery } from './accept-delivery.use-case';

const key = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[A-Za-z0-9_:.-]+$/, 'letters, digits and _:.- only');

export const LetterRequest = z
  .strictObject({
    key: key.describe('Business key of the letter; the same key is accepted once.'),
    kind: z.enum(['contract-letter', 'tariff-letter', 'orientation-letter', 'authority-report']),
    to: z.array(z.email()).min(1).max(50),
    subject: z.string().min(1).max(300),
    text: z.string().min(1).max(100_000),
    html: z.string().max(300_000).optional(),
  })
  .openapi('LetterRequest');

export const DeliveryView = z
  .object({
    id: z.string(),
    kind: z.string(),
    to: z.array(z.string()),
    subject: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    messageId: z.string(),
    attempts: z.number(),
    lastError: z.string().optional(),
    rejected: z.array(z.string()).optional(),
    sentAt: z.date().optional(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .openapi('Delivery');

type Deps = {
  deliveries: DeliveryRepository;
  producer: Producer<typeof QUEUES.letters>;
  logger: Logger;
  verifier: TokenVerifier;
};

const view = ({
  text: _t,
  html: _h,
  ...d
}: { text: string; html?: string } & z.infer<typeof DeliveryView>) => d;

export function registerDeliveryRoutes(api: Api, deps: Deps): void {
  const auth = authenticate(deps.verifier);
  api.route({
    method: 'post',
    path: '/letters',
    summary: 'Accept a letter for delivery (idempotent by key)',
    tags: ['letters'],
    before: [auth, requireRole('service', 'secretariat', 'operator')],
    body: LetterRequest,
    status: 202,
    response: z.object({ id: z.string(), status: z.enum(DELIVERY_STATUSES), created: z.boolean() }),
    handler: async ({ body }) => {
      const { delivery, created } = await acceptDelivery(deps, body);
      return { id: delivery.id, status: delivery.status, created };
    },
  });
  api.route({
    method: 'get',
    path: '/deliveries',
    summary: 'List deliveries, e.g. the failed ones with their reason',
    tags: ['operator'],
    before: [auth, requireRole('operator', 'secretariat')],
    query: z.strictObject({
      status: z.enum(DELIVERY_STATUSES).optional(),
      kind: z.string().max(50).optional(),
    }),
    response: z.array(DeliveryView),
    handler: async ({ query }) => (await deps.deliveries.list(query)).map(view),
  });
  api.route({
    method: 'get',
    path: '/deliveries/:id',
    summary: 'One delivery with its status',
    tags: ['operator'],
    before: [auth, requireRole('operator', 'secretariat', 'service')],
    params: z.strictObject({ id: key }),
    response: DeliveryView,
    problems: [404],
    handler: async ({ params }) => {
      const d = await deps.deliveries.get(params.id);
      if (!d) throw notFound('Delivery');
      return view(d);
    },
  });
  api.route({
    method: 'post',
    path: '/deliveries/:id/retry',
    summary: 'Retry a failed delivery',
    tags: ['operator'],
    before: [auth, requireRole('operator')],
    params: z.strictObject({ id: key }),
    status: 202,
    response: z.object({ id: z.string(), status: z.enum(DELIVERY_STATUSES) }),
    problems: [404],
    handler: async ({ params }) => {
      const d = await deps.deliveries.reopen(params.id);
      if (!d) throw notFound('Failed delivery');
      await deps.producer.getJob(d.id).then((j) => j?.remove());
      await enqueueDelivery(deps, d.id);
      return { id: d.id, status: d.status };
    },
  });
}
