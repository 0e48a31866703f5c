import net from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { clamdCommand, eicarTestFile, findClamdBinary, startClamd } from './clamd';

/** Minimal clamd INSTREAM: chunks prefixed by their 4-byte big-endian length, then a zero length. */
function instream(host: string, port: number, data: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const reply: Buffer[] = [];
    socket.once('connect', () => {
      socket.write('zINSTREAM\0');
      for (let offset = 0; offset < data.length; offset += 64 * 1024) {
        const chunk = data.subarray(offset, offset + 64 * 1024);
        const size = Buffer.alloc(4);
        size.writeUInt32BE(chunk.length);
        socket.write(size);
        socket.write(chunk);
      }
      socket.end(Buffer.alloc(4));
    });
    socket.on('data', (d: Buffer) => reply.push(d));
    socket.once('error', reject);
    socket.once('close', () => {
      resolve(Buffer.concat(reply).toString('utf8').replace(/\0$/, ''));
    });
  });
}

describe('clamd', () => {
  const { clamdHost, clamdPort } = inject('emulators');

  it('answers PING', async () => {
    expect(await clamdCommand(clamdHost, clamdPort, 'PING')).toBe('PONG');
  });

  it('detects the EICAR test file', async () => {
    const reply = await instream(clamdHost, clamdPort, eicarTestFile());
    expect(reply).toMatch(/^stream: \S+ FOUND$/);
  });

  it('detects EICAR embedded in a larger upload', async () => {
    const data = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200_000, 0x20), eicarTestFile()]);
    expect(await instream(clamdHost, clamdPort, data)).toMatch(/FOUND$/);
  });

  it('passes a clean buffer', async () => {
    const clean = Buffer.alloc(2 * 1024 * 1024, 'SOINS+ clean content ');
    expect(await instream(clamdHost, clamdPort, clean)).toBe('stream: OK');
  });
});

describe('startClamd', () => {
  it('finds the installed clamd, and names a configured binary that is missing', async () => {
    expect(findClamdBinary()).toMatch(/clamd$/);
    await expect(
      startClamd({ port: 1, dataDir: '/tmp/soins-never-used', binary: '/nonexistent/clamd' }),
    ).rejects.toThrow(/clamd binary not found at \/nonexistent\/clamd/);
  });
});
