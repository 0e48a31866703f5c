import net from 'node:net';
import type { MalwareScanner, ScanVerdict } from '../../domain/diplomas';

/** Minimal clamd client (PING and INSTREAM over TCP); the Defender adapter replaces it in Azure. */
export class ClamdScanner implements MalwareScanner {
  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs = 10_000,
  ) {}

  async ping(signal?: AbortSignal): Promise<void> {
    const reply = await this.exchange([Buffer.from('zPING\0')], signal);
    if (reply !== 'PONG') throw new Error('clamd answered unexpectedly');
  }

  async scan(content: Uint8Array, signal?: AbortSignal): Promise<ScanVerdict> {
    const chunks: Buffer[] = [Buffer.from('zINSTREAM\0')];
    const chunkSize = 64 * 1024;
    for (let offset = 0; offset < content.byteLength; offset += chunkSize) {
      const part = content.subarray(offset, offset + chunkSize);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(part.byteLength);
      chunks.push(length, Buffer.from(part));
    }
    chunks.push(Buffer.alloc(4));
    const reply = await this.exchange(chunks, signal);
    if (reply.endsWith('OK')) return { clean: true };
    const found = /^stream: (.+) FOUND$/.exec(reply);
    if (found?.[1]) return { clean: false, signature: found[1] };
    throw new Error(`clamd scan failed: ${reply.slice(0, 120)}`);
  }

  private exchange(payload: readonly Buffer[], signal?: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port });
      const received: Buffer[] = [];
      const abort = (): void => {
        socket.destroy(new Error('aborted'));
      };
      signal?.addEventListener('abort', abort, { once: true });
      socket.setTimeout(this.timeoutMs, () =>
        socket.destroy(Object.assign(new Error('clamd timeout'), { code: 'ETIMEDOUT' })),
      );
      socket.on('connect', () => {
        for (const chunk of payload) socket.write(chunk);
      });
      socket.on('data', (data) => received.push(data));
      socket.on('error', reject);
      socket.on('close', () => {
        signal?.removeEventListener('abort', abort);
        resolve(Buffer.concat(received).toString('utf8').replace(/\0/g, '').trim());
      });
    });
  }
}
