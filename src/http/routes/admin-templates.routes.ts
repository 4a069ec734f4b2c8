import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BRAND_LOGO_LIMITS,
  removeBrandLogo,
  setBrandLogo,
  toPublicBrandLogo,
} from '../../modules/templates/brand-logo.usecases.js';
import { toPublicTemplate } from '../../modules/templates/templates.models.js';
import {
  createTemplate,
  deleteTemplates,
  setTelegramEnabled,
  updateTemplate,
} from '../../modules/templates/templates.usecases.js';
import { createInvalidError, createNotFoundError } from '../../shared/app-error.js';
import { requireAdmin } from '../admin-guard.js';
import type { HttpDeps } from '../http.deps.js';
import {
  AdminSettings,
  DeletedTemplates,
  DeleteTemplatesBody,
  SavedTemplate,
  ToggleTelegramBody,
} from '../schemas/admin.schemas.js';
import { answers } from '../schemas/common.schemas.js';
import { BrandLogoAnswer } from '../schemas/templates.schemas.js';
import { readSingleFile } from '../single-file.js';
import { readTemplateForm, templateInputFromForm } from './upload-template.form.js';

/** ADM-2 admin template API: upload (create or edit), delete one or many, toggle Telegram visibility, settings. */
export function adminTemplatesRoutes(
  deps: Pick<HttpDeps, 'templates' | 'brand' | 'adminAuth' | 'publicUrl' | 'settings'>,
): FastifyPluginAsyncTypebox {
  const urlFor = (key: string) => deps.templates.storage.publicUrl(key);
  const tags = ['admin'];
  return async (app) => {
    // onRequest: refused before the body is read or validated, so strangers learn nothing and upload nothing.
    app.addHook('onRequest', requireAdmin(deps));

    app.post(
      '/api/upload-template',
      {
        bodyLimit: 40 * 1024 * 1024,
        schema: {
          summary: 'Create or edit a template (multipart/form-data)',
          description:
            'The original form fields: name, slug, isEditing, files squareImage/storyImage, and per variant ' +
            '{variant}LeftPct|TopPct|WidthPct|HeightPct|HAlign|VAlign|MaxFontPx|FontColor|ShowLogo, plus ' +
            '{variant}Outline|OutlineColor|OutlineWidthPct|Remove, telegramEnabled and expectedVersion.',
          tags,
          consumes: ['multipart/form-data'],
          response: answers({ 200: SavedTemplate, 201: SavedTemplate }),
        },
      },
      async (request, reply) => {
        const { fields, files } = await readTemplateForm(request);
        const form = templateInputFromForm(fields, files);
        if (form.isEditing) {
          if (!form.slug)
            throw createInvalidError('template.invalid', 'slug: required when editing', {
              fields: { slug: 'required when editing' },
            });
          const template = await updateTemplate(deps.templates, {
            ...form.input,
            slug: form.slug,
            expectedVersion: form.expectedVersion,
          });
          return { template: toPublicTemplate(template, urlFor) };
        }
        const template = await createTemplate(deps.templates, { ...form.input, slug: form.slug });
        return reply.status(201).send({ template: toPublicTemplate(template, urlFor) });
      },
    );

    app.post(
      '/api/delete-template',
      {
        schema: {
          summary: 'Delete one template or several',
          tags,
          body: DeleteTemplatesBody,
          response: answers({ 200: DeletedTemplates }),
        },
      },
      async (request) => {
        const slugs = [...(request.body.slugs ?? []), ...(request.body.slug ? [request.body.slug] : [])];
        if (slugs.length === 0) throw createInvalidError('template.invalid', 'slugs: name at least one template');
        const result = await deleteTemplates(deps.templates, { slugs });
        if (result.deleted.length === 0)
          throw createNotFoundError('template.not_found', `No template ${slugs.map((s) => `"${s}"`).join(', ')}`);
        return result;
      },
    );

    app.post(
      '/api/toggle-telegram-template',
      {
        schema: {
          summary: 'Show or hide a template in Telegram',
          tags,
          body: ToggleTelegramBody,
          response: answers({ 200: SavedTemplate }),
        },
      },
      async (request) => {
        const template = await setTelegramEnabled(deps.templates, request.body);
        return { template: toPublicTemplate(template, urlFor) };
      },
    );

    app.post(
      '/api/brand-logo',
      {
        bodyLimit: BRAND_LOGO_LIMITS.maxBytes + 64 * 1024,
        schema: {
          summary: 'Set the default logo (multipart field "logo": PNG, JPEG or WebP, ≤ 5 MB)',
          description:
            'Drawn where a variant shows a logo: by the bot and the render API, and by the web unless the user picks their own.',
          tags,
          consumes: ['multipart/form-data'],
          response: answers({ 200: BrandLogoAnswer }),
        },
      },
      async (request) => {
        const buffer = await readSingleFile(request, { field: 'logo', maxBytes: BRAND_LOGO_LIMITS.maxBytes });
        return { brandLogo: toPublicBrandLogo(await setBrandLogo(deps.brand, { buffer }), urlFor) };
      },
    );
    app.delete(
      '/api/brand-logo',
      { schema: { summary: 'Remove the default logo', tags, response: answers({ 200: BrandLogoAnswer }) } },
      async () => {
        await removeBrandLogo(deps.brand);
        return { brandLogo: null };
      },
    );

    app.get(
      '/api/admin/settings',
      { schema: { summary: 'How this server is configured', tags, response: answers({ 200: AdminSettings }) } },
      async () => deps.settings,
    );
  };
}
