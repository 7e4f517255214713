import { actorOf, authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { NotFoundError } from '@rammeaftale/domain';
import { z, type Api } from '@rammeaftale/http';
import { loadTemplate } from './load-template.use-case';
import type { TemplateRepository } from './template.repository';
import type { TemplateContent } from './template.rules';
import {
  TemplateContentSchema,
  TemplateIdParam,
  TemplateSummarySchema,
  TemplateViewSchema,
} from './template.schemas';
import { TEMPLATE_VARIANTS } from './template-variants';

const TemplateVariant = z
  .object({
    id: z.string(),
    area: z.enum(['adults', 'children']),
    framework: z.boolean(),
    title: z.string(),
  })
  .openapi('TemplateVariant');

const summary = ({ sections: _s, defaults: _d, ...t }: z.infer<typeof TemplateViewSchema>) => t;

export function registerTemplateRoutes(
  api: Api,
  deps: { templates: TemplateRepository; verifier: TokenVerifier; now: () => Date },
): void {
  const auth = authenticate(deps.verifier);
  const tags = ['templates'];
  api.route({
    method: 'get',
    path: '/template-variants',
    summary: 'The four national standard contract variants (the only contract forms allowed)',
    tags,
    // Public on purpose: the national variants are published text, no one's data.
    security: 'none',
    response: z.array(TemplateVariant),
    handler: () => TEMPLATE_VARIANTS.map((t) => ({ ...t })),
  });
  api.route({
    method: 'get',
    path: '/templates',
    summary: 'Every loaded template version (newest first per variant)',
    tags,
    security: 'bearer',
    before: [auth],
    response: z.array(TemplateSummarySchema),
    handler: async () => (await deps.templates.list()).map(summary),
  });
  api.route({
    method: 'get',
    path: '/templates/:templateId/versions/:version',
    summary: 'One template version with its sections',
    tags,
    security: 'bearer',
    before: [auth],
    params: z.strictObject({
      templateId: TemplateIdParam,
      version: z.coerce.number().int().positive().max(10_000),
    }),
    response: TemplateViewSchema,
    problems: [404],
    handler: async ({ params }) => {
      const t = await deps.templates.get(params.templateId, params.version);
      if (!t) throw new NotFoundError('Template version');
      return t;
    },
  });
  api.route({
    method: 'post',
    path: '/templates',
    summary: 'Load a new template version (no release needed); versions are immutable',
    description:
      'Only the four national standard contracts can be loaded (422 otherwise). Loading the same content again answers `created: false`; other content under an existing version is 409.',
    tags,
    security: 'bearer',
    before: [auth, requireRole('secretariat', 'operator')],
    body: TemplateContentSchema,
    status: 201,
    response: z.object({ created: z.boolean(), template: TemplateSummarySchema }),
    problems: [401, 403, 409, 422],
    handler: async ({ body, res }) => {
      const { template, created } = await loadTemplate(
        deps,
        body as TemplateContent,
        actorOf(res).userId,
      );
      return { created, template: summary(template) };
    },
  });
}
