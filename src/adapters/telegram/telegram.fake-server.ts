import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import { imageSize } from 'image-size';

/**
 * How the stand-in answers a send to one chat (or only calls of `method`, e.g. `deleteMessage`), instead of delivering
 * it. 400 and 403 answer every time; the others `times` times (once by default).
 */
export type FakeFailure = { method?: string } & (
  | { status: 403; description?: string }
  | { status: 400; description?: string }
  | { status: 429; retryAfter: number; times?: number }
  | { status: 500; times?: number }
  /** Takes the call and never answers (a Telegram stall, or a process killed while waiting). */
  | { status: 'hang'; times?: number }
);

export interface FakeUpload {
  field: string;
  filename: string;
  bytes: Buffer;
}

export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  /** Files uploaded with the call (multipart), by the parameter that referenced them. */
  upload: FakeUpload | null;
  at: number;
  /** The HTTP status the stand-in answered. */
  status: number;
  /** The file_id the stand-in issued for an upload. */
  fileId?: string;
}

export interface FakeTelegram {
  /** Pass as TELEGRAM_API_ROOT. */
  apiRoot: string;
  token: string;
  botUsername: string;
  calls: FakeCall[];
  /** Calls of one method that the stand-in answered with success. */
  delivered(method: string): FakeCall[];
  failFor(chatId: number, failure: FakeFailure): void;
  /** The chat answers normally again. */
  heal(chatId: number): void;
  /** Queues an update for `getUpdates` (polling mode). */
  pushUpdate(update: Record<string, unknown>): void;
  waitFor(predicate: (calls: FakeCall[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback server that speaks the Telegram Bot API's wire protocol (`POST /bot{token}/{method}`, JSON or
 * multipart bodies, `{ok, result}` / `{ok:false, error_code, description, parameters}` answers), so the real grammY
 * client runs in tests. It remembers every call, knows the file_ids it issued, and can fail sends per chat.
 */
export async function startFakeTelegram({
  token = '123456:TEST-token-for-the-stand-in-0000',
  botUsername = 'promostack_test_bot',
  sendLatencyMs = () => 0,
}: {
  token?: string;
  botUsername?: string;
  /** How long a `send*` call takes to be answered after it arrives (real Telegram: ~30–150 ms); none by default. */
  sendLatencyMs?: () => number;
} = {}): Promise<FakeTelegram> {
  const calls: FakeCall[] = [];
  const failures = new Map<number, FakeFailure & { used: number }>();
  const files = new Map<string, { width?: number; height?: number; kind: 'photo' | 'document' }>();
  const updates: Record<string, unknown>[] = [];
  const pollers: (() => void)[] = [];
  const hanging: (() => void)[] = [];
  let nextMessageId = 1;
  let nextFileId = 1;
  /** Messages the stand-in delivered and nobody deleted, as `chatId:messageId`. */
  const live = new Set<string>();

  const app = Fastify({ bodyLimit: 60 * 1024 * 1024 });
  await app.register(multipart, { limits: { fileSize: 60 * 1024 * 1024 } });

  app.all<{ Params: { token: string; method: string } }>('/bot:token/:method', async (request, reply) => {
    const { method } = request.params;
    let params: Record<string, unknown> = {};
    let upload: FakeUpload | null = null;
    if (request.isMultipart()) {
      const attachments = new Map<string, { filename: string; bytes: Buffer }>();
      for await (const part of request.parts()) {
        if (part.type === 'file')
          attachments.set(part.fieldname, { filename: part.filename, bytes: await part.toBuffer() });
        else params[part.fieldname] = parseField(String(part.value));
      }
      for (const [field, value] of Object.entries(params)) {
        const match = typeof value === 'string' ? /^attach:\/\/(.+)$/.exec(value) : null;
        const attachment = match ? attachments.get(match[1]!) : undefined;
        if (attachment) upload = { field, ...attachment };
      }
    } else if (request.body && typeof request.body === 'object') {
      params = request.body as Record<string, unknown>;
    }
    const call: FakeCall = { method, params, upload, at: Date.now(), status: 200 };
    calls.push(call);
    const latency = method.startsWith('send') ? sendLatencyMs() : 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const answer = (status: number, body: Record<string, unknown>) => {
      call.status = status;
      return reply.status(status).send(body);
    };
    if (request.params.token !== token) {
      return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }

    const chatId = Number(params.chat_id);
    const failure = Number.isFinite(chatId) ? failures.get(chatId) : undefined;
    const failing = failure && (failure.method ? method === failure.method : method.startsWith('send'));
    const permanent = failure?.status === 403 || failure?.status === 400;
    if (failure && failing && (permanent || failure.used < ('times' in failure ? (failure.times ?? 1) : 1))) {
      failure.used += 1;
      if (failure.status === 'hang') {
        call.status = 0;
        return new Promise<void>((resolve) => hanging.push(resolve)).then(() =>
          reply.status(503).send({ ok: false, error_code: 503, description: 'Service Unavailable' }),
        );
      }
      if (failure.status === 403)
        return answer(403, {
          ok: false,
          error_code: 403,
          description: failure.description ?? 'Forbidden: bot was blocked by the user',
        });
      if (failure.status === 400)
        return answer(400, {
          ok: false,
          error_code: 400,
          description: failure.description ?? 'Bad Request: chat not found',
        });
      if (failure.status === 429)
        return answer(429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${failure.retryAfter}`,
          parameters: { retry_after: failure.retryAfter },
        });
      return answer(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    }

    const chat = { id: chatId, type: chatId > 0 ? 'private' : 'channel' };
    const message = () => {
      const messageId = nextMessageId++;
      live.add(`${chatId}:${messageId}`);
      return { message_id: messageId, date: Math.floor(Date.now() / 1000), chat };
    };
    switch (method) {
      case 'getMe':
        return answer(200, {
          ok: true,
          result: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'PromoStack', username: botUsername },
        });
      case 'setWebhook':
      case 'deleteWebhook':
      case 'setMyCommands':
      case 'answerCallbackQuery':
      case 'editMessageReplyMarkup':
        return answer(200, { ok: true, result: true });
      case 'getUpdates': {
        const timeout = Math.min(Number(params.timeout ?? 0), 2) * 1000;
        if (updates.length === 0 && timeout > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeout);
            pollers.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        return answer(200, { ok: true, result: updates.splice(0) });
      }
      case 'sendMessage':
        return answer(200, { ok: true, result: { ...message(), text: params.text } });
      case 'deleteMessage':
        if (!live.delete(`${chatId}:${Number(params.message_id)}`))
          return answer(400, { ok: false, error_code: 400, description: 'Bad Request: message to delete not found' });
        return answer(200, { ok: true, result: true });
      case 'answerInlineQuery': {
        const refusal = refuseInlineAnswer(params, (fileId) => files.get(fileId)?.kind === 'photo');
        if (refusal) return answer(400, { ok: false, error_code: 400, description: `Bad Request: ${refusal}` });
        return answer(200, { ok: true, result: true });
      }
      case 'sendPhoto':
      case 'sendDocument': {
        const field = method === 'sendPhoto' ? 'photo' : 'document';
        const kind = method === 'sendPhoto' ? 'photo' : 'document';
        let fileId: string;
        let info: { width?: number; height?: number };
        if (upload && upload.field === field) {
          fileId = `${kind}-${nextFileId++}`;
          const size = imageSize(upload.bytes);
          info = { width: size.width, height: size.height };
          files.set(fileId, { ...info, kind });
          call.fileId = fileId;
        } else {
          fileId = String(params[field] ?? '');
          const known = files.get(fileId);
          if (!known)
            return answer(400, {
              ok: false,
              error_code: 400,
              description: 'Bad Request: wrong file identifier/HTTP URL specified',
            });
          info = known;
        }
        const result =
          kind === 'photo'
            ? {
                ...message(),
                caption: params.caption,
                photo: [
                  { file_id: `${fileId}-thumb`, width: 90, height: 90 },
                  { file_id: fileId, ...info },
                ],
              }
            : { ...message(), caption: params.caption, document: { file_id: fileId, file_name: upload?.filename } };
        return answer(200, { ok: true, result });
      }
      default:
        return answer(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const stand: FakeTelegram = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botUsername,
    calls,
    delivered: (method) => calls.filter((call) => call.method === method && call.status === 200),
    failFor: (chatId, failure) => failures.set(chatId, { ...failure, used: 0 }),
    heal: (chatId) => failures.delete(chatId),
    pushUpdate(update) {
      updates.push(update);
      for (const wake of pollers.splice(0)) wake();
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > deadline)
          throw new Error(
            `the Telegram stand-in did not see the expected calls in ${timeoutMs} ms; it saw: ${calls.map((c) => `${c.method}(${c.status})`).join(', ') || 'nothing'}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      for (const wake of pollers.splice(0)) wake();
      for (const release of hanging.splice(0)) release();
      await app.close();
    },
  };
  return stand;
}

const STARTABLE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The checks Telegram makes on an inline answer that the bot could get wrong: at most 50 results with unique ids of
 * 1–64 bytes; photos by a file_id Telegram issued, or by photo and thumbnail URLs; an offset ≤ 64 bytes; a button's
 * start parameter of 1–64 characters A-Z, a-z, 0-9, _ and -.
 */
function refuseInlineAnswer(params: Record<string, unknown>, isPhoto: (fileId: string) => boolean): string | null {
  const results = params.results;
  if (!Array.isArray(results)) return 'results must be an array';
  if (results.length > 50) return 'RESULTS_TOO_MUCH';
  const ids = new Set<string>();
  for (const result of results as Record<string, unknown>[]) {
    const id = String(result.id ?? '');
    if (Buffer.byteLength(id) < 1 || Buffer.byteLength(id) > 64) return 'RESULT_ID_INVALID';
    if (ids.has(id)) return 'RESULT_ID_DUPLICATE';
    ids.add(id);
    if (result.type !== 'photo') return `unexpected result type ${String(result.type)}`;
    if (typeof result.photo_file_id === 'string') {
      if (!isPhoto(result.photo_file_id)) return 'wrong file identifier/HTTP URL specified';
    } else if (!/^https?:\/\//.test(String(result.photo_url)) || !/^https?:\/\//.test(String(result.thumbnail_url))) {
      return 'PHOTO_URL_INVALID';
    }
  }
  if (params.next_offset !== undefined && Buffer.byteLength(String(params.next_offset)) > 64)
    return 'NEXT_OFFSET_INVALID';
  const button = params.button as { text?: unknown; start_parameter?: unknown } | undefined;
  if (button && (typeof button.text !== 'string' || !STARTABLE.test(String(button.start_parameter))))
    return 'START_PARAM_INVALID';
  return null;
}

/** grammY sends object parameters JSON-encoded inside multipart bodies. */
function parseField(value: string): unknown {
  if (value.startsWith('{') || value.startsWith('[')) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** How many messages each chat received (successful sends only). */
export function messagesPerChat(calls: FakeCall[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const call of calls) {
    if (call.status !== 200 || !call.method.startsWith('send')) continue;
    const chatId = Number(call.params.chat_id);
    counts.set(chatId, (counts.get(chatId) ?? 0) + 1);
  }
  return counts;
}

/** The most sends (every attempt, answered or refused) the stand-in saw in any window of `windowMs`. */
export function busiestWindow(calls: FakeCall[], windowMs = 1000): number {
  const times = calls.filter((call) => call.method.startsWith('send')).map((call) => call.at);
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
