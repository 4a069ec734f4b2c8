/**
 * The "Many codes" renderer off the main thread: the shared renderer (drawPromo) on an OffscreenCanvas, PNG encoded
 * here too, so the page stays responsive while hundreds of images are made.
 */
import type { SizedImage } from '../../src/renderer/canvas.types.js';
import { drawPromo } from '../../src/renderer/render.js';
import { FONT_FAMILY, FONT_WEIGHT } from '../../src/renderer/render.types.js';
import type { FromWorker, ToWorker } from './many-codes-protocol.js';
import { packZip } from './many-codes-zip.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  fonts: FontFaceSet;
}
const scope = self as unknown as WorkerScope;
const images = new Map<string, SizedImage<ImageBitmap>>();

async function render(message: Extract<ToWorker, { type: 'render' }>): Promise<void> {
  const template = images.get(message.imageKey);
  if (!template) throw new Error(`image ${message.imageKey} was never sent`);
  const logo = message.logoKey ? (images.get(message.logoKey) ?? null) : null;
  const canvas = new OffscreenCanvas(template.width, template.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D context on OffscreenCanvas');
  drawPromo(ctx, { template, style: message.style, code: message.code, logo, logoFit: message.logoFit });
  const png = await canvas.convertToBlob({ type: 'image/png' });
  scope.postMessage({ type: 'done', id: message.id, png });
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'font') {
    const face = new FontFace(FONT_FAMILY, `url(${message.url})`, { weight: FONT_WEIGHT });
    face.load().then(
      (loaded) => {
        scope.fonts.add(loaded);
        scope.postMessage({ type: 'ready' });
      },
      (error: unknown) => scope.postMessage({ type: 'failed', id: null, message: String(error) }),
    );
  } else if (message.type === 'image') {
    const { bitmap } = message;
    images.set(message.key, { image: bitmap, width: bitmap.width, height: bitmap.height });
  } else if (message.type === 'zip') {
    packZip(message.files).then(
      (zip) => scope.postMessage({ type: 'zipped', zip }),
      (error: unknown) => scope.postMessage({ type: 'failed', id: -1, message: String(error) }),
    );
  } else {
    render(message).catch((error: unknown) =>
      scope.postMessage({ type: 'failed', id: message.id, message: String(error) }),
    );
  }
};
