import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.js';
import type { CouponStatus } from '../coupons/coupons.models.js';
import { templateRef } from '../templates/template-lookup.models.js';
import type { Template, TemplateVariant } from '../templates/templates.models.js';
import type { UsageRow } from '../usage/usage.models.js';
import { type AdmissionDeps, type AdmissionRequest, admitImageRequest, screenCode } from './admission.usecases.js';

const variant = { width: 800, height: 800 } as TemplateVariant;
const template = (slug: string, extra: Partial<Template> = {}): Template =>
  ({ slug, name: slug, telegramEnabled: true, version: 1, square: variant, story: null, ...extra }) as Template;

const CATALOGUE = [
  template('flash-sale', { story: variant }),
  template('summer-deal'),
  template('hidden-gem', { telegramEnabled: false }),
];

/** The use case against in-memory ports: the catalogue above, a scripted FunderPro, and a usage log to read back. */
function setUp(verdicts: Record<string, CouponStatus> = { SAVE20: 'valid', 'SAVE-20': 'valid', DOWN: 'unavailable' }) {
  const rows: UsageRow[] = [];
  const checked: string[] = [];
  const deps: AdmissionDeps = {
    templatesRepository: {
      findAll: async () => CATALOGUE,
      findBySlug: async (slug) => CATALOGUE.find((t) => t.slug === slug) ?? null,
    },
    couponValidator: {
      enabled: true,
      check: async (code) => {
        checked.push(code);
        return verdicts[code] ?? 'invalid';
      },
    },
    usageRepository: { record: async (row) => void rows.push(row) },
    logger: silentLogger,
  };
  return { deps, rows, checked };
}

const apiRequest = (
  slug: string,
  rawCode: string,
  variants: ['square'] | ['story'] = ['square'],
): AdmissionRequest => ({
  source: 'api',
  action: 'render',
  template: { by: 'slug', slug, variants },
  rawCode,
});
const produced = async () => ({ value: 'image' });

