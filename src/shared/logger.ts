import pino from 'pino';

/** The logging surface modules use; pino's Logger satisfies it. */
export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

/** A Telegram bot token (`123456789:AA…`): never written anywhere, whatever object carried it into a log line. */
const BOT_TOKEN = /\d{5,}:[A-Za-z0-9_-]{30,}/g;

/**
 * The process logger (OPS-4): JSON lines, secrets kept out twice over. Known secret fields are redacted by path; and
 * every finished line is scrubbed of token-shaped values, in case an error or a context object carries one where no
 * path anticipated it.
 */
export function createLogger({
  level,
  destination,
}: {
  level: string;
  /** Where lines go (stdout by default); tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}): pino.Logger {
  return pino(
    {
      level,
      redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-telegram-bot-api-secret-token"]',
        'token',
        '*.token',
        '*.api.token',
        'ctx',
        'err.ctx',
      ],
      hooks: { streamWrite: (line) => line.replace(BOT_TOKEN, '[REDACTED]') },
    },
    destination,
  );
}
