// AttemptLimits on the `limits` container (partition /userId, one document per person and action, id =
// the action). Each attempt is a point read and an etag-guarded write, so two concurrent attempts never
// both take the last one; the container's TTL deletes counters nobody touched for two days.
import type { Container, CosmosClient } from '@azure/cosmos';
import { z } from 'zod';
import {
  countAttempt,
  type AttemptDecision,
  type AttemptLimitPolicy,
  type AttemptLimits,
} from '../../domain/attempt-limits';
import type { Clock } from '../../domain/ports';
import { cosmosStatus } from './errors';

const schemaVersion = 1 as const;
const maxRaces = 5;

const counterSchema = z.object({
  id: z.string(),
  userId: z.string(),
  schemaVersion: z.literal(schemaVersion),
  windowStartedAt: z.string(),
  count: z.number().int().nonnegative(),
  _etag: z.string(),
});

export class CosmosAttemptLimits implements AttemptLimits {
  private readonly container: Container;

  constructor(
    client: CosmosClient,
    database: string,
    private readonly clock: Clock,
  ) {
    this.container = client.database(database).container('limits');
  }

  async take(userId: string, policy: AttemptLimitPolicy): Promise<AttemptDecision> {
    for (let race = 0; race < maxRaces; race++) {
      const { resource } = await this.container.item(policy.action, userId).read<Record<string, unknown>>();
      const stored = resource ? counterSchema.parse(resource) : undefined;
      const outcome = countAttempt(stored, policy, this.clock.now());
      if (!('next' in outcome)) return outcome.decision;
      const document = { id: policy.action, userId, schemaVersion, ...outcome.next };
      try {
        if (stored) {
          await this.container
            .item(policy.action, userId)
            .replace(document, { accessCondition: { type: 'IfMatch', condition: stored._etag } });
        } else {
          await this.container.items.create(document);
        }
        return outcome.decision;
      } catch (error) {
        // 409: a concurrent first attempt created it; 412: a concurrent attempt counted first. Again.
        const status = cosmosStatus(error);
        if (status !== 409 && status !== 412) throw error;
      }
    }
    // Contended this hard, the person is sending attempts in parallel: refuse this one.
    return { allowed: false, retryAfterSeconds: 1 };
  }
}
