import { randomUUID } from 'node:crypto';
import type { Container, CosmosClient } from '@azure/cosmos';
import { auditPartitionOf, type AuditEntry, type AuditLog } from '../../domain/audit';

const schemaVersion = 1;

/**
 * Audit entries in the `audit` container, partitioned by the subject's user id (`userId`), so "who saw
 * my data" for a GDPR access request is a single-partition query; entries about content (a training)
 * are partitioned by their target (`training:<id>`). Entries hold ids and setting values only.
 */
export class CosmosAuditLog implements AuditLog {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('audit');
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.container.items.create({
      id: randomUUID(),
      userId: auditPartitionOf(entry),
      actorId: entry.actorId,
      action: entry.action,
      at: entry.at,
      ...(entry.target ? { target: entry.target } : {}),
      ...(entry.before ? { before: entry.before } : {}),
      ...(entry.after ? { after: entry.after } : {}),
      schemaVersion,
    });
  }
}
