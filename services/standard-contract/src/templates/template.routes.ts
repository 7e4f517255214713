import { z, type Api } from '@rammeaftale/http';
import { TEMPLATE_VARIANTS } from './template-variants';

const TemplateVariant = z
  .object({
    id: z.string(),
    area: z.enum(['adults', 'children']),
    framework: z.boolean(),
    title: z.string(),
  })
  .openapi('TemplateVariant');

export function registerTemplateRoutes(api: Api): void {
  api.route({
    method: 'get',
    path: '/template-variants',
    summary: 'The four national standard contract variants (the only contract forms allowed)',
    tags: ['templates'],
    response: z.array(TemplateVariant),
    handler: () => TEMPLATE_VARIANTS.map((t) => ({ ...t })),
  });
}
