import { describe, expect, it } from 'vitest';
import { templateRef } from '../templates/template-lookup.models.js';
import type { Template } from '../templates/templates.models.js';
import { chooseVariant, resolveTemplate, usageTargetOf } from './admission.models.js';

const both = { slug: 'flash-sale', name: 'Flash Sale', square: {}, story: {} } as Template;
const squareOnly = { slug: 'summer-deal', name: 'Summer Deal', square: {}, story: null } as Template;
const storyOnly = { slug: 'tall', name: 'Tall', square: null, story: {} } as Template;
const hidden = { slug: 'hidden-gem', name: 'Hidden Gem', square: {}, story: null } as Template;
const all = [both, squareOnly, storyOnly, hidden];
const usable = [both, squareOnly, storyOnly];

describe('chooseVariant', () => {
  it('chooses square, else portrait, and portrait only when asked and present', () => {
    expect(chooseVariant(both, false)).toBe('square');
    expect(chooseVariant(both, true)).toBe('story');
    expect(chooseVariant(storyOnly, false)).toBe('story');
    expect(chooseVariant(squareOnly, true)).toBeNull();
  });
});

describe('resolveTemplate', () => {
  it('finds an exact slug with the variants asked for, and says which one is missing', () => {
    expect(
      resolveTemplate({ request: { by: 'slug', slug: 'flash-sale', variants: ['square', 'story'] }, usable, all }),
    ).toEqual({
      template: both,
      variants: ['square', 'story'],
    });
    expect(
      resolveTemplate({ request: { by: 'slug', slug: 'summer-deal', variants: ['square', 'story'] }, usable, all }),
    ).toEqual({
      kind: 'variant_missing',
      template: squareOnly,
      variant: 'story',
    });
  });

  it('tells a template switched off from one that does not exist', () => {
    expect(resolveTemplate({ request: { by: 'slug', slug: 'hidden-gem', variants: ['square'] }, usable, all })).toEqual(
      {
        kind: 'template_off',
        template: hidden,
      },
    );
    expect(resolveTemplate({ request: { by: 'name', token: 'hiddengem', wantsStory: false }, usable, all })).toEqual({
      kind: 'template_off',
      template: hidden,
    });
    expect(
      resolveTemplate({ request: { by: 'ref', ref: templateRef('hidden-gem'), variant: null }, usable, all }),
    ).toEqual({
      kind: 'template_off',
      template: hidden,
    });
    expect(
      resolveTemplate({ request: { by: 'name', token: 'nothing-like-it', wantsStory: false }, usable, all }),
    ).toEqual({
      kind: 'template_unknown',
      token: 'nothing-like-it',
      suggestions: [],
    });
  });

  it('reads a typed name and a button reference the way the bot means them', () => {
    expect(resolveTemplate({ request: { by: 'name', token: 'tall', wantsStory: false }, usable, all })).toEqual({
      template: storyOnly,
      variants: ['story'],
    });
    expect(resolveTemplate({ request: { by: 'name', token: 'summer', wantsStory: true }, usable, all })).toEqual({
      kind: 'variant_missing',
      template: squareOnly,
      variant: 'story',
    });
    expect(
      resolveTemplate({ request: { by: 'ref', ref: templateRef('flash-sale'), variant: 'story' }, usable, all }),
    ).toEqual({
      template: both,
      variants: ['story'],
    });
  });
});

describe('usageTargetOf', () => {
  it('names what was resolved, else what was asked for', () => {
    const request = { by: 'slug', slug: 'flash-sale', variants: ['square', 'story'] } as const;
    expect(usageTargetOf({ request, outcome: { template: both, variants: ['square', 'story'] } })).toEqual({
      templateSlug: 'flash-sale',
      variant: null,
    });
    expect(
      usageTargetOf({
        request: { by: 'slug', slug: 'nope', variants: ['story'] },
        outcome: { kind: 'template_unknown', token: 'nope', suggestions: [] },
      }),
    ).toEqual({ templateSlug: 'nope', variant: 'story' });
    expect(
      usageTargetOf({
        request: { by: 'name', token: 'x', wantsStory: false },
        outcome: { kind: 'template_unknown', token: 'x', suggestions: [] },
      }),
    ).toEqual({ templateSlug: null, variant: null });
  });
});
