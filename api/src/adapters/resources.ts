import { z } from 'zod';
import manifestJson from '../../../infra/resources.json';

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
  queues: z.array(
    z.object({
      name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,50}$/),
      maxDeliveryCount: z.number().int().min(1).max(100),
    }),
  ),
  blobContainers: z.array(z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/) })),
});

export type ResourceManifest = z.infer<typeof manifestSchema>;
export const resources: ResourceManifest = manifestSchema.parse(manifestJson);

/** Name of the queue that holds messages that exhausted their deliveries (Service Bus has its own DLQ). */
export const deadLetterQueueName = (queue: string): string => `${queue}-poison`;
