import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getPublicCampaign } from '../../modules/campaigns/campaigns.usecases.js';
import { isAppError } from '../../shared/app-error.js';
import type { HttpDeps } from '../http.deps.js';

/** A page of its own for a campaign that does not exist (or was deleted): no id or input echoed back. */
const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Campaign not found — PromoStack</title>
<style>body{margin:0;min-height:100vh;display:grid;place-items:center;background:#0b0b10;color:#f1f1f6;
font:16px/1.5 system-ui,sans-serif;text-align:center;padding:16px}a{color:#7aa2ff}</style></head>
<body><main><h1>Campaign not found</h1><p>This campaign does not exist, or it has been removed.</p>
<p><a href="/">Make a promo image instead</a></p></main></body></html>`;

/** CMP-3: `/campaign/{id}` serves the campaign page for a campaign that exists, and a 404 page otherwise. */
export function pagesRoutes(
  deps: Pick<HttpDeps, 'campaigns'>,
  { webRoot }: { webRoot: string },
): FastifyPluginAsyncTypebox {
  let page: Promise<string> | null = null;
  return async (app) => {
    app.get(
      '/campaign/:id',
      { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 40 }) }) } },
      async (request, reply) => {
        const id = /^[0-9]{1,15}$/.test(request.params.id) ? Number(request.params.id) : null;
        const found =
          id !== null &&
          (await getPublicCampaign(deps.campaigns, id).then(
            () => true,
            (error: unknown) => {
              if (isAppError(error) && error.kind === 'not_found') return false;
              throw error;
            },
          ));
        reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
        if (!found) return reply.status(404).send(NOT_FOUND_PAGE);
        page ??= readFile(join(webRoot, 'campaign/index.html'), 'utf8');
        return reply.send(await page);
      },
    );
  };
}
