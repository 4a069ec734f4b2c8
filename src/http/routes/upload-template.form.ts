import type { FastifyRequest } from 'fastify';
import { VARIANTS, type VariantSettingsInput } from '../../modules/templates/templates.models.js';
import type { TemplateInput, VariantInput } from '../../modules/templates/templates.usecases.js';
import { AppError, createInvalidError, isAppError } from '../../shared/app-error.js';

const MAX_FILE_BYTES = 15 * 1024 * 1024;
const FILE_FIELDS = ['squareImage', 'storyImage'];

/**
 * Reads every part of the upload's multipart body. A file over 15 MB is refused naming its field; a body that is not
 * multipart, has no boundary or is cut off is a 400, never a 500.
 */
export async function readTemplateForm(request: FastifyRequest) {
  if (!request.isMultipart()) throw createInvalidError('request.invalid', 'Send the template as multipart/form-data');
  const fields = new Map<string, string>();
  const files = new Map<string, Buffer>();
  let current = '';
  try {
    for await (const part of request.parts({
      limits: { fileSize: MAX_FILE_BYTES, files: 2, fields: 60, fieldSize: 2000 },
    })) {
      current = part.fieldname;
      if (part.type === 'file') {
        if (!FILE_FIELDS.includes(part.fieldname)) {
          part.file.resume();
          throw createInvalidError(
            'template.invalid',
            `${part.fieldname}: unexpected file (use squareImage or storyImage)`,
          );
        }
        const body = await part.toBuffer();
        if (body.length > 0) files.set(part.fieldname, body);
      } else {
        fields.set(part.fieldname, String(part.value));
      }
    }
  } catch (error) {
    throw formError(error, current);
  }
  return { fields, files };
}

function formError(error: unknown, field: string): unknown {
  if (isAppError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new AppError({
      kind: 'too_large',
      code: 'image.too_large',
      message: `${field}: the file is larger than 15 MB`,
      details: { field },
    });
  if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
    return createInvalidError('template.invalid', 'The form has more fields or files than an upload takes');
  return createInvalidError('request.malformed_multipart', 'The form data is malformed or was cut off; send it again');
}

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
      logoFit: field('LogoFit'),
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
