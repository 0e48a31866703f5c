import { clientErrorReportSchema } from '@soins/shared';
import type { Logger } from '../../domain/ports';
import { access, readJson, type RouteSpec } from '../http-kit';

/** Accepts SPA error reports (used when no Sentry DSN is configured) and logs them, scrubbed. */
export function makeClientErrorsRoute(deps: { logger: Logger }): RouteSpec {
  return {
    name: 'ops-client-errors',
    methods: ['POST'],
    route: 'client-errors',
    access: access.anonymous,
    maxBodyBytes: 8 * 1024,
    handle: async (ctx) => {
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
