import { liveness, readiness } from '../../domain/health';
import type { Clock, DependencyProbe } from '../../domain/ports';
import { access, type RouteSpec } from '../http-kit';

/** Liveness touches no dependency: it only proves the worker answers. */
export function makeHealthzRoute(deps: { version: string; startedAt: Date; clock: Clock }): RouteSpec {
  return {
    name: 'ops-healthz',
    methods: ['GET'],
    route: 'healthz',
    access: access.anonymous,
    handle: () => Promise.resolve({ body: liveness(deps.version, deps.startedAt, deps.clock) }),
  };
}

/** Readiness checks every dependency in parallel and names the failing ones (never their endpoints). */
export function makeReadyzRoute(deps: {
  version: string;
  probes: readonly DependencyProbe[];
  timeoutMs: number;
}): RouteSpec {
  return {
    name: 'ops-readyz',
    methods: ['GET'],
    route: 'readyz',
    access: access.anonymous,
    handle: async () => {
      const result = await readiness(deps.version, deps.probes, deps.timeoutMs);
      return {
        status: result.status === 'ready' ? 200 : 503,
        body: result,
        ...(result.status === 'ready' ? {} : { headers: { 'Retry-After': '5' } }),
      };
    },
  };
}
