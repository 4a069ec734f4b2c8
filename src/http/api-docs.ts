import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The published contract: an OpenAPI 3 document generated from the routes' own schemas at `/api/openapi.json`, and a
 * readable reference at `/api/docs` for integrators (Swagger UI, served from this server: no CDN, same CSP).
 */
export async function registerApiDocs(app: FastifyInstance, { publicUrl }: { publicUrl: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'PromoStack API',
        version: '1',
        description:
          'Branded coupon images. Integrators mostly need `GET /api/render/{slug}/{variant}.{png|jpg}?code=`: ' +
          'the template with the coupon code fitted into its text box, after the code is checked with FunderPro. ' +
          'Every error answers `{"error": {"code", "message"}}`. Admin routes need the `ps_admin` session cookie ' +
          'and, for changes, an `Origin` header of this server.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          adminSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'ps_admin',
            description: 'Set by POST /api/login; state changes also need an Origin header of this server',
          },
          telegramSecret: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Telegram-Bot-Api-Secret-Token',
            description: 'The secret_token given to Telegram at setWebhook',
          },
        },
      },
      tags: [
        { name: 'render', description: 'Images for integrations' },
        { name: 'templates', description: 'The public catalogue' },
        { name: 'coupons', description: 'Coupon checks' },
        { name: 'web', description: 'Used by the web generator' },
        { name: 'telegram', description: 'Telegram webhook (Telegram only)' },
        { name: 'admin', description: 'Admin panel (session cookie)' },
        { name: 'operations', description: 'Health for load balancers' },
      ],
    },
    // Routes say which credential they need through their tag; the multipart upload gets its documented body here,
    // because its fields are read from the stream (a JSON body schema would not apply).
    transform: ({ schema, url }) => {
      const tags = (schema as { tags?: string[] } | undefined)?.tags ?? [];
      const security =
        tags.includes('admin') && url !== '/api/login' && url !== '/api/logout'
          ? [{ adminSession: [] }]
          : tags.includes('telegram')
            ? [{ telegramSecret: [] }]
            : undefined;
      return { schema: { ...schema, ...(security ? { security } : {}) } as typeof schema, url };
    },
    transformObject: (documentObject) => {
      const document = 'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject;
      const upload = (document as { paths?: Record<string, Record<string, Record<string, unknown>>> }).paths?.[
        '/api/upload-template'
      ]?.post;
      if (upload) upload.requestBody = UPLOAD_BODY;
      return document;
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', defaultModelsExpandDepth: 0, deepLinking: true },
    theme: { title: 'PromoStack API reference' },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

const text = (description: string) => ({ type: 'string', description });
const variantFields = (variant: 'square' | 'story') => ({
  [`${variant}Image`]: { type: 'string', format: 'binary', description: 'PNG or JPEG, ≤ 15 MB, ≤ 40 megapixels' },
  [`${variant}LeftPct`]: text('text box left edge, % of the width (0–100)'),
  [`${variant}TopPct`]: text('text box top edge, % of the height'),
  [`${variant}WidthPct`]: text('text box width, %'),
  [`${variant}HeightPct`]: text('text box height, %'),
  [`${variant}HAlign`]: text('left | center | right'),
  [`${variant}VAlign`]: text('top | middle | bottom'),
  [`${variant}MaxFontPx`]: text('8–400'),
  [`${variant}FontColor`]: text('#RRGGBB'),
  [`${variant}ShowLogo`]: text('true | false'),
  [`${variant}Outline`]: text('on | none'),
  [`${variant}OutlineColor`]: text('#RRGGBB'),
  [`${variant}OutlineWidthPct`]: text('1–25, % of the font size'),
  [`${variant}Remove`]: text('true removes this variant (edit only)'),
});

/** The upload form of the original PromoStack, plus our fields (ADM-2). */
const UPLOAD_BODY = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        properties: {
          name: text('Template name, ≤ 100 characters'),
          slug: text('Optional on create (derived from the name); required when editing'),
          isEditing: text('true to edit the template named by slug'),
          expectedVersion: text('Refuse the edit (409) unless the template is still at this version'),
          telegramEnabled: text('true | false'),
          ...variantFields('square'),
          ...variantFields('story'),
        },
      },
    },
  },
};
