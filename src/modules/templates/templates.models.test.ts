import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VARIANT_SETTINGS,
  type FieldErrors,
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
