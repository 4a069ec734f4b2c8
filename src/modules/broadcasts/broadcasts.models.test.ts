import { describe, expect, it } from 'vitest';
import { parseMessage, toTelegramHtml, visibleLength } from './broadcast-markdown.models.js';
import { decideAfterFailure, toJobView } from './broadcasts.models.js';

const html = (message: string) => toTelegramHtml(parseMessage(message));

describe('the broadcast Markdown subset', () => {
  it('turns bold, italic, code and links into Telegram HTML', () => {
    expect(html('**New** _template_ *now* `SAVE20` [shop](https://example.com/a)')).toBe(
      '<b>New</b> <i>template</i> <i>now</i> <code>SAVE20</code> <a href="https://example.com/a">shop</a>',
    );
  });

  it('escapes everything else, so typed HTML arrives as text', () => {
    expect(html('<b>x</b> & <a href="javascript:alert(1)">y</a>')).toBe(
      '&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href="javascript:alert(1)"&gt;y&lt;/a&gt;',
    );
  });

  it('keeps links to web and Telegram addresses only, and quotes their addresses safely', () => {
    expect(html('[bad](javascript:alert(1))')).toBe('[bad](javascript:alert(1))');
    expect(html('[x](ftp://example.com)')).toBe('x');
    expect(html('[join](tg://resolve?domain=promo)')).toBe('<a href="tg://resolve?domain=promo">join</a>');
    expect(html('[q](https://e.com/?a="1"&b=2)')).toBe('<a href="https://e.com/?a=%221%22&amp;b=2">q</a>');
  });

  it('keeps line breaks and leaves unclosed or escaped markers as they were typed', () => {
    expect(html('line 1\n\nline 3')).toBe('line 1\n\nline 3');
    expect(html('**unclosed and \\*escaped\\*')).toBe('**unclosed and *escaped*');
  });

  it('puts nothing inside code, which Telegram refuses', () => {
    expect(html('**bold `code`**')).toBe('<b>bold </b><code>code</code>');
  });

  it('counts the characters people see, not the markup', () => {
    expect(visibleLength(parseMessage('**ab** [cd](https://e.com) <e>'))).toBe('ab cd <e>'.length);
  });
});

describe('what happens after a failed send', () => {
  const refused = (errorCode: number, description: string, retryAfterSeconds: number | null = null) =>
    ({ kind: 'refused', errorCode, description, retryAfterSeconds }) as const;

  it('waits out a 429 without counting it as a try', () => {
    expect(decideAfterFailure(refused(429, 'Too Many Requests: retry after 7', 7), 3)).toEqual({
      outcome: 'wait',
      afterMs: 7000,
    });
  });

  it('marks blocked, deactivated and unknown chats as blocked, never retried', () => {
    for (const failure of [
      refused(403, 'Forbidden: bot was blocked by the user'),
      refused(403, 'Forbidden: user is deactivated'),
      refused(400, 'Bad Request: chat not found'),
    ])
      expect(decideAfterFailure(failure, 1)).toEqual({ outcome: 'blocked' });
  });

  it('retries other failures with a backoff, and gives up after the third try', () => {
    const failure = refused(500, 'Internal Server Error');
    expect(decideAfterFailure(failure, 1)).toEqual({ outcome: 'retry', afterMs: 1000 });
    expect(decideAfterFailure(failure, 2)).toEqual({ outcome: 'retry', afterMs: 3000 });
    expect(decideAfterFailure(failure, 3)).toEqual({ outcome: 'failed' });
    const network = {
      kind: 'network',
      errorCode: null,
      description: 'socket hang up',
      retryAfterSeconds: null,
    } as const;
    expect(decideAfterFailure(network, 1).outcome).toBe('retry');
  });
});

describe('the job view', () => {
  const broadcast = {
    id: 7,
    message: 'Hi',
    days: 30,
    image: null,
    status: 'running' as const,
    total: 1000,
    error: null,
    createdAt: new Date('2026-12-01T10:00:00Z'),
    startedAt: new Date('2026-12-01T10:00:01Z'),
    finishedAt: null,
  };

  it('reports the measured rate and the time left at that rate', () => {
    const job = toJobView(
      broadcast,
      { pending: 590, sending: 10, sent: 380, blocked: 15, failed: 5, recentlySent: 196 },
      { rate: 20 },
    );
    expect(job).toMatchObject({ sent: 380, blocked: 15, failed: 5, remaining: 600, rate_per_sec: 19.6 });
    expect(job.eta_seconds).toBe(Math.ceil(600 / 19.6));
  });

  it('estimates with the configured pace before any send is measured, and shows no ETA once ended', () => {
    const counts = { pending: 1000, sending: 0, sent: 0, blocked: 0, failed: 0, recentlySent: 0 };
    expect(toJobView({ ...broadcast, status: 'queued' }, counts, { rate: 20 }).eta_seconds).toBe(50);
    expect(toJobView({ ...broadcast, status: 'cancelled' }, counts, { rate: 20 }).eta_seconds).toBe(0);
  });
});
