import type { Container, CosmosClient, PatchOperation } from '@azure/cosmos';
import { exportJobSchema, reportKindSchema, lazySchema } from '@soins/shared';
import { z } from 'zod';
import type { ExportJobChange, ExportJobs, StoredExportJob } from '../../domain/reporting/ports';
import { cosmosStatus } from './errors';
import { drain } from './paging';

const schemaVersion = 1;
export const exportJobsContainerName = 'report-exports';

const scopeSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('training-participants'), trainingId: z.string() }),
    z.object({ kind: z.literal('training-rates') }),
    z.object({ kind: z.literal('session-participants'), sessionId: z.string() }),
    z.object({ kind: z.literal('yearly-hours'), year: z.number().int() }),
  ]),
);

const documentSchema = lazySchema(() =>
  exportJobSchema.extend({
    actorId: z.string(),
    clientKey: z.string(),
    scope: scopeSchema,
    kind: reportKindSchema,
    blobName: z.string().optional(),
  }),
);

function toJob(document: unknown): StoredExportJob {
  return documentSchema.parse(document);
}

/**
 * Export jobs in `report-exports`, partitioned by the admin who asked (`/actorId`): the page's list and
 * each poll are single-partition reads. The container's time to live (manifest) removes old jobs.
 */
export class CosmosExportJobs implements ExportJobs {
  private readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container(exportJobsContainerName);
  }

  async create(job: StoredExportJob): Promise<{ created: boolean; job: StoredExportJob }> {
    try {
      await this.container.items.create({ ...job, schemaVersion });
      return { created: true, job };
    } catch (error) {
      if (cosmosStatus(error) !== 409) throw error;
      const existing = await this.get(job.actorId, job.id);
      if (!existing) throw error;
      return { created: false, job: existing };
    }
  }

  async get(actorId: string, jobId: string): Promise<StoredExportJob | undefined> {
    try {
      const { resource } = await this.container.item(jobId, actorId).read<Record<string, unknown>>();
      return resource ? toJob(resource) : undefined;
    } catch (error) {
      if (cosmosStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async listFor(actorId: string, limit: number): Promise<StoredExportJob[]> {
    const documents = await drain<unknown>(
      this.container,
      {
        query: 'SELECT * FROM c WHERE c.actorId = @actorId ORDER BY c.createdAt DESC',
        parameters: [{ name: '@actorId', value: actorId }],
      },
      { partitionKey: actorId, limit },
    );
    return documents.map(toJob);
  }

  async update(actorId: string, jobId: string, change: ExportJobChange): Promise<void> {
    const operations: PatchOperation[] = Object.entries(change).map(([key, value]) => ({
      op: 'set',
      path: `/${key}`,
      value,
    }));
    if (operations.length === 0) return;
    // Patch takes at most 10 operations per call.
    for (let i = 0; i < operations.length; i += 10) {
      await this.container.item(jobId, actorId).patch(operations.slice(i, i + 10));
    }
  }
}
