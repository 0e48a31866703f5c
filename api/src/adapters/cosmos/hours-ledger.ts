import type { Container, CosmosClient } from '@azure/cosmos';
import { z } from 'zod';
import type { HoursEntry, HoursLedger } from '../../domain/hours/ledger';
import { cosmosStatus } from './errors';
import { drain, singlePartitionPage } from './paging';

const schemaVersion = 1;
const pageSize = 500;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const entryDocumentSchema = z.object({
  id: z.string(),
  year: z.string().regex(/^\d{4}$/),
  schemaVersion: z.literal(schemaVersion),
  userId: z.string(),
  source: z.enum(['certificate', 'attestation']),
  documentId: z.string(),
  verificationCode: z.string(),
  trainingId: z.string(),
  trainingTitle: z.object({ fr: z.string(), nl: z.string() }),
  organiser: z.string(),
  sessionId: z.string().optional(),
  startedOn: isoDate,
  completedOn: isoDate,
  hours: z.number().nonnegative(),
});

function toEntry(document: unknown): HoursEntry {
  const { year: _year, schemaVersion: _version, sessionId, ...entry } = entryDocumentSchema.parse(document);
  return { ...entry, ...(sessionId !== undefined ? { sessionId } : {}) };
}

const yearOf = (date: string): number => Number(date.slice(0, 4));
const partitionOf = (year: number): string => String(year).padStart(4, '0');

/**
 * `hours-ledger` (partition /year: the calendar year, as text, of `completedOn` in Belgium). The yearly report is
 * one partition paged with Cosmos's own continuation tokens (ordered by learner); a learner's period is
 * one single-partition query per calendar year it spans (a legal period is at most five years).
 * A line is created once (id `${source}:${documentId}`); recording it again is a no-op.
 */
export class CosmosHoursLedger implements HoursLedger {
  readonly container: Container;

  constructor(client: CosmosClient, database: string) {
    this.container = client.database(database).container('hours-ledger');
  }

  async record(entry: HoursEntry): Promise<void> {
    const document = { ...entryDocumentSchema.omit({ year: true, schemaVersion: true }).parse(entry) };
    try {
      await this.container.items.create({
        ...document,
        year: partitionOf(yearOf(entry.completedOn)),
        schemaVersion,
      });
    } catch (error) {
      if (cosmosStatus(error) !== 409) throw error;
    }
  }

  async listForUser(userId: string, from: string, to: string): Promise<readonly HoursEntry[]> {
    const fromDate = isoDate.parse(from);
    const toDate = isoDate.parse(to);
    if (toDate < fromDate) return [];
    const firstYear = yearOf(fromDate);
    const lastYear = Math.min(yearOf(toDate), firstYear + 20);
    const found: HoursEntry[] = [];
    for (let year = firstYear; year <= lastYear; year += 1) {
      const documents = await drain<unknown>(
        this.container,
        {
          query:
            'SELECT * FROM c WHERE c.userId = @user AND c.completedOn >= @from AND c.completedOn <= @to ORDER BY c.completedOn',
          parameters: [
            { name: '@user', value: userId },
            { name: '@from', value: fromDate },
            { name: '@to', value: toDate },
          ],
        },
        { partitionKey: partitionOf(year) },
      );
      found.push(...documents.map(toEntry));
    }
    return found;
  }

  async listForYear(
    year: number,
    pageToken?: string,
  ): Promise<{ entries: readonly HoursEntry[]; next?: string }> {
    const page = await singlePartitionPage<HoursEntry>(
      this.container,
      {
        query: 'SELECT * FROM c WHERE c.year = @year ORDER BY c.userId',
        parameters: [{ name: '@year', value: partitionOf(year) }],
      },
      {
        partitionKey: partitionOf(year),
        pageSize,
        pageToken,
        accept: (documents) => documents.map(toEntry),
      },
    );
    return { entries: page.items, ...(page.continuationToken ? { next: page.continuationToken } : {}) };
  }
}
