import { z } from 'zod';
import { lazySchema } from './lazy-schema';

export const livenessSchema = lazySchema(() =>
  z.object({
    status: z.literal('ok'),
    version: z.string(),
    uptimeSeconds: z.number().nonnegative(),
  }),
);
export type Liveness = z.infer<typeof livenessSchema>;

export const dependencyNames = ['cosmos', 'blob', 'queues', 'scanner'] as const;
export type DependencyName = (typeof dependencyNames)[number];

export const dependencyCheckSchema = lazySchema(() =>
  z.object({
    status: z.enum(['up', 'down']),
    /** A short reason code, never a raw error message (those can carry endpoints or keys). */
    reason: z.enum(['timeout', 'unreachable', 'error']).optional(),
    latencyMs: z.number().nonnegative(),
  }),
);
export type DependencyCheck = z.infer<typeof dependencyCheckSchema>;

export const readinessSchema = lazySchema(() =>
  z.object({
    status: z.enum(['ready', 'unavailable']),
    version: z.string(),
    failing: z.array(z.enum(dependencyNames)),
    // Only the dependencies this deployment has: no `scanner` where Defender for Storage scans uploads.
    checks: z.partialRecord(z.enum(dependencyNames), dependencyCheckSchema),
  }),
);
export type Readiness = z.infer<typeof readinessSchema>;
