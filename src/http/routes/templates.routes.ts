import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.js';
import { toPublicTemplate } from '../../modules/templates/templates.models.js';
import { getTemplate, listTemplates } from '../../modules/templates/templates.usecases.js';

/** TPL-2a: the public catalogue. Answers are revalidated each time so a change shows everywhere at once. */
export function templatesRoutes(deps: Pick<AppDeps, 'templates' | 'storage'>): FastifyPluginAsyncTypebox {
  const urlFor = (key: string) => deps.storage.publicUrl(key);
  return async (app) => {
    app.get('/api/templates', async (_request, reply) => {
      const templates = await listTemplates(deps.templates);
      reply.header('cache-control', 'no-cache');
      return { templates: templates.map((t) => toPublicTemplate(t, urlFor)) };
    });

    app.get(
      '/api/templates/:slug',
      { schema: { params: Type.Object({ slug: Type.String({ maxLength: 200 }) }) } },
      async (request, reply) => {
        const template = await getTemplate(deps.templates, { slug: request.params.slug });
        reply.header('cache-control', 'no-cache');
        return { template: toPublicTemplate(template, urlFor) };
      },
    );
  };
}
