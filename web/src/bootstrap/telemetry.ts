// Error reporting: Sentry when the runtime config names a DSN (loaded with a dynamic import, so it never weighs on
// the initial bundle), otherwise the api's anonymous `POST /api/client-errors`. Expected failures (problem codes
// the UI explains, the 403 page) are not reported. No personal data: no user, no URL query, no request bodies.
import { isApiError } from '../api/client';
import { isForbiddenError } from '../features/identity/access';
import { isAuthUnavailableError } from '../features/identity/auth';

type SentryModule = typeof import('./sentry');

let sentry: SentryModule | undefined;

/** Reads `sentryDsn` and `environment` from the runtime config (not yet validated: MSAL's chunk does that). */
export function telemetrySettings(config: unknown): { dsn: string; environment: string } | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const { sentryDsn, environment } = config as Record<string, unknown>;
  if (typeof sentryDsn !== 'string' || !/^https:\/\/[^\s]+$/.test(sentryDsn)) return undefined;
  return { dsn: sentryDsn, environment: typeof environment === 'string' ? environment : 'unknown' };
}

export async function initTelemetry(config: unknown): Promise<void> {
  const settings = telemetrySettings(config);
  if (!settings) return;
  const module = await import('./sentry');
  module.init({
    dsn: settings.dsn,
    environment: settings.environment,
    release: import.meta.env.VITE_RELEASE,
    // No personal data: no user fields, cookies, headers, query strings or bodies.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
    },
    tracesSampleRate: 0,
    beforeSend(event) {
      delete event.user;
      if (event.request) {
        delete event.request.headers;
        delete event.request.cookies;
        if (event.request.url) event.request.url = event.request.url.split(/[?#]/)[0];
      }
      return event;
    },
  });
  sentry = module;
}

/** Errors the UI already explains to the user; reporting them would only be noise. */
export function isExpectedError(error: unknown): boolean {
  if (isForbiddenError(error) || isAuthUnavailableError(error)) return true;
  return isApiError(error) && error.status > 0 && error.status < 500;
}

export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 500) || 'unknown error';
}

export function reportError(error: unknown, language: string): void {
  if (isExpectedError(error)) return;
  if (sentry) {
    sentry.captureException(error);
    return;
  }
  const body = JSON.stringify({
    message: describeError(error),
    route: window.location.pathname.slice(0, 300) || '/',
    language,
    ...(import.meta.env.VITE_RELEASE ? { release: import.meta.env.VITE_RELEASE.slice(0, 50) } : {}),
  });
  void fetch('/api/client-errors', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
    keepalive: true,
  }).catch(() => undefined);
}
