// Azure Storage persistence for the local Durable engine (works against Azurite and a real account):
//   <hub>-instances      one JSON blob per instance (state + history + pending timers + outbox); every
//                        write is conditional on the ETag read, so two workers never both advance it
//   <hub>-largemessages  payloads of queue messages too large for a queue message
//   <hub>-control        orchestration work items (start, completions, timers, events, terminate)
//   <hub>-workitems      activity executions (at least once: re-delivered after the visibility timeout)
import { randomUUID } from 'node:crypto';
import { BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { isRecord } from './history';
import { isTerminal, parseInstanceState, type InstanceState } from './types';

/** Instance documents remembered from this store's own writes (see DurableStore.written). */
const MAX_WRITTEN_KEPT = 256;

/** Queue messages are limited to 64 KB; larger payloads go to a blob (like DurableTask.AzureStorage). */
const maxInlineMessageChars = 45_000;

export interface StoredInstance {
  readonly state: InstanceState;
  readonly etag: string;
}

export interface InstanceListing {
  readonly instanceId: string;
  readonly status: string | undefined;
  readonly nextTimer: string | undefined;
  readonly outboxAt: string | undefined;
  readonly lastUpdated: string | undefined;
}

export interface ReceivedMessage {
  readonly body: unknown;
  readonly messageId: string;
  popReceipt: string;
  readonly dequeueCount: number;
  readonly largeBlob: string | undefined;
}

export type QueueKind = 'control' | 'workItems';

export function validateTaskHubName(taskHub: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]{2,44}$/.test(taskHub)) {
    throw new Error(
      `Invalid task hub name '${taskHub}': use 3-45 letters or digits, starting with a letter (Durable Functions rule).`,
    );
  }
  return taskHub.toLowerCase();
}

export class DurableStore {
  readonly names: {
    readonly instances: string;
    readonly large: string;
    readonly control: string;
    readonly workItems: string;
  };
  private readonly instances: ContainerClient;
  private readonly large: ContainerClient;
  private readonly queues: Record<QueueKind, QueueClient>;

  constructor(connectionString: string, taskHub: string) {
    const hub = validateTaskHubName(taskHub);
    this.names = {
      instances: `${hub}-instances`,
      large: `${hub}-largemessages`,
      control: `${hub}-control`,
      workItems: `${hub}-workitems`,
    };
    const blobs = BlobServiceClient.fromConnectionString(connectionString);
    const queues = QueueServiceClient.fromConnectionString(connectionString);
    this.instances = blobs.getContainerClient(this.names.instances);
    this.large = blobs.getContainerClient(this.names.large);
    this.queues = {
      control: queues.getQueueClient(this.names.control),
      workItems: queues.getQueueClient(this.names.workItems),
    };
  }

  async init(): Promise<void> {
    await Promise.all([
      this.instances.createIfNotExists(),
      this.large.createIfNotExists(),
      this.queues.control.createIfNotExists(),
      this.queues.workItems.createIfNotExists(),
    ]);
  }

  // ---- instances ----------------------------------------------------------------------------------

  /**
   * The documents this store last wrote (body and ETag), newest last: the next episode of an instance reads its
   * own write instead of downloading it again. Dropped on a conflict, a failed write or a delete; a document
   * changed elsewhere meanwhile is caught by the episode's conditional write, which drops it and retries.
   */
  private readonly written = new Map<string, { readonly body: string; readonly etag: string }>();

  /**
   * `recent`: may answer from this store's own last write of the instance (see `written`); only for callers whose
   * write is conditional on the ETag read. Status queries and recovery read the blob.
   */
  async readInstance(
    instanceId: string,
    { recent = false }: { readonly recent?: boolean } = {},
  ): Promise<StoredInstance | undefined> {
    const kept = recent ? this.written.get(instanceId) : undefined;
    if (kept) {
      const state = parseInstanceState(JSON.parse(kept.body));
      if (state) return { state, etag: kept.etag };
    }
    const blob = this.instances.getBlockBlobClient(blobName(instanceId));
    try {
      // One request: the body and the ETag it was read at.
      const response = await blob.download();
      const buffer = await readStream(response.readableStreamBody);
      const state = parseInstanceState(JSON.parse(buffer.toString('utf8')));
      if (!state || !response.etag) throw new Error(`Instance document for ${instanceId} is not valid`);
      return { state, etag: response.etag };
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Creates the instance document; returns undefined when one already exists. */
  async createInstance(state: InstanceState): Promise<string | undefined> {
    return this.upload(state, { ifNoneMatch: '*' });
  }

  /** Replaces the document if it still has `etag`; returns the new ETag, or undefined on a conflict. */
  async replaceInstance(state: InstanceState, etag: string): Promise<string | undefined> {
    return this.upload(state, { ifMatch: etag });
  }

  async deleteInstance(instanceId: string, etag: string): Promise<boolean> {
    this.written.delete(instanceId);
    try {
      await this.instances.getBlockBlobClient(blobName(instanceId)).delete({ conditions: { ifMatch: etag } });
      return true;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 404 || error.statusCode === 412)) return false;
      throw error;
    }
  }

