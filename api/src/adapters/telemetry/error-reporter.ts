// Failures of the api to Sentry, when SENTRY_DSN is set. Only what the api reports explicitly (an
// unhandled error in a route, a function that failed): no automatic instrumentation, no request
// data, no user, and every message and tag scrubbed like the logs.
import type { ErrorEvent } from '@sentry/node';
import type { FailureReporter } from './invocation-scope';
import { scrub } from './logger';

type SentryLibrary = typeof import('./sentry-library');

export function createErrorReporter(options: {
  dsn: string | undefined;
  release: string;
  environment: string;
}): FailureReporter & { flush(timeoutMs?: number): Promise<void> } {
  const { dsn } = options;
  let library: Promise<SentryLibrary> | undefined;
  const load = (sentryDsn: string): Promise<SentryLibrary> => {
    library ??= import('./sentry-library').then((sentry) => {
      sentry.init({
        dsn: sentryDsn,
        release: options.release,
        environment: options.environment,
        // Nothing about the user or the request: the scrubbed error is all Sentry needs.
        dataCollection: {
          userInfo: false,
          cookies: false,
          httpHeaders: false,
          httpBodies: [],
          urlQueryParams: false,
        },
        defaultIntegrations: false,
        tracesSampleRate: 0,
        beforeSend: scrubEvent,
      });
      return sentry;
    });
    return library;
  };
  const report: FailureReporter = (error, tags) => {
    if (!dsn) return;
    void load(dsn)
      .then((sentry) => {
        sentry.withScope((scope) => {
          scope.setTags(scrubbedStrings(tags));
          sentry.captureException(error);
        });
      })
      // Reporting must never break the function that failed.
      .catch(() => undefined);
  };
  return Object.assign(report, {
    async flush(timeoutMs = 2_000): Promise<void> {
      if (library) await (await library).flush(timeoutMs);
    },
  });
}

function scrubbedStrings(fields: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(scrub(fields)).map(([key, value]) => [key, String(value)]));
}

const scrubText = (text: string): string => String(scrub({ text }).text ?? '');

/** Keeps the error's type, scrubbed message and stack frames; drops anything that could be personal. */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  const { request: _request, user: _user, extra: _extra, breadcrumbs: _breadcrumbs, ...rest } = event;
  return {
    ...rest,
    ...(rest.message ? { message: scrubText(rest.message) } : {}),
    ...(rest.tags
      ? { tags: scrub(Object.fromEntries(Object.entries(rest.tags).map(([k, v]) => [k, String(v)]))) }
      : {}),
    ...(rest.exception
      ? {
          exception: {
            ...rest.exception,
            values: rest.exception.values?.map((value) => ({
              ...value,
              ...(value.value ? { value: scrubText(value.value) } : {}),
            })),
          },
        }
      : {}),
  };
}
