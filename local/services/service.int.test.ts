import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { assertPortFree, findFreePort, probeTcp, spawnChild, waitForHttp, waitForTcp } from '../lib/service';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function occupy(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    servers.push(server);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve(server);
    });
  });
}

describe('ports', () => {
  it('findFreePort returns a port that can be bound', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(1023);
    await expect(assertPortFree(port, '127.0.0.1', 'Test service')).resolves.toBeUndefined();
  });

  it('assertPortFree reports a taken port with the service name and what to do', async () => {
    const port = await findFreePort();
    await occupy(port);
    await expect(assertPortFree(port, '127.0.0.1', 'Cosmos emulator', 'SOINS_COSMOS_PORT')).rejects.toThrow(
      `Port ${port} (Cosmos emulator) is already in use. Stop the process using it or set SOINS_COSMOS_PORT.`,
    );
    await expect(assertPortFree(port, '127.0.0.1', 'mail sink')).rejects.toThrow(/already in use/);
  });

  it('waitForTcp resolves once something listens and times out otherwise', async () => {
    const port = await findFreePort();
    expect(await probeTcp('127.0.0.1', port)).toBe(false);
    await expect(waitForTcp('127.0.0.1', port, { timeoutMs: 300 })).rejects.toThrow(/Timed out/);
    await occupy(port);
    await expect(waitForTcp('127.0.0.1', port, { timeoutMs: 2000 })).resolves.toBeUndefined();
  });
});

describe('spawnChild', () => {
  it('waits until ready, and stop() frees the port', async () => {
    const port = await findFreePort();
    const script = `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
    const child = await spawnChild({
      name: 'tiny-http',
      command: process.execPath,
      args: ['-e', script],
      ready: () => probeTcp('127.0.0.1', port),
      timeoutMs: 10_000,
    });
    await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 });
    await child.stop();
    await expect(assertPortFree(port, '127.0.0.1', 'tiny-http')).resolves.toBeUndefined();
    await child.stop(); // idempotent
  });

  it('shows the last output when the child exits before it is ready', async () => {
    await expect(
      spawnChild({
        name: 'crashy',
        command: process.execPath,
        args: ['-e', "console.log('loading config'); console.error('fatal: bad config'); process.exit(3)"],
        ready: () => Promise.resolve(false),
        timeoutMs: 10_000,
      }),
    ).rejects.toThrow(/crashy exited before it was ready \(exit code 3\)[\s\S]*fatal: bad config/);
  });

  it('reports a child that never becomes ready, and kills it', async () => {
    await expect(
      spawnChild({
        name: 'sleepy',
        command: process.execPath,
        args: ['-e', 'setInterval(() => {}, 1000)'],
        ready: () => Promise.resolve(false),
        timeoutMs: 500,
      }),
    ).rejects.toThrow(/sleepy was not ready after 500 ms/);
  });

  it('escalates to SIGKILL when the child ignores SIGTERM', async () => {
    const port = await findFreePort();
    const script = `process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
      require('net').createServer().listen(${port}, '127.0.0.1')`;
    const child = await spawnChild({
      name: 'stubborn',
      command: process.execPath,
      args: ['-e', script],
      ready: () => probeTcp('127.0.0.1', port),
      // The grace period itself is not under test: a short one keeps the test from waiting 5 s.
      stopGraceMs: 200,
    });
    await child.stop();
    // It was asked to stop (and said it ignores that), then killed.
    await expect.poll(() => child.recentOutput()).toContain('ignoring SIGTERM');
    expect(child.process.signalCode).toBe('SIGKILL');
    await expect(assertPortFree(port, '127.0.0.1', 'stubborn')).resolves.toBeUndefined();
  });
});
