import { describe, expect, it } from 'vitest';
import { InvocationContext } from '@azure/functions';
import { inInvocation } from '../src/adapters/telemetry/invocation-scope';
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

  it('redacts INAMI numbers however they are written: underscores, spaces, glued to a word', () => {
    for (const written of [
      '1_23456_78_901',
      '1 23456 78 901',
      '1\u00a023456\u00a078\u00a0901',
      '1 2 3 4 5 6 7 8 9 0 1',
      '123 456 789 01',
      'inami_12345678901',
      'riziv:12345678901.',
      '1.23456.78.901',
      '1/23456/78/901',
    ]) {
      const scrubbed = scrub({ message: `number ${written} typed in the form` }).message;
      expect(scrubbed, written).not.toMatch(/\d{2}/);
      expect(scrubbed, written).toContain('[number]');
    }
    // Short numbers and ordinary figures stay readable.
    expect(scrub({ message: 'chapter 3 of 12 at 2026-11-20, attempt 2' })).toEqual({
      message: 'chapter 3 of 12 at 2026-11-20, attempt 2',
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

  it('inside an invocation, logs through its log method of the same level, with the operation id', async () => {
    const sunk: string[] = [];
    const received: { level: string; line: string }[] = [];
    const context = new InvocationContext({
      invocationId: 'inv-1',
      functionName: 'email-send',
      traceContext: { traceParent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      logHandler: (level, ...args) => {
        received.push({ level, line: String(args[0]) });
      },
    });
    const log = createLogger({ level: 'info', sink: (l) => sunk.push(l), clock: () => new Date(0) });
    await inInvocation(async (_input: unknown) => {
      log.info('email.sent', { template: 'welcome' });
      log.warn('email.deferred', { recipient: 'marie@example.be' });
      // Still the same invocation after an await.
      await Promise.resolve();
      log.error('email.rejected');
      return Promise.resolve();
    })(undefined, context);
    log.info('after');
    expect(received.map((r) => r.level)).toEqual(['information', 'warning', 'error']);
    const first = JSON.parse(received[0]?.line ?? '') as Record<string, unknown>;
    expect(first).toMatchObject({ event: 'email.sent', operationId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(received[1]?.line).not.toContain('marie@example.be');
    expect(sunk.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['after']);
  });

  it('reports a failing handler and rethrows, so the host still sees the failure', async () => {
    const reports: Record<string, string>[] = [];
    const context = new InvocationContext({ invocationId: 'inv-2', functionName: 'diploma-scan' });
    const failing = inInvocation(
      () => Promise.reject(new Error('clamd down')),
      (_error, tags) => reports.push({ ...tags }),
    );
    await expect(failing(undefined, context)).rejects.toThrow('clamd down');
    expect(reports).toEqual([{ function: 'diploma-scan', invocationId: 'inv-2' }]);
  });
});
