// Defender for Storage scan results: the event mapping (real-shaped Event Grid / CloudEvents messages)
// and the state machine they drive, with in-memory repositories and the real blob-URL mapping.
import type { Diploma } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { parseMalwareScanEvent, type MalwareScanEvent } from '../src/adapters/scanner/defender';
import { createBlobStorage } from '../src/adapters/storage/connection';
import { BlobDiplomaFiles } from '../src/adapters/storage/diploma-files';
import {
  RecordScanReport,
  ReportStalledScans,
  type DiplomaEvents,
  type DiplomaFiles,
  type DiplomaRepository,
} from '../src/domain/diplomas';
import { RecordingLogger } from './fakes/logger';

const key = Buffer.alloc(32, 1).toString('base64');
const account = 'soinsdocs';
const azure = `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${key};EndpointSuffix=core.windows.net`;
const azurite = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`;

const userId = 'u_Qm9uam91ciBNYXJpZSBEdWJvaXMgIQ';
const diplomaId = '3f1c2b9e-6a4d-4f7e-9a51-2c8d0e7b4a10';
const blobUri = `https://${account}.blob.core.windows.net/diplomas-quarantine/${userId}/${diplomaId}`;
const etag = '0x8DCE730957D80DE';
const eicarSha = '275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F';

/** A message as an Event Grid subscription delivers it to Service Bus (Event Grid event schema). */
function gridEvent(
  data: Partial<Record<string, unknown>> & { scanResultType: string },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: '52d00da0-8f1a-4c3c-aa2c-24831967356b',
    subject: `storageAccounts/${account}/containers/diplomas-quarantine/blobs/${userId}/${diplomaId}`,
    data: {
      correlationId: '52d00da0-8f1a-4c3c-aa2c-24831967356b',
      blobUri,
      eTag: etag,
      scanFinishedTimeUtc: '2026-11-25T12:00:03.0481279Z',
      scanResultDetails: { malwareNamesFound: [], sha256: eicarSha },
      ...data,
    },
    eventType: 'Microsoft.Security.MalwareScanningResult',
    dataVersion: '1.0',
    metadataVersion: '1',
    eventTime: '2026-11-25T12:00:03.048375Z',
    topic:
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-soins/providers/Microsoft.EventGrid/topics/soins-malware-scans',
    ...overrides,
  };
}

const clean = gridEvent({ scanResultType: 'No threats found', scanResultDetails: null });
const malicious = gridEvent({
  scanResultType: 'Malicious',
  scanResultDetails: { malwareNamesFound: ['Virus:DOS/EICAR_Test_File'], sha256: eicarSha },
});

function parsed(message: unknown): MalwareScanEvent {
  const result = parseMalwareScanEvent(message);
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

describe('parseMalwareScanEvent', () => {
  it('reads a clean result in the Event Grid schema', () => {
    expect(parsed(clean)).toEqual({
      eventId: '52d00da0-8f1a-4c3c-aa2c-24831967356b',
      correlationId: '52d00da0-8f1a-4c3c-aa2c-24831967356b',
      report: {
        fileUri: blobUri,
        fileVersion: etag,
        result: { clean: true },
        scannedAt: '2026-11-25T12:00:03.048Z',
      },
    });
  });

  it('reads a malicious result with the malware names Defender found', () => {
    expect(parsed(malicious).report.result).toEqual({ clean: false, signature: 'Virus:DOS/EICAR_Test_File' });
    const unnamed = gridEvent({ scanResultType: 'Malicious', scanResultDetails: { malwareNamesFound: [] } });
    expect(parsed(unnamed).report.result).toEqual({ clean: false, signature: 'Malicious' });
  });

  it.each(['Not scanned', 'SAM259201: Scan failed - internal service error.', 'Error'])(
    'reads "%s" as a failed scan, not a verdict',
    (scanResultType) => {
      expect(parsed(gridEvent({ scanResultType })).report.result).toEqual({ error: scanResultType });
    },
  );

  it('reads the CloudEvents 1.0 schema and the forms the trigger may hand over (text, bytes)', () => {
    const { eventTime, data, id } = malicious;
    const cloudEvent = {
      specversion: '1.0',
      id,
      type: 'Microsoft.Security.MalwareScanningResult',
      source:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-soins/providers/Microsoft.EventGrid/topics/soins-malware-scans',
      subject: 'storageAccounts/soinsdocs/containers/diplomas-quarantine/blobs/x',
      time: eventTime,
      data,
    };
    expect(parsed(cloudEvent).report.result).toEqual({
      clean: false,
      signature: 'Virus:DOS/EICAR_Test_File',
    });
    expect(parsed(JSON.stringify(clean)).report.result).toEqual({ clean: true });
    expect(parsed(new TextEncoder().encode(JSON.stringify(clean))).report.fileUri).toBe(blobUri);
  });

  it.each([
    [
      'another event type',
      gridEvent({ scanResultType: 'No threats found' }, { eventType: 'Microsoft.Storage.BlobCreated' }),
    ],
    ['no blob URI', gridEvent({ scanResultType: 'No threats found', blobUri: undefined })],
    ['no eTag', gridEvent({ scanResultType: 'No threats found', eTag: undefined })],
    ['a batch (array) instead of one event', [clean]],
    ['text that is not JSON', '{"eventType": "Microsoft.Security.Malw'],
    ['nothing', undefined],
  ])('refuses %s, naming fields but never values', (_label, message) => {
    const result = parseMalwareScanEvent(message);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).not.toContain(userId);
  });
});

