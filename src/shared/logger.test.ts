import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('createLogger', () => {
  const token = '7412589630:AAHkq3Zr0f_b7xWm2pLq9s8TnUv4wYz6a1c';

  it('scrubs a bot token wherever it appears: a message, an error, a URL in a nested object', () => {
    const { logger, lines } = capture();
    logger.info(`calling https://api.telegram.org/bot${token}/sendMessage`);
    logger.error({ err: new Error(`request to bot${token} failed`) }, 'failed');
    logger.warn({ deep: { api: { config: { url: `/bot${token}/getMe` } } } }, 'nested');
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toContain('AAHkq3Zr0f');
    expect(lines.join('')).toContain('[REDACTED]');
  });

  it('redacts the known secret fields by name', () => {
    const { logger, lines } = capture();
    logger.info({ req: { headers: { cookie: 'ps_admin=abc', authorization: 'Bearer x' } }, token: 'short' }, 'r');
    expect(lines[0]).not.toContain('ps_admin=abc');
    expect(lines[0]).not.toContain('Bearer x');
    expect(lines[0]).not.toContain('short');
  });

  it('leaves ordinary numbers and codes alone', () => {
    const { logger, lines } = capture();
    logger.info({ code: 'SAVE20', updateId: 123456789, at: '12:30:45' }, 'ok');
    expect(JSON.parse(lines[0]!)).toMatchObject({ code: 'SAVE20', updateId: 123456789, at: '12:30:45' });
  });
});
