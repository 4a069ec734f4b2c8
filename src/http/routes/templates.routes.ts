import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentBrandLogo, toPublicBrandLogo } from '../../modules/templates/brand-logo.usecases.js';
import { toPublicTemplate } from '../../modules/templates/templates.models.js';
import { getTemplate, listTemplates } from '../../modules/templates/templates.usecases.js';
import type { HttpDeps } from '../http.deps.js';
import { answers, RequestObject, Slug } from '../schemas/common.schemas.js';
import { OneTemplate, TemplateList } from '../schemas/templates.schemas.js';

/** TPL-2a: the public catalogue. Answers are revalidated each time so a change shows everywhere at once. */
export function templatesRoutes(deps: Pick<HttpDeps, 'templates' | 'brand'>): FastifyPluginAsyncTypebox {
  const urlFor = (key: string) => deps.templates.storage.publicUrl(key);
  return async (app) => {
    app.get(
      '/api/templates',
      {
        schema: { summary: 'Every template, by name', tags: ['templates'], response: answers({ 200: TemplateList }) },
      },
      async (_request, reply) => {
        const [templates, logo] = await Promise.all([listTemplates(deps.templates), currentBrandLogo(deps.brand)]);
        reply.header('cache-control', 'no-cache');
        return {
          templates: templates.map((t) => toPublicTemplate(t, urlFor)),
          brandLogo: toPublicBrandLogo(logo, urlFor),
        };
      },
    );

    app.get(
      '/api/templates/:slug',
      {
        schema: {
          summary: 'One template',
          tags: ['templates'],
          params: RequestObject({ slug: Slug }),
          response: answers({ 200: OneTemplate }),
        },
      },
      async (request, reply) => {
        const template = await getTemplate(deps.templates, { slug: request.params.slug });
        reply.header('cache-control', 'no-cache');
        return { template: toPublicTemplate(template, urlFor) };
      },
    );
  };
}
