import { type Static, Type } from '@sinclair/typebox';
import { RequestObject, Slug } from './common.schemas.js';
import { PublicTemplate } from './templates.schemas.js';

export const LoginBody = RequestObject({ password: Type.String({ maxLength: 1000 }) });
export const LoggedIn = Type.Object({
  authenticated: Type.Literal(true),
  expiresAt: Type.String({ format: 'date-time' }),
});
export const AuthState = Type.Object({ authenticated: Type.Boolean() });

export const DeleteTemplatesBody = RequestObject({
  slug: Type.Optional(Slug),
  slugs: Type.Optional(Type.Array(Slug, { maxItems: 500 })),
});
export const DeletedTemplates = Type.Object({
  deleted: Type.Array(Type.String()),
  missing: Type.Array(Type.String()),
});

export const ToggleTelegramBody = RequestObject({
  slug: Slug,
  enabled: Type.Boolean(),
  expectedVersion: Type.Optional(Type.Integer()),
});

export const SavedTemplate = Type.Object({ template: PublicTemplate });

export const AdminSettings = Type.Object({
  database: Type.Object({ kind: Type.String(), description: Type.String() }),
  storage: Type.Object({ kind: Type.String(), description: Type.String() }),
  bot: Type.Object({
    mode: Type.Union([Type.Literal('webhook'), Type.Literal('polling'), Type.Literal('off')]),
    username: Type.Union([Type.String(), Type.Null()]),
    webhookUrl: Type.Union([Type.String(), Type.Null()]),
  }),
  validation: Type.Object({ enabled: Type.Boolean() }),
  publicUrl: Type.String(),
});

export type AdminSettings = Static<typeof AdminSettings>;
export type DeletedTemplates = Static<typeof DeletedTemplates>;
