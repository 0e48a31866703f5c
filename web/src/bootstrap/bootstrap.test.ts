import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { ForbiddenError } from '../features/identity/access';
import { authorityOrigin } from './config';
import { createQueryClient, shouldRetry } from './query-client';
import * as sentry from './sentry';
import { describeError, initTelemetry, isExpectedError, reportError, telemetrySettings } from './telemetry';

vi.mock('./sentry', () => ({ init: vi.fn(), captureException: vi.fn() }));

describe('telemetry', () => {
  it('starts Sentry only with an https DSN from the runtime config', () => {
    expect(
      telemetrySettings({ sentryDsn: 'https://k@o1.ingest.de.sentry.io/2', environment: 'azure' }),
    ).toEqual({
      dsn: 'https://k@o1.ingest.de.sentry.io/2',
      environment: 'azure',
    });
    expect(telemetrySettings({ environment: 'local' })).toBeUndefined();
    expect(telemetrySettings({ sentryDsn: 'http://insecure' })).toBeUndefined();
    expect(telemetrySettings(null)).toBeUndefined();
  });

  it('does not report what the UI already explains', () => {
    expect(isExpectedError(new ForbiddenError('admin', 'learner'))).toBe(true);
    expect(isExpectedError(new ApiError(409, 'conflict'))).toBe(true);
    expect(isExpectedError(new ApiError(500, 'internal'))).toBe(false);
    expect(isExpectedError(new ApiError(0, 'network'))).toBe(false);
    expect(isExpectedError(new TypeError('x is undefined'))).toBe(false);
  });

  it('describes errors briefly', () => {
    expect(describeError(new TypeError('boom'))).toBe('TypeError: boom');
    expect(describeError('x'.repeat(600))).toHaveLength(500);
  });
});

describe('query retries', () => {
  it('retries network failures and 5xx twice, never a 4xx', () => {
    expect(shouldRetry(0, new ApiError(0, 'network'))).toBe(true);
    expect(shouldRetry(1, new ApiError(503, 'dependency_unavailable'))).toBe(true);
    expect(shouldRetry(2, new ApiError(503, 'dependency_unavailable'))).toBe(false);
    expect(shouldRetry(0, new ApiError(403, 'forbidden'))).toBe(false);
    expect(shouldRetry(0, new ApiError(401, 'unauthorized'))).toBe(false);
  });
});

describe('legal acceptance required', () => {
  it('calls the hook when a query or a mutation is refused with legal_acceptance_required', async () => {
    const onLegalAcceptanceRequired = vi.fn();
    const client = createQueryClient({ current: { onLegalAcceptanceRequired } });
    await client
      .query({ queryKey: ['x'], queryFn: () => Promise.reject(new ApiError(403, 'forbidden')) })
      .catch(() => undefined);
    expect(onLegalAcceptanceRequired).not.toHaveBeenCalled();
    await client
      .query({
        queryKey: ['y'],
        queryFn: () => Promise.reject(new ApiError(403, 'legal_acceptance_required')),
      })
      .catch(() => undefined);
    expect(onLegalAcceptanceRequired).toHaveBeenCalledTimes(1);
    const mutation = client.getMutationCache().build(client, {
      mutationFn: () => Promise.reject(new ApiError(403, 'legal_acceptance_required')),
    });
    await mutation.execute(undefined).catch(() => undefined);
    expect(onLegalAcceptanceRequired).toHaveBeenCalledTimes(2);
  });
});

describe('Sentry', () => {
  it('is initialised only when the runtime config names a DSN, without personal data', async () => {
    await initTelemetry({ environment: 'local' });
    expect(sentry.init).not.toHaveBeenCalled();

    await initTelemetry({ sentryDsn: 'https://k@o1.ingest.de.sentry.io/2', environment: 'azure' });
    expect(sentry.init).toHaveBeenCalledTimes(1);
    const options = vi.mocked(sentry.init).mock.calls[0]?.[0];
    expect(options).toMatchObject({
      dsn: 'https://k@o1.ingest.de.sentry.io/2',
      environment: 'azure',
      tracesSampleRate: 0,
      dataCollection: {
        userInfo: false,
        cookies: false,
        httpHeaders: false,
        httpBodies: [],
        urlQueryParams: false,
      },
    });
    const event = options?.beforeSend?.(
      {
        type: undefined,
        user: { email: 'marie.dubois@demo.soins.plus' },
        request: { url: 'https://app/admin?q=marie#x', headers: { 'X-Authorization': 'Bearer t' } },
      },
      {},
    );
    expect(event).toEqual({ type: undefined, request: { url: 'https://app/admin' } });
  });

  it('receives unexpected errors only', () => {
    reportError(new ForbiddenError('admin', 'learner'), 'fr');
    reportError(new ApiError(409, 'conflict'), 'fr');
    expect(sentry.captureException).not.toHaveBeenCalled();
    const boom = new TypeError('boom');
    reportError(boom, 'fr');
    expect(sentry.captureException).toHaveBeenCalledWith(boom);
  });
});

describe('the identity provider to preconnect to', () => {
  const page = 'https://app.soins.plus';

  it('is the authority’s origin', () => {
    expect(authorityOrigin({ authority: 'https://soins.ciamlogin.com/tenant-id/' }, page)).toBe(
      'https://soins.ciamlogin.com',
    );
  });

  it('is none for a missing, malformed, same-origin or plain-http authority', () => {
    for (const config of [
      null,
      {},
      { authority: 42 },
      { authority: 'not a url' },
      { authority: 'https://app.soins.plus/idp' },
      { authority: 'http://localhost:4281' },
    ]) {
      expect(authorityOrigin(config, page)).toBeUndefined();
    }
  });
});
