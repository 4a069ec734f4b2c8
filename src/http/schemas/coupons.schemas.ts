import { type Static, Type } from '@sinclair/typebox';
import { RequestObject, safeText } from './common.schemas.js';

const Code = safeText({ maxLength: 200, description: 'As typed; normalised by the server (A-Z, 0-9, - and _)' });

export const ValidateCouponBody = RequestObject(
  { coupon_code: Type.Optional(Code), code: Type.Optional(Code) },
  '`coupon_code` (or `code`)',
);

export const CouponValidation = Type.Object({
  valid: Type.Boolean(),
  code: Type.String({ description: 'The normalised code' }),
  reason: Type.Optional(Type.Union([Type.Literal('invalid'), Type.Literal('empty'), Type.Literal('unavailable')])),
  message: Type.String(),
});

export type CouponValidation = Static<typeof CouponValidation>;
