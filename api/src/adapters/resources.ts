import { z } from 'zod';
import manifestJson from '../../../infra/resources.json';

/** An ISO 8601 time duration as Service Bus and Bicep take it: `PT10M`, `PT1H30M`, `PT45S`. */
const isoDuration = z
  .string()
  .regex(/^PT(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?$/, 'expected an ISO 8601 duration such as PT10M');

/** Milliseconds of an ISO 8601 time duration (`PT…H…M…S`, the only form the manifest accepts). */
export function durationMs(iso: string): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso);
  if (!match) throw new Error(`not an ISO 8601 time duration: ${iso}`);
  const [, h = '0', m = '0', s = '0'] = match;
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

const durationBetween = (minMs: number, maxMs: number, label: string) =>
  isoDuration.refine(
    (iso) => durationMs(iso) >= minMs && durationMs(iso) <= maxMs,
    `${label}: Service Bus accepts ${minMs / 1000} s to ${maxMs / 1000} s`,
  );

// The resource manifest is shared with Bicep (loadJsonContent), so code and infrastructure cannot drift.
const manifestSchema = z.object({
  cosmos: z.object({
    database: z.string().min(1),
    containers: z
      .array(
        z.object({
          name: z.string().regex(/^[a-z][a-z0-9-]{2,62}$/),
          partitionKey: z.string().startsWith('/'),
          uniqueKeys: z.array(z.array(z.string().startsWith('/')).min(1)),
          /**
           * Container time to live in seconds (Cosmos `defaultTtl`): documents expire that long after
           * their last write; -1 turns TTL on without a default (only items with their own `ttl`
           * expire); absent: off. Applied by Bicep and by the local bootstrap.
           */
          defaultTtl: z
            .number()
            .int()
            .refine(
              (ttl) => ttl === -1 || (ttl > 0 && ttl <= 2_147_483_647),
              'defaultTtl: -1 or 1…2147483647',
            )
            .optional(),
        }),
      )
      .min(1),
  }),
  // Property names are Service Bus's own (Microsoft.ServiceBus/namespaces/queues), so Bicep maps them 1:1.
  queues: z.array(
    z.strictObject({
      name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,50}$/),
      /** Deliveries before the broker moves a message to `<queue>/$DeadLetterQueue`. */
      maxDeliveryCount: z.number().int().min(1).max(100),
      /** Peek-lock duration of one delivery (the Functions host renews it while the handler runs). */
      lockDuration: durationBetween(5_000, 300_000, 'lockDuration'),
      /**
       * Declares duplicate detection: a message whose id was already sent within this window is
       * accepted and dropped. Absent: no duplicate detection (`requiresDuplicateDetection: false`).
       */
      duplicateDetectionHistoryTimeWindow: durationBetween(
        20_000,
        7 * 24 * 3_600_000,
        'duplicateDetectionHistoryTimeWindow',
      ).optional(),
    }),
  ),
  blobContainers: z.array(
    z.object({
      name: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/),
      /**
       * Files are deleted this many days after they were last written (an Azure Storage lifecycle rule in
       * Bicep; Azurite has none, so local files stay). Absent: files are kept until the api deletes them.
       */
      deleteAfterDays: z.number().int().min(1).max(3650).optional(),
    }),
  ),
});

export type ResourceManifest = z.infer<typeof manifestSchema>;
export const resources: ResourceManifest = manifestSchema.parse(manifestJson);

/** One queue's broker settings in the units the code uses. */
export interface QueueSettings {
  readonly name: string;
  readonly maxDeliveryCount: number;
  readonly lockDurationMs: number;
  /** Undefined where the manifest declares no duplicate detection. */
  readonly duplicateDetectionWindowMs: number | undefined;
}

export function queueSettingsOf(queue: ResourceManifest['queues'][number]): QueueSettings {
  return {
    name: queue.name,
    maxDeliveryCount: queue.maxDeliveryCount,
    lockDurationMs: durationMs(queue.lockDuration),
    duplicateDetectionWindowMs:
      queue.duplicateDetectionHistoryTimeWindow === undefined
        ? undefined
        : durationMs(queue.duplicateDetectionHistoryTimeWindow),
  };
}

/** The manifest's settings of every queue, by name. */
export const queueSettings: ReadonlyMap<string, QueueSettings> = new Map(
  resources.queues.map((queue) => [queue.name, queueSettingsOf(queue)]),
);
