import { VARIANTS, type VariantSettingsInput } from '../../modules/templates/templates.models.js';
import type { TemplateInput, VariantInput } from '../../modules/templates/templates.usecases.js';
import { createInvalidError } from '../../shared/app-error.js';

/**
 * ADM-2: the original upload form's fields (`name`, `slug`, `isEditing`, files `squareImage`/`storyImage`, per variant
 * `{variant}LeftPct|TopPct|WidthPct|HeightPct|HAlign|VAlign|MaxFontPx|FontColor|ShowLogo`) plus ours
 * (`{variant}Outline` none|on, `{variant}OutlineColor`, `{variant}OutlineWidthPct`, `{variant}Remove`,
 * `telegramEnabled`, `expectedVersion`) → a template input. Values are checked by the template model.
 */
export function templateInputFromForm(fields: Map<string, string>, files: Map<string, Buffer>) {
  const variants: TemplateInput['variants'] = {};
  for (const variant of VARIANTS) {
    const field = (suffix: string) => fields.get(`${variant}${suffix}`);
    const image = files.get(`${variant}Image`);
    const mentioned = image !== undefined || [...fields.keys()].some((key) => key.startsWith(variant));
    if (!mentioned) continue;
    const settings: VariantSettingsInput = {
      box: {
        leftPct: field('LeftPct'),
        topPct: field('TopPct'),
        widthPct: field('WidthPct'),
        heightPct: field('HeightPct'),
      },
      hAlign: field('HAlign'),
      vAlign: field('VAlign'),
      maxFontPx: field('MaxFontPx'),
      fontColor: field('FontColor'),
      showLogo: field('ShowLogo'),
    };
    const outline = field('Outline');
    if (outline === 'none' || outline === 'off' || outline === 'false') settings.outline = null;
    else if (outline !== undefined || field('OutlineColor') !== undefined) {
      settings.outline = { color: field('OutlineColor'), widthPct: field('OutlineWidthPct') };
    }
    const input: VariantInput = { settings, remove: field('Remove') === 'true' };
    if (image) input.image = image;
    variants[variant] = input;
  }
  const expected = fields.get('expectedVersion');
  const expectedVersion = expected === undefined || expected === '' ? undefined : Number(expected);
  if (expectedVersion !== undefined && !Number.isInteger(expectedVersion)) {
    throw createInvalidError('template.invalid', 'expectedVersion: must be a whole number', {
      fields: { expectedVersion: 'must be a whole number' },
    });
  }
  const telegram = fields.get('telegramEnabled');
  return {
    isEditing: fields.get('isEditing') === 'true',
    slug: fields.get('slug'),
    expectedVersion,
    input: {
      name: fields.get('name'),
      telegramEnabled: telegram === undefined ? undefined : telegram === 'true',
      variants,
    } satisfies TemplateInput,
  };
}
