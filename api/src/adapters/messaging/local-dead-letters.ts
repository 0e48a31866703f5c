// The local dead-letter sub-queues. Service Bus keeps them at `<queue>/$DeadLetterQueue`, a path no
// storage queue name can hold, so locally they are blobs at `<queue>/$DeadLetterQueue/<id>` in one
// container: the local host writes them, the `DeadLetters` port below reads, re-drives and purges them.
import type { ContainerClient } from '@azure/storage-blob';
import { randomBytes } from 'node:crypto';
import {
  DEAD_LETTER_COUNT_CAP,
  redriveMessageId,
  redriveProperties,
  retryProperty,
} from '../../domain/messaging';
import type {
  DeadLetter,
  DeadLetterListing,
  DeadLetters,
  MessageBus,
  MessageProperties,
} from '../../domain/ports';
import { containerCreatedOnFirstUse, createBlobStorage, type BlobStorage } from '../storage/connection';

/** What the broker keeps of a dead-lettered message. */
export interface StoredDeadLetter {
  readonly messageId: string;
  readonly body: unknown;
  readonly properties?: MessageProperties;
  readonly deadLetterReason: string;
  readonly deadLetterErrorDescription: string;
  readonly enqueuedAt: string | undefined;
  readonly deadLetteredAt: string;
  readonly deliveryCount: number;
}

export class LocalDeadLetterStore {
  static readonly containerName = 'local-dead-letters';
  /** The store's container, created on first use. */
  private readonly container: () => Promise<ContainerClient>;

  constructor(blobs: BlobStorage) {
    this.container = containerCreatedOnFirstUse(blobs, LocalDeadLetterStore.containerName);
  }

  /** The store in an emulator known by its connection string (local host, tests). */
  static fromConnectionString(connectionString: string): LocalDeadLetterStore {
    return new LocalDeadLetterStore(createBlobStorage({ kind: 'key', connectionString }));
  }

  /** The sub-queue's path, as Service Bus names the entity. */
  static subQueueOf(queue: string): string {
    return `${queue}/$DeadLetterQueue`;
  }

  /** Dead-letters a message; ids sort in the order messages were dead-lettered. */
  async add(queue: string, letter: StoredDeadLetter): Promise<string> {
    const container = await this.container();
    const id = `${Date.now().toString().padStart(14, '0')}-${randomBytes(4).toString('hex')}`;
    const text = JSON.stringify(letter);
    await blobOf(container, queue, id).upload(text, Buffer.byteLength(text), {
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
    return id;
  }

  async list(
    queue: string,
    limit: number,
  ): Promise<{ count: number; complete: boolean; items: { id: string; letter: StoredDeadLetter }[] }> {
    const container = await this.container();
    const prefix = `${LocalDeadLetterStore.subQueueOf(queue)}/`;
    const ids: string[] = [];
    let complete = true;
    for await (const item of container.listBlobsFlat({ prefix })) {
      if (ids.length >= DEAD_LETTER_COUNT_CAP) {
        complete = false;
        break;
      }
      ids.push(item.name.slice(prefix.length));
    }
    const items: { id: string; letter: StoredDeadLetter }[] = [];
    for (const id of ids.slice(0, limit)) {
      const found = await this.get(queue, id);
      if (found) items.push({ id, letter: found.letter });
    }
    return { count: ids.length, complete, items };
  }

  async get(queue: string, id: string): Promise<{ letter: StoredDeadLetter; etag: string } | undefined> {
    const blob = blobOf(await this.container(), queue, id);
    try {
      const content = await blob.downloadToBuffer();
      const properties = await blob.getProperties();
      return {
        letter: JSON.parse(content.toString('utf8')) as StoredDeadLetter,
        etag: properties.etag ?? '*',
      };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Removes one dead letter (only the version read, when an etag is given); false if already gone. */
  async remove(queue: string, id: string, etag?: string): Promise<boolean> {
    const blob = blobOf(await this.container(), queue, id);
    try {
      await blob.delete(etag ? { conditions: { ifMatch: etag } } : {});
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 412) return false;
      throw error;
    }
  }
}

const blobOf = (container: ContainerClient, queue: string, id: string) =>
  container.getBlockBlobClient(`${LocalDeadLetterStore.subQueueOf(queue)}/${id}`);

/** The `DeadLetters` port over the local store: the same operations as on Service Bus. */
export class LocalDeadLetters implements DeadLetters {
  constructor(
    private readonly store: LocalDeadLetterStore,
    private readonly bus: MessageBus,
  ) {}

  async list(queue: string, options: { readonly limit: number }): Promise<DeadLetterListing> {
    const { count, complete, items } = await this.store.list(queue, options.limit);
    return {
      count,
      complete,
      items: items.map(({ id, letter }): DeadLetter => summaryOf(id, letter)),
    };
  }

  async redrive(queue: string, id: string): Promise<boolean> {
    const found = await this.store.get(queue, id);
    if (!found) return false;
    const { letter } = found;
    // Same body (it carries the consumer's idempotency key), fresh id so duplicate detection lets it in.
    await this.bus.send(queue, {
      id: redriveMessageId(letter.messageId, letter.properties, id),
      body: letter.body,
      properties: redriveProperties(letter.properties),
    });
    // At least once, like Service Bus's receive, resend, complete: a concurrent re-drive may send twice.
    await this.store.remove(queue, id, found.etag);
    return true;
  }

  purge(queue: string, id: string): Promise<boolean> {
    return this.store.remove(queue, id);
  }
}

function summaryOf(id: string, letter: StoredDeadLetter): DeadLetter {
  const lastError = letter.properties?.[retryProperty.lastError];
  return {
    id,
    messageId: letter.messageId,
    reason: letter.deadLetterReason,
    description: letter.deadLetterErrorDescription,
    enqueuedAt: letter.enqueuedAt,
    deliveryCount: letter.deliveryCount,
    lastError: typeof lastError === 'string' ? lastError : undefined,
  };
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}
