import type { Container, CosmosClient } from '@azure/cosmos';
import { z } from 'zod';
import type { TrainerSession, TrainerSessionRepository } from '../../domain/training-sessions';

const sessionDocumentSchema = z.object({
  id: z.string(),
  trainerId: z.string(),
  title: z.string(),
  startsAt: z.string(),
  location: z.string(),
  attendees: z.number().int().nonnegative(),
});

/** Sessions partitioned by trainer: the trainer's list is a single-partition query. */
export class CosmosTrainerSessionRepository implements TrainerSessionRepository {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('sessions');
  }

  async listForTrainer(trainerId: string): Promise<readonly TrainerSession[]> {
    const { resources } = await this.container.items
      .query<unknown>(
        {
          query: 'SELECT * FROM c WHERE c.trainerId = @t ORDER BY c.startsAt',
          parameters: [{ name: '@t', value: trainerId }],
        },
        { partitionKey: trainerId },
      )
      .fetchAll();
    return resources.map((doc) => {
      const { trainerId: _trainer, ...session } = sessionDocumentSchema.parse(doc);
      return session;
    });
  }
}
