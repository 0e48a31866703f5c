import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/** What the SPA reports when it hits an unexpected error and Sentry is not configured. */
export const clientErrorReportSchema = lazySchema(() =>
  z.strictObject({
    message: z.string().trim().min(1).max(500),
    route: z.string().max(300).regex(/^\//, 'must be a path starting with /'),
    release: z.string().max(50).optional(),
    language: z.enum(['fr', 'nl', 'de', 'en']).optional(),
  }),
);
export type ClientErrorReport = z.infer<typeof clientErrorReportSchema>;
