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
