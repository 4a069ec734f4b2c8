import { decodeImage, type ServerImage } from './adapters/canvas/server-canvas.js';
import { createServerRenderer } from './adapters/canvas/server-renderer.js';
import type { DatabaseHandle } from './adapters/db/db.js';
import { inspectImage, makeThumbnail, TEMPLATE_IMAGE_LIMITS } from './adapters/images/image-inspector.js';
import type { ObjectStorage } from './adapters/storage/storage.types.js';
import { createAppMetaRepository } from './modules/app-meta/app-meta.repository.js';
import type { CouponValidator } from './modules/coupons/coupons.models.js';
import { createRenderedImageCache, type RendersDeps } from './modules/renders/renders.usecases.js';
import { createDecodedTemplateCache } from './modules/renders/template-image.cache.js';
import { createTemplatesRepository } from './modules/templates/templates.repository.js';
import type { TemplatesDeps } from './modules/templates/templates.usecases.js';
import { createUsageRepository } from './modules/usage/usage.repository.js';
import type { Logger } from './shared/logger.js';

export interface AppDeps {
  database: DatabaseHandle;
  storage: ObjectStorage;
  couponValidator: CouponValidator;
  logger: Logger;
  templates: TemplatesDeps;
  renders: RendersDeps<ServerImage>;
  appMetaRepository: ReturnType<typeof createAppMetaRepository>;
}

/** Wires the modules onto already-built adapters; main.ts and the tests both build the app through here. */
export function createAppDeps({
  database,
  storage,
  couponValidator,
  logger,
}: Pick<AppDeps, 'database' | 'storage' | 'couponValidator' | 'logger'>): AppDeps {
  const templatesRepository = createTemplatesRepository({ db: database.db });
  const templates: TemplatesDeps = {
    templatesRepository,
    storage,
    logger,
    imageTools: {
      inspect: ({ buffer, field }) => inspectImage({ buffer, field, limits: TEMPLATE_IMAGE_LIMITS }),
      thumbnail: (buffer) => makeThumbnail(buffer),
    },
  };
  const renders: RendersDeps<ServerImage> = {
    templatesRepository,
    couponValidator,
    usageRepository: createUsageRepository({ db: database.db }),
    templateImages: createDecodedTemplateCache({
      load: async (key) => {
        const object = await storage.get(key);
        if (!object) throw new Error(`template image ${key} is missing from storage`);
        return object.body;
      },
      decode: decodeImage,
    }),
    renderer: createServerRenderer(),
    renderedImages: createRenderedImageCache(),
    logger,
  };
  return {
    database,
    storage,
    couponValidator,
    logger,
    templates,
    renders,
    appMetaRepository: createAppMetaRepository({ db: database.db }),
  };
}
