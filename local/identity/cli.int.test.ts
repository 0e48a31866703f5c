// The CLI as the supervisor runs it: a child process that prints READY, serves, and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { assertPortFree, findFreePort, repoRoot, tsNodeCommand } from '../lib/service';
import { tlsAgent } from './oidc-test-client';

describe('identity provider CLI', () => {
  it('prints READY <issuer>, serves discovery and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'soins-idp-cli-'));
    const port = await findFreePort();
    const { command, args } = tsNodeCommand(join(repoRoot(), 'local', 'identity', 'cli.ts'), [
      '--port',
      String(port),
      '--data',
      dataDir,
      '--spa-origin',
      'http://localhost:4280',
      '--access-ttl',
      '120',
    ]);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        resolve(code);
      }),
    );
    try {
      const lines: string[] = [];
      createInterface({ input: child.stderr }).on('line', (l) => lines.push(l));
      const ready = await new Promise<{ issuer: string; ca: string }>((resolve, reject) => {
        let issuer = '';
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.startsWith('READY ')) issuer = line.slice(6);
          if (line.startsWith('CA ')) resolve({ issuer, ca: line.slice(3) });
        });
        void exited.then((code) => {
          reject(new Error(`exited ${String(code)}: ${lines.join('\n')}`));
        });
      });
      expect(ready.issuer).toBe(`https://localhost:${port}`);
      expect(statSync(join(dataDir, 'tls-key.pem')).mode & 0o077).toBe(0);
      const agent = tlsAgent(ready.ca);
      const res = await fetch(`${ready.issuer}/.well-known/openid-configuration`, { dispatcher: agent });
      expect(((await res.json()) as { issuer: string }).issuer).toBe(ready.issuer);
      await agent.close();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await assertPortFree(port, '127.0.0.1', 'identity provider');
      expect(lines.join('\n')).toBe('');
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('exits with a clear message when the port is taken', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'soins-idp-cli-'));
    const port = await findFreePort();
    const blocker = (await import('node:net')).createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const { command, args } = tsNodeCommand(join(repoRoot(), 'local', 'identity', 'cli.ts'), [
        '--port',
        String(port),
        '--data',
        dataDir,
      ]);
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain(`Port ${port} (identity provider) is already in use`);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