describe('admitImageRequest', () => {
  it('admits a valid code, lets the front door produce the image and records one success', async () => {
    const { deps, rows } = setUp();
    const result = await admitImageRequest(deps, apiRequest('flash-sale', ' save 20 '), produced);
    expect(result).toMatchObject({ admitted: true, code: 'SAVE-20', value: 'image' });
    expect(rows).toHaveLength(1);
  });

  it('normalises the code before asking FunderPro, and records the outcome in the one row shape', async () => {
    const { deps, rows, checked } = setUp();
    await admitImageRequest(deps, apiRequest('flash-sale', 'save20'), produced);
    expect(checked).toEqual(['SAVE20']);
    expect(rows).toEqual([
      {
        source: 'api',
        action: 'render',
        outcome: 'success',
        errorType: null,
        templateSlug: 'flash-sale',
        variant: 'square',
        code: 'SAVE20',
        userId: null,
        chatId: null,
        chatType: null,
      },
    ]);
  });

  it.each([
    [
      'EXPIRED',
      { kind: 'invalid', code: 'EXPIRED' },
      { outcome: 'invalid', errorType: 'invalid_coupon', code: 'EXPIRED' },
    ],
    ['down', { kind: 'unavailable', code: 'DOWN' }, { outcome: 'unavailable', errorType: 'validation_unavailable' }],
    ['😀', { kind: 'empty' }, { outcome: 'invalid', errorType: 'invalid_coupon', code: null }],
  ])('refuses %j without producing anything, and records why', async (rawCode, refusal, row) => {
    const { deps, rows } = setUp();
    let called = false;
    const result = await admitImageRequest(deps, apiRequest('flash-sale', rawCode), async () => {
      called = true;
      return { value: 'image' };
    });
    expect(result).toMatchObject({ admitted: false, refusal });
    expect(called).toBe(false);
    expect(rows).toEqual([expect.objectContaining({ ...row, templateSlug: 'flash-sale', variant: 'square' })]);
  });

  it('refuses an unknown template or a missing variant before asking FunderPro', async () => {
    const { deps, rows, checked } = setUp();
    const unknown = await admitImageRequest(deps, apiRequest('nope', 'SAVE20'), produced);
    const noStory = await admitImageRequest(deps, apiRequest('summer-deal', 'SAVE20', ['story']), produced);
    expect(unknown).toMatchObject({ admitted: false, refusal: { kind: 'template_unknown', token: 'nope' } });
    expect(noStory).toMatchObject({ admitted: false, refusal: { kind: 'variant_missing', variant: 'story' } });
    expect(checked).toEqual([]);
    expect(rows.map((r) => [r.outcome, r.errorType, r.templateSlug, r.variant, r.code])).toEqual([
      ['failed', 'template_not_found', 'nope', 'square', 'SAVE20'],
      ['failed', 'template_not_found', 'summer-deal', 'story', 'SAVE20'],
    ]);
  });

  it('lets the web use a template switched off for Telegram, but not the bot', async () => {
    const { deps } = setUp();
    const web = await admitImageRequest(
      deps,
      {
        source: 'web',
        action: 'download',
        template: { by: 'slug', slug: 'hidden-gem', variants: ['square'] },
        rawCode: 'SAVE20',
      },
      produced,
    );
    const bot = await admitImageRequest(
      deps,
      {
        source: 'telegram',
        action: 'command',
        template: { by: 'name', token: 'hidden gem', wantsStory: false },
        rawCode: 'SAVE20',
      },
      produced,
    );
    expect(web.admitted).toBe(true);
    expect(bot).toMatchObject({ admitted: false, refusal: { kind: 'template_off', template: { slug: 'hidden-gem' } } });
  });

  it('matches bot names flexibly and button references exactly, with the actor on the row', async () => {
    const { deps, rows } = setUp();
    const actor = { userId: 7, chatId: -100, chatType: 'channel' };
    const byName = await admitImageRequest(
      deps,
      {
        source: 'telegram',
        action: 'command',
        actor,
        template: { by: 'name', token: 'Flash_Sale', wantsStory: true },
        rawCode: 'SAVE20',
      },
      produced,
    );
    const byRef = await admitImageRequest(
      deps,
      {
        source: 'telegram',
        action: 'button',
        actor,
        template: { by: 'ref', ref: templateRef('summer-deal'), variant: null },
        rawCode: 'SAVE20',
      },
      produced,
    );
    expect(byName).toMatchObject({ admitted: true, template: { slug: 'flash-sale' }, variants: ['story'] });
    expect(byRef).toMatchObject({ admitted: true, template: { slug: 'summer-deal' }, variants: ['square'] });
    expect(rows.map((r) => [r.action, r.variant, r.userId, r.chatId, r.chatType])).toEqual([
      ['command', 'story', 7, -100, 'channel'],
      ['button', 'square', 7, -100, 'channel'],
    ]);
  });

  it('records one row for an action covering several variants (a web share of both)', async () => {
    const { deps, rows } = setUp();
    const result = await admitImageRequest(
      deps,
      {
        source: 'web',
        action: 'share',
        template: { by: 'slug', slug: 'flash-sale', variants: ['square', 'story'] },
        rawCode: 'SAVE20',
      },
      produced,
    );
    expect(result).toMatchObject({ admitted: true, variants: ['square', 'story'] });
    expect(rows).toEqual([expect.objectContaining({ action: 'share', outcome: 'success', variant: null })]);
  });

  it('records what the front door reports when the image never reached the user', async () => {
    const { deps, rows } = setUp();
    await admitImageRequest(deps, apiRequest('flash-sale', 'SAVE20'), async () => ({
      value: 'blocked',
      failure: 'send_failed' as const,
    }));
    expect(rows).toEqual([expect.objectContaining({ outcome: 'failed', errorType: 'send_failed', code: 'SAVE20' })]);
  });

  it('records a render failure once and lets the error through when producing throws', async () => {
    const { deps, rows } = setUp();
    const failing = admitImageRequest(deps, apiRequest('flash-sale', 'SAVE20'), async () => {
      throw new Error('canvas exploded');
    });
    await expect(failing).rejects.toThrow('canvas exploded');
    expect(rows).toEqual([expect.objectContaining({ outcome: 'failed', errorType: 'render_failed' })]);
  });

  it('still hands out the image when the usage row cannot be written', async () => {
    const { deps } = setUp();
    const errors: unknown[] = [];
    const result = await admitImageRequest(
      {
        ...deps,
        usageRepository: { record: async () => Promise.reject(new Error('database gone')) },
        logger: { ...silentLogger, error: (entry) => void errors.push(entry) },
      },
      apiRequest('flash-sale', 'SAVE20'),
      produced,
    );
    expect(result.admitted).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('refuses an action the source cannot perform (a programming error, not a user one)', async () => {
    const { deps, rows, checked } = setUp();
    await expect(
      admitImageRequest(deps, { ...apiRequest('flash-sale', 'SAVE20'), action: 'button' }, produced),
    ).rejects.toThrow('api has no action "button"');
    expect([rows, checked]).toEqual([[], []]);
  });
});

describe('screenCode (the guided flow, before a template is chosen)', () => {
  it('accepts a valid code without writing a row: its image will be recorded', async () => {
    const { deps, rows } = setUp();
    expect(await screenCode(deps, { source: 'telegram', action: 'command', rawCode: 'save20' })).toEqual({
      ok: true,
      code: 'SAVE20',
    });
    expect(rows).toEqual([]);
  });

  it('records a refused code as the end of that attempt', async () => {
    const { deps, rows } = setUp();
    const actor = { userId: 5, chatId: 5, chatType: 'private' };
    const result = await screenCode(deps, { source: 'telegram', action: 'command', actor, rawCode: 'nope' });
    expect(result).toMatchObject({ ok: false, refusal: { kind: 'invalid', code: 'NOPE' } });
    expect(rows).toEqual([
      expect.objectContaining({
        outcome: 'invalid',
        errorType: 'invalid_coupon',
        code: 'NOPE',
        templateSlug: null,
        userId: 5,
      }),
    ]);
  });
});
