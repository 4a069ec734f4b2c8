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

export const ValidateCouponsBody = RequestObject(
  {
    codes: Type.Array(Code, {
      maxItems: 500,
      description: 'Up to 500 codes as typed; each distinct normalised code is answered once, in input order',
    }),
  },
  '`codes`: the codes to check at once',
);

export const CouponValidations = Type.Object({ results: Type.Array(CouponValidation) });

export type ValidateCouponsBody = Static<typeof ValidateCouponsBody>;
export type CouponValidations = Static<typeof CouponValidations>;
