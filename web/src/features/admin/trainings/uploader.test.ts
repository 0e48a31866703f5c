import type { UploadTicket } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  blockId,
  TransferError,
  uploadInBlocks,
  type ResumeStore,
  type UploadProgress,
  type UploadTransport,
} from './uploader';

const ticket = (overrides: Partial<UploadTicket> = {}): UploadTicket => ({
  uploadId: '00000000-0000-4000-8000-000000000000.fr.mp4',
  kind: 'video',
  language: 'fr',
  url: 'https://storage.example/videos/t/c/x?sig=1',
  expiresAt: '2026-11-25T10:30:00.000Z',
  blockBytes: 4,
  maxBytes: 1000,
  blocks: [],
  ...overrides,
});

/** Storage in memory: blocks by id, the committed list, and scripted failures. */
class FakeStorage implements UploadTransport {
  readonly blocks = new Map<string, string>();
  committed: string[] | undefined;
  contentType = '';
  calls: string[] = [];
  /** Status to answer per call number (0: the network drops). */
  failures = new Map<number, number>();
  validUrls = new Set(['https://storage.example/videos/t/c/x?sig=1']);
  private count = 0;

  private fail(url: string): void {
    const n = this.count++;
    const status = this.failures.get(n);
    if (status !== undefined) throw new TransferError(status);
    if (!this.validUrls.has(url)) throw new TransferError(403);
  }
  async putBlock(url: string, id: string, body: Blob, onProgress: (sent: number) => void): Promise<void> {
    this.calls.push(`block ${atob(id)}`);
    onProgress(Math.floor(body.size / 2));
    this.fail(url);
    this.blocks.set(id, await body.text());
    onProgress(body.size);
  }
  putBlockList(url: string, ids: readonly string[], contentType: string): Promise<void> {
    this.calls.push('commit');
    this.fail(url);
    this.committed = [...ids];
    this.contentType = contentType;
    return Promise.resolve();
  }
  file(): string {
    return (this.committed ?? []).map((id) => this.blocks.get(id) ?? '?').join('');
  }
}

function memoryStore(): ResumeStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: (key) => values.get(key),
    set: (key, value) => values.set(key, value),
    delete: (key) => values.delete(key),
  };
}

const noSleep = (): Promise<void> => Promise.resolve();
const file = (text: string) => new File([text], 'clip.mp4', { type: 'video/mp4', lastModified: 1 });

describe('uploadInBlocks', () => {
  it('sends the file in fixed-size blocks, commits them in order and asks the api to check it', async () => {
    const storage = new FakeStorage();
    const progress: UploadProgress[] = [];
    const completed: string[] = [];
    const result = await uploadInBlocks(file('0123456789'), {
      endpoints: {
        start: () => Promise.resolve(ticket()),
        resume: () => Promise.reject(new Error('not expected')),
        complete: (id) => {
          completed.push(id);
          return Promise.resolve('checked');
        },
      },
      transport: storage,
      concurrency: 1,
      sleep: noSleep,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toBe('checked');
    expect(storage.file()).toBe('0123456789');
    expect(storage.committed).toEqual([blockId(0), blockId(1), blockId(2)]);
    expect(storage.contentType).toBe('video/mp4');
    expect(completed).toEqual([ticket().uploadId]);
    // Progress only grows, ends at the whole file, then commit and check.
    const sent = progress.map((p) => p.sent);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ phase: 'verifying', sent: 10, total: 10 });
    expect(progress.some((p) => p.phase === 'uploading' && p.sent > 0 && p.sent < 10)).toBe(true);
  });

  it('retries a block after a dropped connection, with backoff, and reports it', async () => {
    const storage = new FakeStorage();
    storage.failures.set(1, 0);
    storage.failures.set(2, 503);
    const waits: number[] = [];
    const phases: string[] = [];
    await uploadInBlocks(file('0123456789'), {
      endpoints: {
        start: () => Promise.resolve(ticket()),
        resume: () => Promise.reject(new Error('not expected')),
        complete: () => Promise.resolve('ok'),
      },
      transport: storage,
      concurrency: 1,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      onProgress: (p) => phases.push(p.phase),
    });
    expect(storage.file()).toBe('0123456789');
    expect(waits).toEqual([backoffMs(0), backoffMs(1)]);
    expect(phases).toContain('retrying');
    expect(storage.calls.filter((c) => c === 'block block-000001')).toHaveLength(3);
  });

  it('renews an expired link (403) and goes on', async () => {
    const storage = new FakeStorage();
    const fresh = 'https://storage.example/videos/t/c/x?sig=2';
    let resumed = 0;
    const first = ticket();
    await uploadInBlocks(file('01234567'), {
      endpoints: {
        start: () => Promise.resolve(first),
        resume: () => {
          resumed++;
          storage.validUrls.add(fresh);
          return Promise.resolve(ticket({ url: fresh }));
        },
        complete: () => Promise.resolve('ok'),
      },
      transport: {
        putBlock: (url, id, body, progress) => {
          // The first link expires after the first block.
          if (storage.blocks.size === 1) storage.validUrls.delete(first.url);
          return storage.putBlock(url, id, body, progress);
        },
        putBlockList: (url, ids, type) => storage.putBlockList(url, ids, type),
      },
      concurrency: 1,
      sleep: noSleep,
      onProgress: () => undefined,
    });
    expect(resumed).toBe(1);
    expect(storage.file()).toBe('01234567');
  });

  it('resumes after a reload: skips the blocks storage already has, forgets the upload once checked', async () => {
    const storage = new FakeStorage();
    storage.blocks.set(blockId(0), '0123');
    storage.blocks.set(blockId(1), '4567');
    const store = memoryStore();
    const picked = file('0123456789');
    const key = 'training/chapter/video/fr';
    store.set(`${key}:clip.mp4:10:1`, ticket().uploadId);
    const resumedWith: string[] = [];
    await uploadInBlocks(picked, {
      endpoints: {
        start: () => Promise.reject(new Error('should resume')),
        resume: (id) => {
          resumedWith.push(id);
          return Promise.resolve(
            ticket({
              blocks: [
                { id: blockId(0), size: 4 },
                { id: blockId(1), size: 4 },
              ],
            }),
          );
        },
        complete: () => Promise.resolve('ok'),
      },
      transport: storage,
      resume: { store, key },
      concurrency: 1,
      sleep: noSleep,
      onProgress: () => undefined,
    });
    expect(resumedWith).toEqual([ticket().uploadId]);
    expect(storage.calls).toEqual(['block block-000002', 'commit']);
    expect(storage.file()).toBe('0123456789');
    expect(store.values.size).toBe(0);
  });

  it('gives up after its attempts, and on an answer that retrying cannot fix', async () => {
    const endpoints = {
      start: () => Promise.resolve(ticket()),
      resume: () => Promise.resolve(ticket()),
      complete: () => Promise.resolve('ok'),
    };
    const storage = new FakeStorage();
    for (let n = 0; n < 10; n++) storage.failures.set(n, 0);
    await expect(
      uploadInBlocks(file('0123'), {
        endpoints,
        transport: storage,
        attempts: 3,
        sleep: noSleep,
        onProgress: () => undefined,
      }),
    ).rejects.toMatchObject({ status: 0 });
    const refused = new FakeStorage();
    refused.failures.set(0, 400);
    await expect(
      uploadInBlocks(file('0123'), {
        endpoints,
        transport: refused,
        sleep: noSleep,
        onProgress: () => undefined,
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('names blocks with ids of one length (as Azure requires)', () => {
    expect(new Set([0, 9, 10, 99_999].map((n) => blockId(n).length)).size).toBe(1);
  });
});
