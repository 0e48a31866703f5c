import { clientErrorReportSchema } from '@soins/shared';
import type { Logger } from '../../domain/ports';
import { access, readJson, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';
import type { TokenBucketLimiter } from '../rate-limit';

/** A report is a message (≤ 500 characters) and a path (≤ 300): 4 KB holds any of them, in any script. */
export const clientErrorMaxBytes = 4 * 1024;

/**
 * Accepts SPA error reports (used when no Sentry DSN is configured) and logs them, scrubbed. Anonymous
 * (errors happen before sign-in too), so each client address gets a small budget (`limiter`), taken
 * before the body is read: a flood costs neither parsing nor log volume.
 */
export function makeClientErrorsRoute(deps: { logger: Logger; limiter: TokenBucketLimiter }): RouteSpec {
  return {
    name: 'ops-client-errors',
    methods: ['POST'],
    route: 'client-errors',
    access: access.anonymous,
    maxBodyBytes: clientErrorMaxBytes,
    handle: async (ctx) => {
      const decision = deps.limiter.take(ctx.clientAddress);
      if (!decision.allowed) {
        throw new HttpProblem('rate_limited', undefined, undefined, {
          'Retry-After': String(decision.retryAfterSeconds),
        });
      }
      const report = await readJson(ctx, clientErrorReportSchema);
      deps.logger.warn('spa.client_error', {
        message: report.message,
        route: report.route.split(/[?#]/)[0],
        release: report.release,
        language: report.language,
        requestId: ctx.requestId,
      });
      return { status: 202 };
    },
  };
}