describe('BlobDiplomaFiles.quarantineFileAt', () => {
  const files = new BlobDiplomaFiles(createBlobStorage({ kind: 'key', connectionString: azure }));

  it('maps a quarantine blob of this account to its diploma, in Azure and with Azurite', async () => {
    expect(await files.quarantineFileAt(blobUri)).toEqual({ userId, diplomaId });
    expect(
      await new BlobDiplomaFiles(
        createBlobStorage({ kind: 'key', connectionString: azurite }),
      ).quarantineFileAt(
        `http://127.0.0.1:10000/devstoreaccount1/diplomas-quarantine/${userId}/${diplomaId}`,
      ),
    ).toEqual({ userId, diplomaId });
  });

  it.each([
    ['the reviewed container', `https://${account}.blob.core.windows.net/diplomas/${userId}/${diplomaId}`],
    ['another container', `https://${account}.blob.core.windows.net/videos/wound-care/intro.fr.mp4`],
    ['another account', `https://other.blob.core.windows.net/diplomas-quarantine/${userId}/${diplomaId}`],
    ['a deeper name', `${blobUri}/x`],
    [
      'a name this app never writes',
      `https://${account}.blob.core.windows.net/diplomas-quarantine/${userId}/a%20b`,
    ],
    ['a URL with a query', `${blobUri}?sv=2024`],
    ['not a URL', 'diplomas-quarantine/u/d'],
  ])('ignores %s', async (_label, uri) => {
    expect(await files.quarantineFileAt(uri)).toBeUndefined();
  });
});

const now = new Date('2026-11-25T12:05:00Z');
const clock = { now: () => now };

function world(initial: Diploma[] = [scanning(diplomaId, 1)]) {
  const items = new Map(initial.map((d) => [`${d.userId}/${d.id}`, d]));
  const quarantine = new Map(initial.map((d) => [`${d.userId}/${d.id}`, etag]));
  const promoted = new Set<string>();
  const alerts: { diplomaId: string; signature: string }[] = [];
  const logger = new RecordingLogger();
  const logs = logger.lines;
  const diplomas: DiplomaRepository = {
    create: (d) => Promise.resolve(void items.set(`${d.userId}/${d.id}`, d)),
    get: (u, id) => {
      const value = items.get(`${u}/${id}`);
      return Promise.resolve(value ? { value, etag: 'e' } : undefined);
    },
    latestFor: () => Promise.resolve(undefined),
    historyFor: () => Promise.resolve([]),
    replace: (d) => Promise.resolve(Boolean(items.set(`${d.userId}/${d.id}`, d))),
    pendingReview: () =>
      Promise.resolve({ items: [...items.values()].filter((d) => d.status === 'pending_review') }),
    stalledScans: (before) =>
      Promise.resolve([...items.values()].filter((d) => d.status === 'scanning' && d.uploadedAt < before)),
  };
  const real = new BlobDiplomaFiles(createBlobStorage({ kind: 'key', connectionString: azure }));
  const files = {
    quarantineFileAt: (uri: string) => real.quarantineFileAt(uri),
    quarantineVersion: (u: string, id: string) => Promise.resolve(quarantine.get(`${u}/${id}`)),
    isPromoted: (u: string, id: string) => Promise.resolve(promoted.has(`${u}/${id}`)),
    promote: (u: string, id: string) => {
      promoted.add(`${u}/${id}`);
      quarantine.delete(`${u}/${id}`);
      return Promise.resolve();
    },
    deleteEverywhere: (u: string, id: string) => {
      promoted.delete(`${u}/${id}`);
      quarantine.delete(`${u}/${id}`);
      return Promise.resolve();
    },
  } as unknown as DiplomaFiles;
  const events: DiplomaEvents = {
    scanRequested: () => Promise.reject(new Error('Defender scans on upload: nothing is requested')),
    infected: (d, detection) =>
      Promise.resolve(void alerts.push({ diplomaId: d.id, signature: detection.signature })),
    decided: () => Promise.resolve(),
  };
  const record = new RecordScanReport({ diplomas, files, events, clock, logger });
  return {
    items,
    quarantine,
    promoted,
    alerts,
    logs,
    diplomas,
    status: () => items.get(`${userId}/${diplomaId}`)?.status,
    apply: (message: unknown) => record.execute(parsed(message).report),
  };
}

