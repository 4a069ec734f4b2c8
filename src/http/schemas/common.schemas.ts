import { type TSchema, Type } from '@sinclair/typebox';

/**
 * The HTTP contract's shared pieces. Every request object refuses to carry unknown fields (they are dropped before the
 * handler, SPEC §13); every answer is described, so Fastify serialises with it and the OpenAPI document shows it.
 */

/** Text with no control characters (PostgreSQL refuses NUL; none belongs in a name, slug or code). */
export const safeText = (options: { maxLength: number; minLength?: number; description?: string }) =>
  Type.String({ ...options, pattern: '^[^\\u0000-\\u001F\\u007F]*$' });

export const Slug = safeText({ maxLength: 200, description: 'A template slug, e.g. flash-sale' });

/** A request object: unknown fields are dropped, never kept. */
export const RequestObject = <T extends Parameters<typeof Type.Object>[0]>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: false, description });

export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'Stable machine-readable code, e.g. coupon.invalid' }),
        message: Type.String({ description: 'A sentence for people' }),
        field: Type.Optional(Type.String({ description: 'The form field at fault' })),
        fields: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Field → problem' })),
      },
      // Some errors add context (the taken slug, the current version); those keys are passed through.
      { additionalProperties: true },
    ),
  },
  { title: 'Error', description: 'Every error, with any status' },
);

/** The answer schemas of a route: its success shape(s) plus the error body for every 4xx and 5xx. */
export const answers = <T extends Record<number, TSchema>>(success: T) => ({
  ...success,
  '4xx': ErrorBody,
  '5xx': ErrorBody,
});

export const Ok = Type.Object({ ok: Type.Literal(true) });
