// The engine surface shared by engine.ts and the HTTP API (kept apart to avoid an import cycle).
import type { DurableStatus, InstanceState, RuntimeStatus } from './types';

export interface GetStatusOptions {
  readonly showHistory?: boolean;
}

export interface ListInstancesFilter {
  readonly runtimeStatus?: readonly RuntimeStatus[];
  readonly createdTimeFrom?: Date;
  readonly createdTimeTo?: Date;
}

export type DurableErrorCode = 'NotFound' | 'Gone' | 'Conflict' | 'BadRequest' | 'Timeout';

export class DurableEngineError extends Error {
  override readonly name = 'DurableEngineError';
  constructor(
    readonly code: DurableErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Raw-JSON entry points used by the HTTP API (request bodies are already JSON text). */
export interface DurableApi {
  readonly taskHub: string;
  startNewJson(
    orchestratorName: string,
    instanceId: string | undefined,
    inputJson: string | undefined,
  ): Promise<string>;
  raiseEventJson(instanceId: string, eventName: string, dataJson: string | undefined): Promise<void>;
  getStatus(instanceId: string, options?: GetStatusOptions): Promise<DurableStatus | undefined>;
  getState(instanceId: string): Promise<InstanceState | undefined>;
  listInstances(filter?: ListInstancesFilter): Promise<DurableStatus[]>;
  terminate(instanceId: string, reason: string): Promise<void>;
  purge(instanceId: string): Promise<boolean>;
}
