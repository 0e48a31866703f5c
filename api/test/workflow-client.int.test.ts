import { join } from 'node:path';
import { bundleFunctionsApp } from '../../scripts/build-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WorkflowStatus } from '../src/domain/ports';
import { startFunctionsHost, type FunctionsHost } from '../../local/functions-host/host';
import { scratchDir } from '../../tests/support/scratch-dir';

const emulators = inject('emulators');
let host: FunctionsHost;
const workDir = scratchDir('workflow-app-');

beforeAll(async () => {
  const outfile = join(workDir, 'app.cjs');
  await bundleFunctionsApp(join(import.meta.dirname, 'fixtures', 'workflow-app.ts'), outfile);
  host = await startFunctionsHost({
    bundlePath: outfile,
    hostJsonPath: join(import.meta.dirname, '..', '..', 'host.json'),
    env: { AzureWebJobsStorage: emulators.storageConnectionString },
    port: 0,
    durablePollIntervalMs: 100,
    log: () => undefined,
  });
});

afterAll(async () => {
  await host.stop();
});

const call = async (path: string, body?: unknown): Promise<Response> =>
  fetch(`${host.url}/api/workflows/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

async function statusOf(id: string): Promise<WorkflowStatus | null> {
  return ((await (await call(`status/${id}`)).json()) as { status: WorkflowStatus | null }).status;
}

async function until(id: string, wanted: string): Promise<WorkflowStatus> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const status = await statusOf(id);
    if (status?.runtimeStatus === wanted) return status;
    if (Date.now() > deadline)
      throw new Error(`${id} never reached ${wanted} (last: ${String(status?.runtimeStatus)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('WorkflowClient adapter over durable-functions', () => {
  it('starts an orchestration, raises an event and reads the completed status', async () => {
    const id = `approval-${crypto.randomUUID()}`;
    const started = (await (await call(`start/${id}`, { name: 'Marie' })).json()) as { instanceId: string };
    expect(started.instanceId).toBe(id);
    await until(id, 'Running');
    expect((await call(`raise/${id}`, { approved: true })).status).toBe(202);
    const done = await until(id, 'Completed');
    expect(done.output).toEqual({ name: 'Marie', decision: { approved: true } });
    expect(done.name).toBe('approval');
    expect(Date.parse(done.createdAt ?? '')).not.toBeNaN();
  });

  it('terminates a running orchestration', async () => {
    const id = `approval-${crypto.randomUUID()}`;
    await call(`start/${id}`, { name: 'Jan' });
    await until(id, 'Running');
    expect((await call(`terminate/${id}`, {})).status).toBe(202);
    await until(id, 'Terminated');
  });

  it('reports an unknown instance as absent', async () => {
    expect(await statusOf('nobody-here')).toBeNull();
  });
});
