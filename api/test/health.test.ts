import { describe, expect, it } from 'vitest';
import { liveness, readiness } from '../src/domain/health';
import type { DependencyProbe } from '../src/domain/ports';

const up = (name: DependencyProbe['name']): DependencyProbe => ({ name, check: () => Promise.resolve() });

describe('health', () => {
  it('reports uptime from the clock', () => {
    const started = new Date('2026-01-01T00:00:00Z');
    expect(liveness('1.2.3', started, { now: () => new Date('2026-01-01T00:01:30Z') })).toEqual({
      status: 'ok',
      version: '1.2.3',
      uptimeSeconds: 90,
    });
  });

  it('is ready when every dependency answers', async () => {
    const result = await readiness('v', [up('cosmos'), up('blob'), up('queues'), up('scanner')], 500);
    expect(result.status).toBe('ready');
    expect(result.failing).toEqual([]);
  });

  it('names the failing dependencies with a reason code, never the error message', async () => {
    const refused: DependencyProbe = {
      name: 'cosmos',
      check: () =>
        Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED https://acct:KEY@host'), { code: 'ECONNREFUSED' }),
        ),
    };
    const hanging: DependencyProbe = { name: 'scanner', check: () => new Promise(() => undefined) };
    const result = await readiness('v', [refused, up('blob'), up('queues'), hanging], 50);
    expect(result.status).toBe('unavailable');
    expect(result.failing).toEqual(['cosmos', 'scanner']);
    expect(result.checks.cosmos?.reason).toBe('unreachable');
    expect(result.checks.scanner?.reason).toBe('timeout');
    expect(JSON.stringify(result)).not.toContain('KEY');
  });
});
