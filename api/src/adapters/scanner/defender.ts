// Microsoft Defender for Storage malware scanning: Defender scans every blob written to the storage
// account and publishes one `Microsoft.Security.MalwareScanningResult` event per scan to an Event Grid
// custom topic; an Event Grid subscription delivers them to a Service Bus queue. This module reads one
// such message into the domain's ScanReport. Both delivery schemas Event Grid offers are read:
//   Event Grid schema (the topic's own; the default):
//     { id, topic, subject, eventType, eventTime, dataVersion, metadataVersion, data }
//   CloudEvents 1.0 (when the subscription converts):  { specversion, id, source, subject, type, time, data }
// with `data` = { correlationId, blobUri, eTag, scanFinishedTimeUtc, scanResultType, scanResultDetails:
// { malwareNamesFound?, sha256? } }. `scanResultType` is "No threats found", "Malicious", or the reason
// the blob was not scanned (e.g. "Not scanned" or an `SAM2592xx` error message).
import { z } from 'zod';
import type { ScanReport } from '../../domain/diplomas';

export const malwareScanningResultType = 'Microsoft.Security.MalwareScanningResult';

const instant = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'expected a date-time');

const scanDataSchema = z.object({
  correlationId: z.string().min(1).max(200),
  blobUri: z.url({ protocol: /^https?$/ }).max(2048),
  eTag: z.string().min(1).max(128),
  scanFinishedTimeUtc: instant,
  scanResultType: z.string().trim().min(1).max(1000),
  scanResultDetails: z
    .object({
      malwareNamesFound: z.array(z.string().max(500)).max(100).nullish(),
      sha256: z.string().max(128).nullish(),
    })
    .nullish(),
});

const eventGridSchema = z.object({
  id: z.string().min(1).max(200),
  eventType: z.literal(malwareScanningResultType),
  eventTime: instant,
  data: scanDataSchema,
});

const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(200),
  type: z.literal(malwareScanningResultType),
  data: scanDataSchema,
});

export interface MalwareScanEvent {
  /** The event id (Event Grid may deliver the same event more than once). */
  readonly eventId: string;
  /** Defender's id of this scan. */
  readonly correlationId: string;
  readonly report: ScanReport;
}

export type ParsedScanEvent =
  | { readonly ok: true; readonly event: MalwareScanEvent }
  /** Not a malware scanning result: the reason names fields, never their values. */
  | { readonly ok: false; readonly reason: string };

const noThreats = /^no threats? found$/i;

/** Reads one Service Bus message body (object, JSON text or bytes, as the trigger hands it over). */
export function parseMalwareScanEvent(message: unknown): ParsedScanEvent {
  let body = message;
  if (body instanceof Uint8Array) body = Buffer.from(body).toString('utf8');
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      return { ok: false, reason: 'not JSON' };
    }
  }
  const gridEvent = eventGridSchema.safeParse(body);
  const cloudEvent = gridEvent.success ? undefined : cloudEventSchema.safeParse(body);
  const parsed = gridEvent.success ? gridEvent.data : cloudEvent?.success ? cloudEvent.data : undefined;
  if (!parsed) {
    const issues = (cloudEvent && isCloudEvent(body) ? cloudEvent : gridEvent).error?.issues ?? [];
    const fields = [...new Set(issues.map((issue) => issue.path.join('.') || '(event)'))].slice(0, 5);
    return { ok: false, reason: `not a ${malwareScanningResultType} event: ${fields.join(', ')}` };
  }
  const { data } = parsed;
  const result: ScanReport['result'] = noThreats.test(data.scanResultType)
    ? { clean: true }
    : data.scanResultType.toLowerCase() === 'malicious'
      ? { clean: false, signature: signatureOf(data.scanResultDetails?.malwareNamesFound) }
      : { error: data.scanResultType };
  return {
    ok: true,
    event: {
      eventId: parsed.id,
      correlationId: data.correlationId,
      report: {
        fileUri: data.blobUri,
        fileVersion: data.eTag,
        result,
        scannedAt: new Date(data.scanFinishedTimeUtc).toISOString(),
      },
    },
  };
}

function isCloudEvent(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'specversion' in body;
}

/** The names Defender found, as one signature for the admins' alert (bounded, never empty). */
function signatureOf(names: readonly string[] | null | undefined): string {
  const found = (names ?? []).map((name) => name.trim()).filter(Boolean);
  return found.length > 0 ? found.join(', ').slice(0, 300) : 'Malicious';
}
