import type { DependencyName, DependencyCheck, Readiness, Liveness } from '@soins/shared';
import type { Clock, DependencyProbe } from './ports';

export function liveness(version: string, startedAt: Date, clock: Clock): Liveness {
  const uptimeSeconds = Math.max(0, (clock.now().getTime() - startedAt.getTime()) / 1000);
  return { status: 'ok', version, uptimeSeconds: Math.round(uptimeSeconds * 10) / 10 };
}

class ProbeTimeout extends Error {}

async function runProbe(probe: DependencyProbe, timeoutMs: number): Promise<DependencyCheck> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ProbeTimeout());
    }, timeoutMs);
  });
  try {
    await Promise.race([probe.check(controller.signal), timeout]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const reason = error instanceof ProbeTimeout ? 'timeout' : classify(error);
    return { status: 'down', reason, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

function classify(error: unknown): 'unreachable' | 'error' {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return [
    'ECONNREFUSED',
    'ENOTFOUND',
    'ECONNRESET',
    'EHOSTUNREACH',
    'ETIMEDOUT',
    'REQUEST_SEND_ERROR',
  ].includes(code)
    ? 'unreachable'
    : 'error';
}

/** Runs every probe in parallel; readiness fails if any dependency is down, and names it. */
export async function readiness(
  version: string,
  probes: readonly DependencyProbe[],
  timeoutMs: number,
): Promise<Readiness> {
  const results = await Promise.all(probes.map(async (p) => [p.name, await runProbe(p, timeoutMs)] as const));
  const checks = Object.fromEntries(results) as Partial<Record<DependencyName, DependencyCheck>>;
  const failing = results.filter(([, r]) => r.status === 'down').map(([name]) => name);
  return { status: failing.length === 0 ? 'ready' : 'unavailable', version, failing, checks };
}
