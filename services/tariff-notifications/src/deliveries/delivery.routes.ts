import { actorOf, authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { NotFoundError } from '@rammeaftale/domain';
import { z, type Api } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import type { Producer, QUEUES } from '@rammeaftale/queues';
import { DELIVERY_STATUSES } from './delivery.model';
import type { Delivery, DeliveryRepository } from './delivery.repository';
import { acceptDelivery, retryDelivery } from './accept-delivery.use-case';
import { composeLetter } from '../letters/compose-letter.use-case';
import { TEMPLATE_NAMES, type LetterTemplate } from '../letters/letter-templates';
import { letterScopeFor } from './letter.access';
import { refuseCprShaped } from '../letters/cpr-shaped';

const key = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[A-Za-z0-9_:.-]+$/, 'letters, digits and _:.- only');

const base64 = z
  .string()
  .max(7_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const LetterRequest = z
  .strictObject({
    key: key.describe('Business key of the letter; the same key is accepted once.'),
    kind: z
      .enum([
        'contract-letter',
        'tariff-letter',
        'tariff-approval-reminder',
        'orientation-letter',
        'authority-report',
        'notice',
      ])
      .describe(
        "What the letter is; `notice`: the order portal's notice to its people (a sentence and a link, never about a citizen).",
      ),
    to: z.array(z.email()).min(1).max(50),
    replyTo: z
      .email()
      .optional()
      .describe(
        "Where an answer goes (Reply-To), e.g. the buying municipality's contract unit; default MAIL_REPLY_TO.",
      ),
    subject: z.string().min(1).max(300).optional(),
    text: z.string().min(1).max(100_000).optional(),
    html: z.string().max(300_000).optional(),
    template: z
      .enum(TEMPLATE_NAMES)
      .optional()
      .describe('Render this template (templates/*.md) instead of subject/text.'),
    data: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.string().max(5000)).optional(),
    attachments: z
      .array(
        z.strictObject({
          filename: z
            .string()
            .min(1)
            .max(100)
            .regex(/^[\w.æøåÆØÅ -]+$/, 'plain file name'),
          contentType: z.enum(['application/pdf', 'text/csv', 'application/json']),
          contentBase64: base64,
        }),
      )
      .max(5)
      .optional(),
  })
  .superRefine((v, ctx) => {
    refuseCprShaped(v, ctx);
    if (v.template) {
      for (const f of ['subject', 'text', 'html'] as const) {
        if (v[f] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [f],
            message: 'give either a template or the text, not both',
          });
      }
      if (!v.data)
        ctx.addIssue({ code: 'custom', path: ['data'], message: 'a template needs its data' });
    } else {
      for (const f of ['subject', 'text'] as const) {
        if (v[f] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [f],
            message: 'required unless a template is given',
          });
      }
    }
  })
  .openapi('LetterRequest');

export const DeliveryView = z
  .object({
    id: z.string(),
    kind: z.string(),
    to: z.array(z.string()),
    replyTo: z.string().optional(),
    subject: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    messageId: z.string(),
    attempts: z.number(),
    lastError: z.string().optional(),
    rejected: z.array(z.string()).optional(),
    bounce: z
      .object({ at: z.date(), code: z.number().optional() })
      .optional()
      .describe("Set when the recipient's server refused the letter for good (a bounce)."),
    about: z
      .object({ contractId: z.string().optional(), tariffChangeId: z.string().optional() })
      .optional()
      .describe('The contract or tariff change the letter belongs to, recorded when it failed.'),
    attachments: z.array(z.object({ filename: z.string(), contentType: z.string() })).optional(),
    sentAt: z.date().optional(),
    correlationId: z
      .string()
      .optional()
      .describe('The request id the letter was accepted under; its sends are logged under it.'),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .openapi('Delivery');

type Deps = {
  templates: Map<string, LetterTemplate>;
  deliveries: DeliveryRepository;
  producer: Producer<typeof QUEUES.letters>;
  logger: Logger;
  verifier: TokenVerifier;
};

/** What an operator sees of a delivery: its state, never the letter's body or attachment bytes. */
const view = (d: Delivery) => {
  const { text: _t, html: _h, attachments, ...rest } = d;
  return {
    ...rest,
    attachments: attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType })),
  };
};

export function registerDeliveryRoutes(api: Api, deps: Deps): void {
  const auth = authenticate(deps.verifier);
  api.route({
    method: 'post',
    path: '/letters',
    summary: 'Accept a letter for delivery (idempotent by key)',
    tags: ['letters'],
    security: 'bearer',
    before: [auth, requireRole('service', 'secretariat', 'operator')],
    body: LetterRequest,
    status: 202,
    response: z.object({ id: z.string(), status: z.enum(DELIVERY_STATUSES), created: z.boolean() }),
    handler: async ({ body, res }) => {
      const letter = composeLetter(deps.templates, body);
      const scope = letterScopeFor(actorOf(res));
      const { delivery, created } = await acceptDelivery(deps, scope, letter);
      return { id: delivery.id, status: delivery.status, created };
    },
  });
  api.route({
    method: 'get',
    path: '/deliveries',
    summary: 'List deliveries, e.g. the failed ones with their reason',
    tags: ['operator'],
    security: 'bearer',
    before: [auth, requireRole('operator', 'secretariat')],
    query: z.strictObject({
      status: z.enum(DELIVERY_STATUSES).optional(),
      kind: z.string().max(50).optional(),
      retrying: z
        .stringbool()
        .optional()
        .describe('true: only letters waiting for another attempt after a failed one.'),
    }),
    response: z.array(DeliveryView),
    handler: async ({ query, res }) =>
      (await deps.deliveries.list(letterScopeFor(actorOf(res)), query)).map(view),
  });
  api.route({
    method: 'get',
    path: '/deliveries/:id',
    summary: 'One delivery with its status',
    tags: ['operator'],
    security: 'bearer',
    before: [auth, requireRole('operator', 'secretariat', 'service')],
    params: z.strictObject({ id: key }),
    response: DeliveryView,
    problems: [404],
    handler: async ({ params, res }) => {
      const d = await deps.deliveries.get(letterScopeFor(actorOf(res)), params.id);
      if (!d) throw new NotFoundError('Delivery');
      return view(d);
    },
  });
  api.route({
    method: 'post',
    path: '/deliveries/:id/retry',
    summary: 'Retry a failed delivery',
    tags: ['operator'],
    security: 'bearer',
    before: [auth, requireRole('operator')],
    params: z.strictObject({ id: key }),
    status: 202,
    response: z.object({ id: z.string(), status: z.enum(DELIVERY_STATUSES) }),
    problems: [404, 422],
    handler: async ({ params, res }) => {
      const d = await retryDelivery(deps, letterScopeFor(actorOf(res)), params.id);
      return { id: d.id, status: d.status };
    },
  });
}
