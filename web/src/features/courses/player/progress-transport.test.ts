import { describe, expect, it } from 'vitest';
import { createProgressSender, retryAfterSeconds } from './progress-transport';

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

describe('retryAfterSeconds', () => {
  it('reads seconds or a date, and falls back to the minimum gap', () => {
    expect(retryAfterSeconds('3')).toBe(3);
    expect(retryAfterSeconds(new Date(10_000).toUTCString(), 4_000)).toBe(6);
    expect(retryAfterSeconds(null)).toBe(2);
    expect(retryAfterSeconds('soon')).toBe(2);
  });
});

describe('createProgressSender', () => {
  const tokens = {
    refreshed: 0,
    getAccessToken(options?: { forceRefresh?: boolean }) {
      if (options?.forceRefresh) this.refreshed += 1;
      return Promise.resolve(options?.forceRefresh ? 'fresh' : 'cached');
    },
  };

  it('posts with keepalive, the token header and the language, and maps the answers', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const answers = [
      json(200, { chapter: { id: 'c1' } }),
      json(429, { code: 'rate_limited' }, { 'Retry-After': '2' }),
      json(422, { code: 'progress_implausible', status: 422 }),
      json(400, { code: 'validation_failed', status: 400 }),
    ];
    const send = createProgressSender(
      {
        tokens,
        getLanguage: () => 'nl',
        fetch: (input, init) => {
          calls.push({ url: input instanceof Request ? input.url : input.toString(), init: init ?? {} });
          return Promise.resolve(answers.shift() ?? json(500, {}));
        },
      },
      '/me/trainings/t/chapters/c1/progress',
    );
    const report = { intervals: [[0, 1] as [number, number]], position: 1 };
    expect(await send(report, { keepalive: true })).toEqual({
      kind: 'ok',
      result: { chapter: { id: 'c1' } },
    });
    expect(calls[0]?.url).toBe('/api/me/trainings/t/chapters/c1/progress');
    expect(calls[0]?.init.keepalive).toBe(true);
    expect(calls[0]?.init.headers).toMatchObject({
      'X-Authorization': 'Bearer cached',
      'Accept-Language': 'nl',
    });
    expect(await send(report, { keepalive: false })).toEqual({ kind: 'retry', afterSeconds: 2 });
    expect(await send(report, { keepalive: false })).toEqual({ kind: 'later' });
    expect(await send(report, { keepalive: false })).toEqual({ kind: 'drop' });
  });

  it('renews a rejected token once', async () => {
    const answers = [json(401, { code: 'unauthorized' }), json(200, { ok: true })];
    const send = createProgressSender(
      { tokens, getLanguage: () => 'fr', fetch: () => Promise.resolve(answers.shift() ?? json(500, {})) },
      '/p',
    );
    expect((await send({ intervals: [], position: 0 }, { keepalive: false })).kind).toBe('ok');
    expect(tokens.refreshed).toBe(1);
  });
});
