/**
 * Draws PromoStack's own sample template artwork (CC0) into assets/sample-templates/.
 * Run once with `npx tsx scripts/make-sample-art.ts`; the PNGs are committed, this script documents how they were made.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import { registerBundledFont } from '../src/adapters/canvas/server-canvas.js';
import { FONT_FAMILY } from '../src/renderer/render.types.js';

const out = join(import.meta.dirname, '../assets/sample-templates');
registerBundledFont(join(import.meta.dirname, '../assets/fonts/inter-bold-latin.woff2'));

type Painter = (ctx: SKRSContext2D, w: number, h: number) => void;

function headline(ctx: SKRSContext2D, text: string, x: number, y: number, px: number, color: string) {
  ctx.font = `700 ${px}px "${FONT_FAMILY}"`;
  ctx.fillStyle = color;
  ctx.textAlign = 'center';
  ctx.fillText(text, x, y);
}

function pill(ctx: SKRSContext2D, x: number, y: number, w: number, h: number, color: string) {
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, h / 2);
  ctx.fill();
}

const flashSale: Painter = (ctx, w, h) => {
  const g = ctx.createLinearGradient(0, 0, w, h);
  g.addColorStop(0, '#FF273E');
  g.addColorStop(1, '#7A0BC0');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = 'rgba(255,255,255,0.08)';
  for (let i = 0; i < 9; i++) {
    ctx.beginPath();
    ctx.arc((w * ((i * 37) % 100)) / 100, (h * ((i * 61) % 100)) / 100, w * (0.08 + (i % 3) * 0.05), 0, Math.PI * 2);
    ctx.fill();
  }
  headline(ctx, 'FLASH', w / 2, h * 0.3, w * 0.2, '#FFFFFF');
  headline(ctx, 'SALE', w / 2, h * 0.3 + w * 0.2, w * 0.2, '#FFD23F');
  headline(ctx, 'USE CODE', w / 2, h * 0.72, w * 0.05, '#FFFFFF');
  pill(ctx, w * 0.08, h * 0.76, w * 0.84, h * 0.13, 'rgba(0,0,0,0.35)');
};

const summerDeal: Painter = (ctx, w, h) => {
  const g = ctx.createLinearGradient(0, 0, 0, h);
  g.addColorStop(0, '#FFB347');
  g.addColorStop(0.55, '#FF6F61');
  g.addColorStop(1, '#2E1A47');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#FFE66D';
  ctx.beginPath();
  ctx.arc(w / 2, h * 0.42, w * 0.22, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#2E1A47';
  ctx.fillRect(0, h * 0.5, w, h * 0.5);
  headline(ctx, 'SUMMER DEAL', w / 2, h * 0.16, w * 0.11, '#2E1A47');
  pill(ctx, w * 0.1, h * 0.7, w * 0.8, Math.min(h * 0.12, w * 0.16), '#FFFFFF');
};

const blackFriday: Painter = (ctx, w, h) => {
  ctx.fillStyle = '#0B0B10';
  ctx.fillRect(0, 0, w, h);
  ctx.strokeStyle = '#FF273E';
  ctx.lineWidth = w * 0.012;
  for (let i = -4; i < 12; i++) {
    ctx.beginPath();
    ctx.moveTo(i * w * 0.15, 0);
    ctx.lineTo(i * w * 0.15 + h * 0.4, h * 0.4);
    ctx.stroke();
  }
  ctx.fillStyle = '#0B0B10';
  ctx.fillRect(0, h * 0.4, w, h * 0.6);
  headline(ctx, 'BLACK', w / 2, h * 0.55, w * 0.19, '#FFFFFF');
  headline(ctx, 'FRIDAY', w / 2, h * 0.55 + w * 0.19, w * 0.19, '#FF273E');
  ctx.strokeStyle = '#FFFFFF';
  ctx.lineWidth = w * 0.006;
  ctx.strokeRect(w * 0.08, h * 0.8, w * 0.84, h * 0.1);
};

async function save(name: string, w: number, h: number, paint: Painter) {
  const canvas = createCanvas(w, h);
  paint(canvas.getContext('2d'), w, h);
  const png = await sharp(canvas.data(), { raw: { width: w, height: h, channels: 4, premultiplied: true } })
    .removeAlpha()
    .png({ compressionLevel: 9, palette: true, quality: 90, effort: 10 })
    .toBuffer();
  writeFileSync(join(out, name), png);
  console.log(name, png.length);
}

await save('flash-sale-square.png', 1080, 1080, flashSale);
await save('flash-sale-story.png', 1080, 1920, flashSale);
await save('summer-deal-square.png', 1080, 1080, summerDeal);
await save('black-friday-square.png', 1080, 1080, blackFriday);
await save('black-friday-story.png', 1080, 1920, blackFriday);
