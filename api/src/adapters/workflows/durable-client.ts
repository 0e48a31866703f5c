import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { WorkflowClient, WorkflowRuntimeStatus, WorkflowStatus } from '../../domain/ports';

const knownStatuses: readonly WorkflowRuntimeStatus[] = [
  'Pending',
  'Running',
  'Completed',
  'Failed',
  'Terminated',
  'ContinuedAsNew',
  'Canceled',
];

/**
 * WorkflowClient over the real durable-functions client. Works in Azure and against the local host,
 * which serves the same Durable HTTP API. The calling function must declare `durableClientInput`.
 */
export const durableClientInput = df.input.durableClient();

export function workflowClientFor(context: InvocationContext): WorkflowClient {
  const client = df.getClient(context);
  return {
    start: (name, options) =>
      client.startNew(name, {
        ...(options.instanceId ? { instanceId: options.instanceId } : {}),
        ...(options.input === undefined ? {} : { input: options.input }),
      }),
    status: async (instanceId) => {
      try {
        return toStatus(await client.getStatus(instanceId, { showInput: false }));
      } catch (error) {
        // The client signals an unknown instance only through this message (durable-functions 3.x).
        if (error instanceof Error && error.message.includes('HTTP 404')) return undefined;
        throw error;
      }
    },
    raiseEvent: (instanceId, eventName, data) => client.raiseEvent(instanceId, eventName, data),
    terminate: (instanceId, reason) => client.terminate(instanceId, reason),
    // 404 (unknown or already purged) is `instancesDeleted: 0`; a running instance is never purged.
    purge: async (instanceId) => (await client.purgeInstanceHistory(instanceId)).instancesDeleted > 0,
  };
}

function toStatus(status: df.DurableOrchestrationStatus): WorkflowStatus {
  const reported: string = status.runtimeStatus;
  const runtime = reported as WorkflowRuntimeStatus;
  return {
    instanceId: status.instanceId,
    name: status.name,
    runtimeStatus: knownStatuses.includes(runtime) ? runtime : 'Unknown',
    output: status.output,
    customStatus: status.customStatus,
    createdAt: toIso(status.createdTime),
    lastUpdatedAt: toIso(status.lastUpdatedTime),
  };
}

function toIso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