  async *listInstances(): AsyncGenerator<InstanceListing> {
    for await (const blob of this.instances.listBlobsFlat({ includeMetadata: true })) {
      if (!blob.name.endsWith('.json')) continue;
      const meta = blob.metadata ?? {};
      yield {
        instanceId: decodeURIComponent(blob.name.slice(0, -'.json'.length)),
        status: meta.status,
        nextTimer: meta.nexttimer,
        outboxAt: meta.outboxat,
        lastUpdated: meta.updated,
      };
    }
  }

  private async upload(
    state: InstanceState,
    conditions: { ifMatch?: string; ifNoneMatch?: string },
  ): Promise<string | undefined> {
    const body = JSON.stringify(state);
    const metadata: Record<string, string> = { status: state.runtimeStatus, updated: state.lastUpdatedTime };
    const nextTimer = state.timers.reduce<string | undefined>(
      (min, t) => (min === undefined || t.fireAt < min ? t.fireAt : min),
      undefined,
    );
    if (nextTimer) metadata.nexttimer = nextTimer;
    if (state.outbox.length > 0) metadata.outboxat = state.lastUpdatedTime;
    this.written.delete(state.instanceId);
    try {
      const response = await this.instances
        .getBlockBlobClient(blobName(state.instanceId))
        .upload(body, Buffer.byteLength(body), {
          conditions,
          metadata,
          blobHTTPHeaders: { blobContentType: 'application/json' },
        });
      if (response.etag && !isTerminal(state.runtimeStatus))
        this.remember(state.instanceId, body, response.etag);
      return response.etag ?? '';
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412))
        return undefined;
      throw error;
    }
  }

  private remember(instanceId: string, body: string, etag: string): void {
    this.written.set(instanceId, { body, etag });
    // Oldest out: instances running at once are far fewer than this.
    if (this.written.size > MAX_WRITTEN_KEPT) {
      const oldest = this.written.keys().next().value;
      if (oldest !== undefined) this.written.delete(oldest);
    }
  }

  // ---- queues -------------------------------------------------------------------------------------

  async send(queue: QueueKind, message: unknown, delaySeconds = 0): Promise<void> {
    let text = JSON.stringify(message);
    if (text.length > maxInlineMessageChars) {
      const name = `${randomUUID()}.json`;
      await this.large.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
      text = JSON.stringify({ $largeMessage: name });
    }
    await this.queues[queue].sendMessage(
      text,
      delaySeconds > 0 ? { visibilityTimeout: Math.ceil(delaySeconds) } : {},
    );
  }

  async receive(
    queue: QueueKind,
    count: number,
    visibilityTimeoutSeconds: number,
  ): Promise<ReceivedMessage[]> {
    const response = await this.queues[queue].receiveMessages({
      numberOfMessages: Math.max(1, Math.min(32, count)),
      visibilityTimeout: visibilityTimeoutSeconds,
    });
    const out: ReceivedMessage[] = [];
    for (const item of response.receivedMessageItems) {
      let body: unknown;
      let largeBlob: string | undefined;
      try {
        body = JSON.parse(item.messageText) as unknown;
        if (isRecord(body) && typeof body.$largeMessage === 'string') {
          largeBlob = body.$largeMessage;
          const buffer = await this.large.getBlockBlobClient(largeBlob).downloadToBuffer();
          body = JSON.parse(buffer.toString('utf8')) as unknown;
        }
      } catch {
        body = undefined;
      }
      out.push({
        body,
        messageId: item.messageId,
        popReceipt: item.popReceipt,
        dequeueCount: item.dequeueCount,
        largeBlob,
      });
    }
    return out;
  }

  async delete(queue: QueueKind, message: ReceivedMessage): Promise<void> {
    try {
      await this.queues[queue].deleteMessage(message.messageId, message.popReceipt);
    } catch (error) {
      // Already deleted, or the pop receipt expired (another delivery will be dropped as a duplicate).
      if (!(error instanceof RestError && (error.statusCode === 404 || error.statusCode === 400)))
        throw error;
      return;
    }
    if (message.largeBlob) await this.large.getBlockBlobClient(message.largeBlob).deleteIfExists();
  }

  /** Makes the message visible again after `delaySeconds` (abandon), or extends its lease (renew). */
  async setVisibility(queue: QueueKind, message: ReceivedMessage, delaySeconds: number): Promise<boolean> {
    try {
      const response = await this.queues[queue].updateMessage(
        message.messageId,
        message.popReceipt,
        undefined,
        delaySeconds,
      );
      if (response.popReceipt) message.popReceipt = response.popReceipt;
      return true;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 404 || error.statusCode === 400)) return false;
      throw error;
    }
  }
}

async function readStream(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

function blobName(instanceId: string): string {
  return `${encodeURIComponent(instanceId)}.json`;
}
