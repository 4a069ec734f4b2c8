import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VARIANT_SETTINGS,
  type FieldErrors,
  logoFitOf,
  validateName,
  validateVariantSettings,
} from './templates.models.js';

describe('validateName', () => {
  it.each([
    ['Bad\u0000Name', 'a NUL byte'],
    ['Two\nLines', 'a line break'],
    ['\u202Elive', 'a right-to-left override that shows "evil" as "live"'],
  ])('refuses %j (%s)', (name) => {
    const errors: FieldErrors = {};
    validateName(name, errors);
    expect(errors.name).toBe('name must not contain control characters');
  });

  it('keeps ordinary names, accents and emoji', () => {
    for (const name of ['Flash Sale 20%!', 'Été à Paris', 'Black Friday 🖤', 'عرض خاص']) {
      const errors: FieldErrors = {};
      expect(validateName(` ${name} `, errors)).toBe(name);
      expect(errors).toEqual({});
    }
  });
});

describe('validateVariantSettings', () => {
  const check = (maxFontPx: string, leftPct: string) => {
    const errors: FieldErrors = {};
    const settings = validateVariantSettings({
      variant: 'square',
      input: { maxFontPx, box: { leftPct } },
      base: DEFAULT_VARIANT_SETTINGS,
      errors,
    });
    return { settings, errors };
  };

  it('reads form numbers as people write them', () => {
    expect(check('120', ' 2.5 ').settings).toMatchObject({ maxFontPx: 120, box: { leftPct: 2.5 } });
  });

  it.each(['0x10', '1e2', 'Infinity', '', '12px'])('refuses %j as a number, naming the field', (value) => {
    const { errors } = check(value, value);
    expect(errors).toHaveProperty('squareMaxFontPx');
    expect(errors).toHaveProperty('squareLeftPct');
  });
});

describe('logo fit', () => {
  const validateFit = (logoFit: unknown) => {
    const errors: FieldErrors = {};
    const settings = validateVariantSettings({
      variant: 'story',
      input: { logoFit },
      base: DEFAULT_VARIANT_SETTINGS,
      errors,
    });
    return { logoFit: settings.logoFit, errors };
  };

  it('crops to the circle unless the variant asks for contain', () => {
    expect(validateFit(undefined)).toEqual({ logoFit: 'cover', errors: {} });
    expect(validateFit('contain')).toEqual({ logoFit: 'contain', errors: {} });
  });

  it('refuses any other fit, naming the field', () => {
    expect(validateFit('stretch').errors).toEqual({ storyLogoFit: 'must be cover or contain' });
  });

  it('reads variants stored before logo fit existed as cover', () => {
    expect(logoFitOf({})).toBe('cover');
    expect(logoFitOf({ logoFit: 'contain' })).toBe('contain');
  });
});
