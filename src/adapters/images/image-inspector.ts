import { imageSize } from 'image-size';
import sharp from 'sharp';
import { createInvalidError } from '../../shared/app-error.js';
import type { ImageFormat, ImageLimits, InspectedImage, PreviewImage } from './image.types.js';

export type { ImageFormat, ImageLimits, InspectedImage, PreviewImage };

/** TPL-1: PNG or JPEG, ≤ 15 MB, ≤ 40 megapixels, each side 200–8000 px. */
export const TEMPLATE_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 15 * 1024 * 1024,
  maxPixels: 40_000_000,
  minSide: 200,
  maxSide: 8000,
  formats: ['png', 'jpeg'],
};

function sniffFormat(buffer: Buffer): ImageFormat | null {
  if (buffer.length >= 8 && buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return 'jpeg';
  if (buffer.length >= 12 && buffer.toString('ascii', 0, 4) === 'RIFF' && buffer.toString('ascii', 8, 12) === 'WEBP')
    return 'webp';
  return null;
}

const FORMAT_NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };

/**
 * Checks an uploaded image by its content: size, magic bytes, header dimensions (before any pixel is decoded, so a
 * header claiming 50 000 × 50 000 costs nothing), then a full decode that fails on truncation. `field` names the
 * form field in every error.
 */
export async function inspectImage({
  buffer,
  limits,
  field,
}: {
  buffer: Buffer;
  limits: ImageLimits;
  field: string;
}): Promise<InspectedImage> {
  const allowed = limits.formats.map((f) => FORMAT_NAMES[f]).join(' or ');
  if (buffer.length === 0) throw createInvalidError('image.empty', `${field}: the file is empty`, { field });
  if (buffer.length > limits.maxBytes) {
    throw createInvalidError(
      'image.too_large',
      `${field}: the file is ${(buffer.length / 1048576).toFixed(1)} MB; the limit is ${limits.maxBytes / 1048576} MB`,
      { field },
    );
  }
  const format = sniffFormat(buffer);
  if (format === null || !limits.formats.includes(format)) {
    throw createInvalidError('image.unsupported_type', `${field}: not a ${allowed} image`, { field });
  }
  let width: number;
  let height: number;
  let orientation: number | undefined;
  try {
    const header = imageSize(buffer);
    width = header.width;
    height = header.height;
    orientation = header.orientation;
  } catch {
    throw createInvalidError('image.corrupt', `${field}: the ${FORMAT_NAMES[format]} header is damaged`, { field });
  }
  if (orientation !== undefined && orientation >= 5) [width, height] = [height, width];
  if (width * height > limits.maxPixels) {
    throw createInvalidError(
      'image.too_many_pixels',
      `${field}: ${width}×${height} is ${((width * height) / 1e6).toFixed(1)} megapixels; the limit is ${limits.maxPixels / 1e6}`,
      { field },
    );
  }
  if (Math.min(width, height) < limits.minSide || Math.max(width, height) > limits.maxSide) {
    throw createInvalidError(
      'image.dimensions',
      `${field}: ${width}×${height} px; each side must be ${limits.minSide}–${limits.maxSide} px`,
      { field },
    );
  }
  let opaque: boolean;
  let body = buffer;
  try {
    const decoder = () => sharp(buffer, { failOn: 'truncated', limitInputPixels: limits.maxPixels });
    if (orientation !== undefined && orientation > 1) body = await decoder().rotate().jpeg({ quality: 95 }).toBuffer();
    opaque = (await decoder().stats()).isOpaque;
  } catch {
    throw createInvalidError('image.corrupt', `${field}: the ${FORMAT_NAMES[format]} data is truncated or damaged`, {
      field,
    });
  }
  return { format, width, height, opaque, body };
}

/** A small WebP preview for galleries and admin lists. */
export async function makeThumbnail(buffer: Buffer, width = 480): Promise<Buffer> {
  return sharp(buffer).rotate().resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
}

/**
 * Longest sides of the display-size previews the web generator draws its first preview from: 640 covers a phone's
 * preview (≈ 330 CSS px) up to 1.9×, 1280 the rest (3× phones, laptops at 2×). Capped at the natural size.
 */
export const PREVIEW_LONGEST_SIDES = [640, 1280] as const;

/**
 * WebP previews of a template image, smallest first, one per longest side (fewer when the image is smaller: sizes
 * that would reach the natural size collapse into one at the natural size). Alpha is kept.
 */
export async function makePreviews(
  buffer: Buffer,
  longestSides: readonly number[] = PREVIEW_LONGEST_SIDES,
): Promise<PreviewImage[]> {
  const previews: PreviewImage[] = [];
  for (const side of [...longestSides].sort((a, b) => a - b)) {
    const { data, info } = await sharp(buffer)
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    if (previews.some((p) => p.width === info.width)) break;
    previews.push({ width: info.width, height: info.height, body: data });
  }
  return previews;
}
