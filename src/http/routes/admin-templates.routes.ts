import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app-deps.js';
import { toPublicTemplate } from '../../modules/templates/templates.models.js';
import {
  createTemplate,
  deleteTemplates,
  setTelegramEnabled,
  updateTemplate,
} from '../../modules/templates/templates.usecases.js';
import { createInvalidError, createNotFoundError } from '../../shared/app-error.js';
import { requireAdmin } from '../admin-guard.js';
import { templateInputFromForm } from './upload-template.form.js';

const MAX_FILE_BYTES = 15 * 1024 * 1024;

/** Reads every part of the multipart body; a file over the limit is a 400 naming its field. */
async function readForm(request: FastifyRequest) {
  const fields = new Map<string, string>();
  const files = new Map<string, Buffer>();
  for await (const part of request.parts({
    limits: { fileSize: MAX_FILE_BYTES + 1, files: 2, fields: 60, fieldSize: 2000 },
  })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'squareImage' && part.fieldname !== 'storyImage') {
        part.file.resume();
        throw createInvalidError(
          'template.invalid',
          `${part.fieldname}: unexpected file (use squareImage or storyImage)`,
        );
      }
      const body = await part.toBuffer();
      if (body.length > MAX_FILE_BYTES)
        throw createInvalidError('image.too_large', `${part.fieldname}: the file is larger than 15 MB`, {
          field: part.fieldname,
        });
      if (body.length > 0) files.set(part.fieldname, body);
    } else {
      fields.set(part.fieldname, String(part.value));
    }
  }
  return { fields, files };
}

/** ADM-2 admin template API: upload (create or edit), delete one or many, toggle Telegram visibility, settings. */
export function adminTemplatesRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const urlFor = (key: string) => deps.storage.publicUrl(key);
  return async (app) => {
    // onRequest: refused before the body is read or validated, so strangers learn nothing and upload nothing.
    app.addHook('onRequest', requireAdmin(deps));

    app.post('/api/upload-template', { bodyLimit: 40 * 1024 * 1024 }, async (request, reply) => {
      if (!request.isMultipart())
        throw createInvalidError('request.invalid', 'Send the template as multipart/form-data');
      const { fields, files } = await readForm(request);
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
    });

    app.post(
      '/api/delete-template',
      {
        schema: {
          body: Type.Object({
            slug: Type.Optional(Type.String({ maxLength: 200 })),
            slugs: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 500 })),
          }),
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
          body: Type.Object({
            slug: Type.String({ maxLength: 200 }),
            enabled: Type.Boolean(),
            expectedVersion: Type.Optional(Type.Integer()),
          }),
        },
      },
      async (request) => {
        const template = await setTelegramEnabled(deps.templates, request.body);
        return { template: toPublicTemplate(template, urlFor) };
      },
    );

    app.get('/api/admin/settings', async () => ({
      database: { kind: deps.database.kind, description: deps.database.description },
      storage: { kind: deps.storage.kind, description: deps.storage.description },
      bot: {
        mode: deps.settings.botMode,
        username: deps.settings.botUsername ?? null,
        webhookUrl: deps.settings.botMode === 'webhook' ? `${deps.settings.publicUrl}/api/telegram-webhook` : null,
      },
      validation: { enabled: deps.couponValidator.enabled },
      publicUrl: deps.settings.publicUrl,
    }));
  };
}
