import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectImage, makePreviews, TEMPLATE_IMAGE_LIMITS } from './image-inspector.js';

const solid = (width: number, height: number, alpha = false) =>
  sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: alpha ? { r: 10, g: 20, b: 30, alpha: 0.5 } : '#336699',
    },
  });

/** A PNG that is only a header: signature + IHDR claiming the given size, no pixel data. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const type = Buffer.from('IHDR');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(13);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, ihdr])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), length, type, ihdr, crc]);
}

const inspect = (buffer: Buffer) => inspectImage({ buffer, limits: TEMPLATE_IMAGE_LIMITS, field: 'squareImage' });

describe('inspectImage', () => {
  it('accepts a PNG and reports its size and opacity', async () => {
    const result = await inspect(await solid(400, 300).png().toBuffer());
    expect(result).toMatchObject({ format: 'png', width: 400, height: 300, opaque: true });
    expect((await inspect(await solid(400, 300, true).png().toBuffer())).opaque).toBe(false);
  });

  it('accepts a JPEG', async () => {
    expect(await inspect(await solid(640, 480).jpeg().toBuffer())).toMatchObject({
      format: 'jpeg',
      width: 640,
      height: 480,
    });
  });

  it('stores an EXIF-rotated JPEG upright, with its displayed size', async () => {
    const rotated = await solid(300, 400).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const result = await inspect(rotated);
    expect(result).toMatchObject({ width: 400, height: 300 });
    const stored = await sharp(result.body).metadata();
    expect([stored.width, stored.height, stored.orientation ?? 1]).toEqual([400, 300, 1]);
  });

  it('refuses a file that is not an image, naming the field', async () => {
    await expect(inspect(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).rejects.toMatchObject({
      code: 'image.unsupported_type',
      message: 'squareImage: not a PNG or JPEG image',
    });
    await expect(inspect(await solid(300, 300).webp().toBuffer())).rejects.toMatchObject({
      code: 'image.unsupported_type',
    });
  });

  it('refuses a truncated PNG', async () => {
    const png = await sharp({
      create: {
        width: 800,
        height: 800,
        channels: 3,
        background: '#000000',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    await expect(inspect(png.subarray(0, Math.floor(png.length / 2)))).rejects.toMatchObject({ code: 'image.corrupt' });
  });

  it('refuses a pixel bomb from its header alone, without decoding', async () => {
    const bomb = pngHeader(50_000, 50_000);
    await expect(inspect(bomb)).rejects.toMatchObject({
      code: 'image.too_many_pixels',
      message: expect.stringMatching(/50000×50000/),
    });
  });

  it('refuses images that are too small, too long or too heavy', async () => {
    await expect(inspect(await solid(100, 400).png().toBuffer())).rejects.toMatchObject({ code: 'image.dimensions' });
    await expect(inspect(pngHeader(9000, 1000))).rejects.toMatchObject({ code: 'image.dimensions' });
    const heavy = Buffer.concat([pngHeader(1000, 1000), Buffer.alloc(16 * 1024 * 1024)]);
    await expect(inspect(heavy)).rejects.toMatchObject({ code: 'image.too_large' });
  });

  it('refuses an empty file', async () => {
    await expect(inspect(Buffer.alloc(0))).rejects.toMatchObject({ code: 'image.empty' });
  });
});

describe('makePreviews', () => {
  it('makes WebP previews with a longest side of 640 and 1280 px, keeping the aspect ratio', async () => {
    const previews = await makePreviews(await solid(1080, 1920).png().toBuffer());
    expect(previews.map(({ width, height }) => [width, height])).toEqual([
      [360, 640],
      [720, 1280],
    ]);
    for (const preview of previews) {
      const meta = await sharp(preview.body).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', preview.width, preview.height]);
    }
  });

  it('never enlarges: sizes beyond the natural size become one preview at the natural size', async () => {
    const square = await makePreviews(await solid(1080, 1080).png().toBuffer());
    expect(square.map((p) => p.width)).toEqual([640, 1080]);
    const small = await makePreviews(await solid(500, 400).png().toBuffer());
    expect(small.map(({ width, height }) => [width, height])).toEqual([[500, 400]]);
  });

  it('keeps transparency', async () => {
    const [preview] = await makePreviews(await solid(800, 800, true).png().toBuffer());
    expect((await sharp(preview!.body).metadata()).hasAlpha).toBe(true);
  });
});
