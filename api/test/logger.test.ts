import { describe, expect, it } from 'vitest';
import { createLogger, scrub } from '../src/adapters/telemetry/logger';

describe('logger', () => {
  it('redacts sensitive keys and personal data inside values', () => {
    expect(
      scrub({
        email: 'a@b.be',
        inamiNumber: '12345678901',
        authorization: 'Bearer x',
        note: 'mail marie@example.be about 1-23456-78-901',
        count: 3,
      }),
    ).toEqual({
      email: '[redacted]',
      inamiNumber: '[redacted]',
      authorization: '[redacted]',
      note: 'mail [email] about [number]',
      count: 3,
    });
  });

  it('redacts tokens and URL credentials inside free text', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(scrub({ message: `failed with ${jwt} at /auth/callback#code=abc123&state=xyz` })).toEqual({
      message: 'failed with [token] at /auth/callback#code=[redacted]&state=[redacted]',
    });
  });

  it('writes one JSON line per event at or above the level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', sink: (l) => lines.push(l), clock: () => new Date(0) });
    log.info('ignored');
    log.warn('kept', { route: 'x' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'warn',
      event: 'kept',
      route: 'x',
    });
  });
});