function scanning(id: string, minutesAgo: number, owner = userId): Diploma {
  return {
    id,
    userId: owner,
    status: 'scanning',
    contentType: 'application/pdf',
    sizeBytes: 1234,
    uploadedAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
  };
}

describe('RecordScanReport (Defender results drive the diploma state machine)', () => {
  it('clean: the file leaves quarantine and the diploma waits for review', async () => {
    const w = world();
    expect(await w.apply(clean)).toBe('clean');
    expect(w.status()).toBe('pending_review');
    expect(w.promoted.has(`${userId}/${diplomaId}`)).toBe(true);
    expect(w.alerts).toEqual([]);
  });

  it('malicious: the file is deleted everywhere, the learner sees the refusal, admins are alerted', async () => {
    const w = world();
    expect(await w.apply(malicious)).toBe('infected');
    expect(w.status()).toBe('infected');
    expect(w.quarantine.size + w.promoted.size).toBe(0);
    expect(w.alerts).toEqual([{ diplomaId, signature: 'Virus:DOS/EICAR_Test_File' }]);
  });

  it('scan error: nothing is promoted or deleted, the diploma stays scanning and an error is logged', async () => {
    const w = world();
    expect(
      await w.apply(gridEvent({ scanResultType: 'SAM259201: Scan failed - internal service error.' })),
    ).toBe('scan_failed');
    expect(w.status()).toBe('scanning');
    expect(w.quarantine.has(`${userId}/${diplomaId}`)).toBe(true);
    expect(w.logs).toContainEqual({
      level: 'error',
      event: 'diploma.scan_failed',
      fields: { diplomaId, reason: 'SAM259201: Scan failed - internal service error.' },
    });
    // A later clean result for the same version (e.g. after the file was written again) still counts.
    expect(await w.apply(clean)).toBe('clean');
  });

  it('ignores blobs that are not current quarantine uploads', async () => {
    const w = world();
    const elsewhere = (uri: string) => gridEvent({ scanResultType: 'Malicious', blobUri: uri });
    expect(
      await w.apply(elsewhere(`https://${account}.blob.core.windows.net/diplomas/${userId}/${diplomaId}`)),
    ).toBe('ignored_not_quarantine');
    expect(
      await w.apply(elsewhere(`https://${account}.blob.core.windows.net/certificates/${userId}/c.pdf`)),
    ).toBe('ignored_not_quarantine');
    expect(
      await w.apply(
        elsewhere(`https://${account}.blob.core.windows.net/diplomas-quarantine/${userId}/unknown-upload-id`),
      ),
    ).toBe('ignored_unknown_diploma');
    // A result about an older version of the file (it was written again since).
    expect(await w.apply(gridEvent({ scanResultType: 'Malicious', eTag: '0x8DCE7300000000A' }))).toBe(
      'ignored_other_version',
    );
    expect(w.status()).toBe('scanning');
    expect(w.alerts).toEqual([]);
  });

  it('compares ETags with or without quotes', async () => {
    const w = world();
    expect(await w.apply(gridEvent({ scanResultType: 'No threats found', eTag: `"${etag}"` }))).toBe('clean');
  });

  it('duplicate event: the second delivery changes nothing and alerts nobody again', async () => {
    const w = world();
    expect(await w.apply(malicious)).toBe('infected');
    expect(await w.apply(malicious)).toBe('ignored_already_scanned');
    expect(await w.apply(clean)).toBe('ignored_already_scanned');
    expect(w.status()).toBe('infected');
    expect(w.alerts).toHaveLength(1);
  });

  it('redelivery after a crash between promoting and recording finishes the clean transition', async () => {
    const w = world();
    w.quarantine.delete(`${userId}/${diplomaId}`);
    w.promoted.add(`${userId}/${diplomaId}`);
    expect(await w.apply(clean)).toBe('clean');
    expect(w.status()).toBe('pending_review');
  });

  it('a malicious blob already removed from quarantine (not promoted) still ends infected, with its names', async () => {
    const w = world();
    w.quarantine.delete(`${userId}/${diplomaId}`);
    expect(await w.apply(malicious)).toBe('infected');
    expect(w.alerts).toEqual([{ diplomaId, signature: 'Virus:DOS/EICAR_Test_File' }]);
  });
});

describe('ReportStalledScans (the stalled-scan timer with Defender)', () => {
  it('logs an error per diploma without a result after the threshold, and asks for no scan', async () => {
    const w = world([
      scanning('old', 12),
      scanning('fresh', 2),
      { ...scanning('done', 30), status: 'pending_review' },
    ]);
    const logger = new RecordingLogger();
    const count = await new ReportStalledScans({ diplomas: w.diplomas, clock, logger }).execute(5 * 60_000);
    expect(count).toBe(1);
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([
      {
        level: 'error',
        event: 'diploma.scan_result_missing',
        fields: { diplomaId: 'old', waitedMinutes: 12 },
      },
    ]);
    expect(w.items.get(`${userId}/old`)?.status).toBe('scanning');
  });
});
