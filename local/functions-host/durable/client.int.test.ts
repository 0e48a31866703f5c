// The api drives workflows with durable-functions' real DurableClient (df.getClient(context)). This
// proves the engine's client binding value and HTTP endpoints are what that client expects: an HTTP
// function from the fixture bundle calls startNew/getStatus/raiseEvent/terminate/purge against them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EmulatorEnv } from '../../../tests/setup/emulator-env';
import type { RegisteredFunction } from '../registry';
import { createDurableEngine, type DurableEngine } from './engine';
import { isRecord } from './history';
import { buildInvocationContext } from './invoke';
import { buildFixtureApp, type FixtureApp } from './testing/fixture';
import { testStorage, uniqueTaskHub, waitUntil, type TestStorage } from './testing/env';

let storage: TestStorage;
let app: FixtureApp;
let server: Server;
let engine: DurableEngine;
let clientFunction: RegisteredFunction;
let origin: string;

beforeAll(async () => {
  const provided = inject('emulators') as EmulatorEnv | undefined;
  [storage, app] = await Promise.all([testStorage(provided?.storageConnectionString), buildFixtureApp()]);
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const registry = app.load();
  const fn = registry.functions.get('FixtureClient');
  if (!fn) throw new Error('fixture has no FixtureClient function');
  clientFunction = fn;
  engine = createDurableEngine({
    registry,
    connectionString: storage.connectionString,
    taskHub: uniqueTaskHub('client'),
    baseUrl: `${origin}/runtime/webhooks/durabletask/`,
    pollIntervalMs: 100,
    log: () => undefined,
  });
  server.on('request', (req, res) => {
    void engine.handleDurableHttp(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await engine.start();
});

afterAll(async () => {
  await engine.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  app.dispose();
  await storage.stop();
});

interface ClientReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** Invokes the fixture's HTTP function like the host would, with the engine's durableClient binding. */
async function callClient(body: Record<string, unknown>): Promise<ClientReply> {
  const request = new HttpRequest({
    method: 'POST',
    url: `${origin}/api/fixture/client`,
    headers: { 'content-type': 'application/json' },
    body: { string: JSON.stringify(body) },
  });
  const context = buildInvocationContext(
    clientFunction,
    (_fn, type) => (type === 'durableClient' ? engine.clientBindingValue() : undefined),
    () => undefined,
  );
  const response = (await clientFunction.handler(request, context)) as {
    status: number;
    headers: Headers;
    json(): Promise<unknown>;
  };
  const json = await response.json();
  return {
    status: response.status,
    headers: response.headers,
    body: isRecord(json) ? json : { value: json },
  };
}

async function clientStatus(instanceId: string): Promise<Record<string, unknown>> {
  const reply = await callClient({ op: 'status', instanceId });
  expect(reply.status).toBe(200);
  return reply.body;
}

describe('durable-functions DurableClient against the local engine', () => {
  it('provides a binding value the real client accepts, pointing at the engine', () => {
    const value = engine.clientBindingValue() as Record<string, unknown>;
    expect(value).toMatchObject({
      taskHubName: engine.taskHub,
      rpcBaseUrl: `${origin}/runtime/webhooks/durabletask/`,
      baseUrl: `${origin}/runtime/webhooks/durabletask`,
      managementUrls: expect.objectContaining({ id: 'INSTANCEID' }) as unknown,
      creationUrls: expect.objectContaining({
        createNewInstancePostUri: expect.stringContaining(
          '/orchestrators/{functionName}[/{instanceId}]',
        ) as unknown,
      }) as unknown,
    });
  });

  it('runs a workflow through startNew, getStatus and raiseEvent', async () => {
    const started = await callClient({
      op: 'start',
      name: 'FixtureWorkflow',
      instanceId: 'client-flow-1',
      input: { key: 'c1', value: 5, timerSeconds: 1 },
    });
    expect(started).toMatchObject({ status: 200, body: { id: 'client-flow-1' } });

    const first = await clientStatus('client-flow-1');
    expect(first.name).toBe('FixtureWorkflow');
    expect(first.runtimeStatus).toMatch(/Pending|Running/);
    expect(first.input).toEqual({ key: 'c1', value: 5, timerSeconds: 1 });

    await waitUntil(
      async () => {
        const status = await clientStatus('client-flow-1');
        return isRecord(status.customStatus) && status.customStatus.stage === 'event';
      },
      15_000,
      'the event stage',
    );
    expect(
      await callClient({ op: 'raise', instanceId: 'client-flow-1', eventName: 'Approval', input: 'yes' }),
    ).toMatchObject({
      status: 200,
      body: { raised: true },
    });
    const done = await waitUntil(
      async () => {
        const status = await clientStatus('client-flow-1');
        return status.runtimeStatus === 'Completed' ? status : undefined;
      },
      15_000,
      'completion',
    );
    expect(done.output).toMatchObject({ first: 'flaky:c1:attempt2', second: 10, approval: 'yes' });
    expect(done.customStatus).toEqual({ stage: 'done' });

    // A second start on a finished id is a new execution; on a running id it is refused.
    const check = await callClient({ op: 'checkStatus', instanceId: 'client-flow-1' });
    expect(check.status).toBe(202);
    expect(check.headers.get('location')).toContain('/runtime/webhooks/durabletask/instances/client-flow-1');
  });

  it('terminates, lists and purges instances, and surfaces unknown ids as errors', async () => {
    await callClient({ op: 'start', name: 'FixtureEventRace', instanceId: 'client-term' });
    const refused = await callClient({ op: 'start', name: 'FixtureEventRace', instanceId: 'client-term' });
    expect(refused.status).toBe(500);
    expect(String(refused.body.error)).toContain('409');

    expect(await callClient({ op: 'terminate', instanceId: 'client-term', reason: 'stop' })).toMatchObject({
      body: { terminated: true },
    });
    await waitUntil(
      async () => (await clientStatus('client-term')).runtimeStatus === 'Terminated',
      10_000,
      'termination',
    );
    expect((await clientStatus('client-term')).output).toBe('stop');

    const list = await callClient({ op: 'list' });
    expect(list.body.value).toEqual(
      expect.arrayContaining([{ instanceId: 'client-term', runtimeStatus: 'Terminated' }]),
    );

    expect(await callClient({ op: 'purge', instanceId: 'client-term' })).toMatchObject({
      body: { instancesDeleted: 1 },
    });
    const gone = await callClient({ op: 'status', instanceId: 'client-term' });
    expect(gone.status).toBe(500);
    expect(String(gone.body.error)).toContain('HTTP 404');
    expect(await callClient({ op: 'purge', instanceId: 'client-term' })).toMatchObject({
      body: { instancesDeleted: 0 },
    });

    const raise = await callClient({ op: 'raise', instanceId: 'nobody', eventName: 'Approval', input: 1 });
    expect(raise.body.error).toBe("No instance with ID 'nobody' found.");
    const terminate = await callClient({ op: 'terminate', instanceId: 'nobody', reason: 'x' });
    expect(terminate.body.error).toBe("No instance with ID 'nobody' found.");
    const unknown = await callClient({ op: 'start', name: 'NoSuchOrchestrator' });
    expect(String(unknown.body.error)).toContain('400');
  });

  it('answers the raw HTTP API like the Durable extension', async () => {
    const base = `${origin}/runtime/webhooks/durabletask`;
    const created = await fetch(`${base}/orchestrators/FixtureEventRace/raw-1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '',
    });
    expect(created.status).toBe(202);
    const payload = (await created.json()) as Record<string, string>;
    expect(payload.id).toBe('raw-1');
    expect(created.headers.get('location')).toBe(payload.statusQueryGetUri);
    const running = await fetch(`${base}/instances/raw-1?showHistory=true`);
    expect(running.status).toBe(202);
    expect(await running.json()).toMatchObject({
      instanceId: 'raw-1',
      name: 'FixtureEventRace',
      input: null,
      output: null,
    });
    const badJson = await fetch(`${base}/instances/raw-1/raiseEvent/Early`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(badJson.status).toBe(400);
    const suspend = await fetch(`${base}/instances/raw-1/suspend?reason=x`, { method: 'POST' });
    expect(suspend.status).toBe(501);
    await fetch(`${base}/instances/raw-1/terminate?reason=done`, { method: 'POST' });
    await waitUntil(
      async () => (await fetch(`${base}/instances/raw-1`)).status === 200,
      10_000,
      'termination',
    );
    const finished = await fetch(`${base}/instances/raw-1?showHistory=true&showHistoryOutput=true`);
    const body = (await finished.json()) as { runtimeStatus: string; historyEvents: { EventType: string }[] };
    expect(body.runtimeStatus).toBe('Terminated');
    expect(body.historyEvents.map((e) => e.EventType)).toEqual([
      'ExecutionStarted',
      'ExecutionTerminated',
      'ExecutionCompleted',
    ]);
    expect((await fetch(`${base}/instances/raw-1/raiseEvent/Late`, { method: 'POST' })).status).toBe(410);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${origin}/api/other`)).status).toBe(404);
  });
});
