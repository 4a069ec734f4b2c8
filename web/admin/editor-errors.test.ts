import { describe, expect, it } from 'vitest';
import { ApiError } from '../shared/api.js';
import { describeFieldError, fieldLabel, saveErrorsOf } from './editor-errors.js';

const shown = new Set(['name', 'slug', 'squareFontColor', 'squareImage', 'squareLeftPct', 'storyWidthPct']);

describe('save errors in the words of the form', () => {
  it('names fields as the form labels them', () => {
    expect(fieldLabel('squareFontColor')).toBe('Square: text colour');
    expect(fieldLabel('storyOutlineColor')).toBe('Portrait: outline colour');
    expect(fieldLabel('storyImage')).toBe('Portrait image');
    expect(fieldLabel('name')).toBe('Name');
    expect(fieldLabel('expectedVersion')).toBeNull();
    expect(fieldLabel('squareBogus')).toBeNull();
  });

  it.each([
    ['squareFontColor', 'must be a colour like #FFAA00', 'Square: text colour must be #RRGGBB'],
    ['storyOutlineColor', 'must be a colour like #000000', 'Portrait: outline colour must be #RRGGBB'],
    ['squareLeftPct', 'must be 0–100', 'Square: text box left must be 0–100'],
    ['storyWidthPct', 'the text box must stay inside the image', 'Portrait: text box width must stay inside the image'],
    [
      'squareMaxFontPx',
      'must be a whole number of pixels, 8–400',
      'Square: max font size must be a whole number of pixels, 8–400',
    ],
    ['name', 'name is required', 'Name is required'],
    [
      'slug',
      'slug may contain only a-z, 0-9 and single dashes between them',
      'Slug may contain only a-z, 0-9 and single dashes between them',
    ],
    ['squareImage', 'an image is required', 'Square image is required'],
    [
      'squareImage',
      'squareImage: 800×100 px; each side must be 200–8000 px',
      'Square image: 800×100 px; each side must be 200–8000 px',
    ],
  ])('%s: %j → %j', (key, problem, sentence) => {
    expect(describeFieldError(key, problem)).toBe(sentence);
  });

  it('puts field problems beside their fields and sums them up at the Save button', () => {
    const error = new ApiError(400, 'template.invalid', 'squareFontColor: must be a colour like #FFAA00', {
      squareFontColor: 'must be a colour like #FFAA00',
    });
    expect(saveErrorsOf(error, shown)).toEqual({
      fields: { squareFontColor: 'Square: text colour must be #RRGGBB' },
      form: 'Not saved. Check the field marked in red.',
    });
  });

  it('reads the single field an image error names', () => {
    const body = {
      error: { code: 'image.corrupt', message: 'squareImage: the PNG header is damaged', field: 'squareImage' },
    };
    const error = new ApiError(400, 'image.corrupt', body.error.message, {}, body);
    expect(saveErrorsOf(error, shown).fields).toEqual({ squareImage: 'Square image: the PNG header is damaged' });
  });

  it('shows problems of fields the form does not show at the Save button, in full', () => {
    const error = new ApiError(400, 'template.invalid', 'x', {
      squareLeftPct: 'must be 0–100',
      storyOutlineColor: 'must be a colour like #000000',
    });
    expect(saveErrorsOf(error, shown)).toEqual({
      fields: { squareLeftPct: 'Square: text box left must be 0–100' },
      form: 'Not saved. Check the field marked in red; Portrait: outline colour must be #RRGGBB.',
    });
  });

  it('shows conflicts at the Save button, never beside a field', () => {
    const taken = new ApiError(409, 'template.slug_taken', 'A template with the slug "x" already exists', {}, {});
    expect(saveErrorsOf(taken, shown)).toEqual({
      fields: {},
      form: 'Not saved: A template with the slug "x" already exists. Choose another slug, or edit that template instead.',
    });
    const stale = new ApiError(
      409,
      'template.version_conflict',
      '"X" was changed by someone else (now version 3); reload and try again',
    );
    expect(saveErrorsOf(stale, shown).form).toBe(
      'Not saved: "X" was changed by someone else (now version 3); reload and try again.',
    );
  });

  it('explains a failure that never reached the server', () => {
    expect(saveErrorsOf(new TypeError('fetch failed'), shown).form).toMatch(/check your connection/);
    const offline = new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
    expect(saveErrorsOf(offline, shown).form).toBe(
      'Not saved: The server could not be reached. Check your connection and try again.',
    );
  });
});
