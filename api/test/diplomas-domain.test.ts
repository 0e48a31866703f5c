import type { Diploma } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import {
  RequeueStalledScans,
  UploadDiploma,
  type DiplomaEvents,
  type DiplomaFiles,
  type DiplomaRepository,
} from '../src/domain/diplomas';

const now = new Date('2026-11-25T12:00:00Z');
const clock = { now: () => now };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function memory(initial: Diploma[]) {
  const items = [...initial];
  const requested: string[] = [];
  const diplomas: DiplomaRepository = {
    create: (d) => {
      items.push(d);
      return Promise.resolve();
    },
    get: (userId, id) => {
      const value = items.find((d) => d.userId === userId && d.id === id);
      return Promise.resolve(value ? { value, etag: 'e' } : undefined);
    },
    latestFor: (userId) =>
      Promise.resolve(
        items.filter((d) => d.userId === userId).sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt))[0],
      ),
    historyFor: (userId) =>
      Promise.resolve(
        items.filter((d) => d.userId === userId).sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt)),
      ),
    replace: () => Promise.resolve(true),
    pendingReview: () => Promise.resolve({ items: items.filter((d) => d.status === 'pending_review') }),
    stalledScans: (before) =>
      Promise.resolve(items.filter((d) => d.status === 'scanning' && d.uploadedAt < before)),
  };
  const events: DiplomaEvents = {
    scanRequested: (d) => {
      requested.push(d.id);
      return Promise.resolve();
    },
    infected: () => Promise.resolve(),
    decided: () => Promise.resolve(),
  };
  const files = { putQuarantine: () => Promise.resolve() } as unknown as DiplomaFiles;
  return { items, requested, diplomas, events, files };
}

const scanning = (id: string, minutesAgo: number): Diploma => ({
  id,
  userId: 'u1',
  status: 'scanning',
  contentType: 'application/pdf',
  sizeBytes: 10,
  uploadedAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
});

const pdf = new TextEncoder().encode('%PDF-1.4 test');

describe('stalled diploma scans', () => {
  it('requeues only scans older than the threshold', async () => {
    const store = memory([scanning('old', 10), scanning('fresh', 1)]);
    const requeued = await new RequeueStalledScans({ ...store, clock, logger: silent }).execute(5 * 60_000);
    expect(requeued).toBe(1);
    expect(store.requested).toEqual(['old']);
  });

  it('refuses a second upload while a scan is in flight but allows it once the scan is stuck', async () => {
    const inFlight = memory([scanning('d1', 2)]);
    const upload = (store: ReturnType<typeof memory>) =>
      new UploadDiploma({ ...store, clock, newId: () => 'new' }).execute({ userId: 'u1', bytes: pdf });
    expect(await upload(inFlight)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const stuck = memory([scanning('d1', 20)]);
    expect(await upload(stuck)).toMatchObject({ ok: true, value: { id: 'new', status: 'scanning' } });
  });
});
