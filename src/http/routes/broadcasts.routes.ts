import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  cancelBroadcast,
  countRecipients,
  createBroadcast,
  getBroadcast,
  listBroadcasts,
  listProblems,
  MAX_PHOTO_BYTES,
  previewMessage,
  sendTestBroadcast,
  uploadBroadcastImage,
} from '../../modules/broadcasts/broadcasts.usecases.js';
import { requireAdmin } from '../admin-guard.js';
import type { HttpDeps } from '../http.deps.js';
import {
  Audience,
  AudienceQuery,
  CreateBroadcastBody,
  CreatedBroadcast,
  JobList,
  JobParams,
  OneJob,
  PageQuery,
  Preview,
  PreviewBody,
  Problems,
  TestBroadcastBody,
  UploadedImage,
} from '../schemas/broadcasts.schemas.js';
import { answers, Ok } from '../schemas/common.schemas.js';
import { readSingleFile } from '../single-file.js';

const HISTORY_PAGE_SIZE = 20;
const PROBLEMS_PAGE_SIZE = 50;

/** BRD-1…4: compose, count, test, send, follow and cancel broadcasts (admin only; the worker does the sending). */
export function broadcastsRoutes(
  deps: Pick<HttpDeps, 'broadcasts' | 'adminAuth' | 'publicUrl'>,
): FastifyPluginAsyncTypebox {
  const tags = ['broadcasts'];
  return async (app) => {
    app.addHook('onRequest', requireAdmin(deps));

    app.post(
      '/api/broadcast/preview',
      {
        schema: {
          summary: 'The message as Telegram will show it',
          tags,
          body: PreviewBody,
          response: answers({ 200: Preview }),
        },
      },
      async (request) => previewMessage({ message: request.body.message, withImage: Boolean(request.body.image) }),
    );

    app.get(
      '/api/broadcast-audience',
      {
        schema: {
          summary: 'How many users a broadcast would reach',
          tags,
          querystring: AudienceQuery,
          response: answers({ 200: Audience }),
        },
      },
      async (request) => {
        const days = Number(request.query.days);
        return { days, recipients: await countRecipients(deps.broadcasts, days) };
      },
    );

    app.post(
      '/api/broadcast/image',
      {
        bodyLimit: MAX_PHOTO_BYTES + 64 * 1024,
        schema: {
          summary: 'Upload an image to send with a broadcast (multipart field "image": PNG or JPEG ≤ 10 MB)',
          tags,
          consumes: ['multipart/form-data'],
          response: answers({ 200: UploadedImage }),
        },
      },
      async (request) => {
        const buffer = await readSingleFile(request, { field: 'image', maxBytes: MAX_PHOTO_BYTES });
        return { image: await uploadBroadcastImage(deps.broadcasts, { buffer }) };
      },
    );

    app.post(
      '/api/broadcast',
      {
        schema: {
          summary: 'Send a broadcast',
          tags,
          body: CreateBroadcastBody,
          response: answers({ 200: CreatedBroadcast }),
        },
      },
      async (request) => createBroadcast(deps.broadcasts, { ...request.body, image: request.body.image ?? null }),
    );

    app.post(
      '/api/broadcast/test',
      {
        schema: {
          summary: 'Send the message to one chat now',
          tags,
          body: TestBroadcastBody,
          response: answers({ 200: Ok }),
        },
      },
      async (request) => {
        const { message, chat_id: chatId, image } = request.body;
        await sendTestBroadcast(deps.broadcasts, { message, chatId, image: image ?? null });
        return { ok: true as const };
      },
    );

    app.post(
      '/api/broadcast/:id/cancel',
      { schema: { summary: 'Stop a broadcast', tags, params: JobParams, response: answers({ 200: OneJob }) } },
      async (request) => ({ job: await cancelBroadcast(deps.broadcasts, Number(request.params.id)) }),
    );

    app.get(
      '/api/broadcast-status/:id',
      {
        schema: {
          summary: 'Live progress of one broadcast',
          tags,
          params: JobParams,
          response: answers({ 200: OneJob }),
        },
      },
      async (request) => ({ job: await getBroadcast(deps.broadcasts, Number(request.params.id)) }),
    );

    app.get(
      '/api/broadcast-status/:id/problems',
      {
        schema: {
          summary: 'Recipients a broadcast could not reach, with Telegram’s reason',
          tags,
          params: JobParams,
          querystring: PageQuery,
          response: answers({ 200: Problems }),
        },
      },
      async (request) =>
        listProblems(deps.broadcasts, {
          id: Number(request.params.id),
          page: Number(request.query.page ?? 1),
          pageSize: PROBLEMS_PAGE_SIZE,
        }),
    );

    app.get(
      '/api/broadcast-jobs',
      {
        schema: {
          summary: 'Broadcast history, newest first',
          tags,
          querystring: PageQuery,
          response: answers({ 200: JobList }),
        },
      },
      async (request) =>
        listBroadcasts(deps.broadcasts, { page: Number(request.query.page ?? 1), pageSize: HISTORY_PAGE_SIZE }),
    );
  };
}
