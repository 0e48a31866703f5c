// Local Durable Functions engine: runs the api's orchestrations and activities with the real
// durable-functions library, persisting everything in Azure Storage (Azurite locally) so orchestrations,
// durable timers and activities survive a host restart. See README.md in this folder.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry, RegisteredFunction } from '../registry';
import { Sleeper } from '../sleeper';
import {
  EventType,
  failureFromError,
  historyEvents,
  type Failure,
  type FailureDetails,
  type HistoryEvent,
} from './history';
import { DurableEngineError, type DurableApi, type GetStatusOptions, type ListInstancesFilter } from './api';
import { clientBindingValue, handleDurableHttp, normalizeBaseUrl } from './http';
import { runActivity, runOrchestrator, type ExtraInputValue } from './invoke';
import { flattenActionLists, planReplay } from './replay';
import { DurableStore, type ReceivedMessage } from './store';
import {
  isTerminal,
  parseControlMessage,
  parseWorkItemMessage,
  toStatus,
  type ControlMessage,
  type DurableStatus,
  type InstanceState,
  type OutboxEntry,
  type ParentRef,
  type RuntimeStatus,
  type WorkItemMessage,
  newInstanceState,
} from './types';

export type { DurableStatus, RuntimeStatus } from './types';
export {
  DurableEngineError,
  type DurableErrorCode,
  type GetStatusOptions,
  type ListInstancesFilter,
} from './api';
export type { HistoryEvent } from './history';

export interface DurableEngineOptions {
  readonly registry: Registry;
  readonly connectionString: string;
  /** Durable task hub name (host.json extensions.durableTask.hubName): 3-45 letters/digits. */
  readonly taskHub: string;
  /** Where handleDurableHttp is mounted, e.g. http://127.0.0.1:7071/runtime/webhooks/durabletask/ */
  readonly baseUrl: string;
  readonly log?: (line: string) => void;
  /** How often idle workers poll the queues and the timer store (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Run only some workers (both by default), e.g. to split orchestration and activity hosts. */
  readonly workers?: { readonly orchestrations?: boolean; readonly activities?: boolean };
  /** Lease on an activity work item; renewed while it runs, re-delivered if the host dies (default 60 s). */
  readonly activityVisibilityTimeoutSeconds?: number;
  readonly maxConcurrentActivities?: number;
  /** Orchestration instances whose episodes run at once (default 8). */
  readonly maxConcurrentOrchestrations?: number;
  /**
   * How long stop() waits for work in flight (default 30 s). Past that it resolves anyway and the
   * unfinished activities are re-delivered to the next host after their visibility timeout.
   */
  readonly stopTimeoutMs?: number;
}

export interface StartNewOptions {
  readonly instanceId?: string;
  readonly input?: unknown;
}

export interface DurableEngine {
  readonly taskHub: string;
  /** Creates the storage resources and starts the workers. */
  start(): Promise<void>;
  /** Stops polling, finishes the work items in flight and resolves when idle. */
  stop(): Promise<void>;
  startNew(orchestratorName: string, options?: StartNewOptions): Promise<string>;
  /** undefined when no such instance exists. */
  getStatus(instanceId: string, options?: GetStatusOptions): Promise<DurableStatus | undefined>;
  listInstances(filter?: ListInstancesFilter): Promise<DurableStatus[]>;
  raiseEvent(instanceId: string, eventName: string, data?: unknown): Promise<void>;
  terminate(instanceId: string, reason: string): Promise<void>;
  /** Deletes a finished instance's state and history; false when nothing was purged. */
  purge(instanceId: string): Promise<boolean>;
  /** Resolves with the final status; rejects with code 'Timeout' if not finished in time. */
  waitForCompletion(instanceId: string, timeoutMs: number): Promise<DurableStatus>;
  /** The Durable extension's HTTP API (the endpoints durable-functions' DurableClient calls). */
  handleDurableHttp(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The value of a `durableClient` input binding (what df.getClient(context) reads). */
  clientBindingValue(): object;
  /**
   * Tests only (no Azure equivalent): fires the instance's pending durable timers now, as if their
   * time had come, e.g. a grace period of days. Resolves with the number of timers fired.
   */
  fireTimersNow(instanceId: string): Promise<number>;
  /** Activity outcomes this engine applied to their orchestration itself, and those it queued instead. */
  readonly outcomes: { readonly appliedHere: number; readonly queued: number };
  /** Instances this engine started whose first episode it ran itself, and those whose start it queued instead. */
  readonly starts: { readonly ranHere: number; readonly queued: number };
  /** Resolves once every first episode `startNew` began has run or been queued (tests). */
  startsSettled(): Promise<void>;
}

const controlVisibilitySeconds = 30;
const deferSeconds = 1;
const maxProcessedIds = 500;
const staleOutboxMs = 5_000;
const timerResendMs = 30_000;

/**
 * The running engines of each task hub in this process: work one of them queues wakes the others' pollers too
 * (an engine that only runs orchestrations, another only activities), since idle pollers back off.
 */
const runningEngines = new Map<string, Set<Engine>>();
/**
 * Outboxes being sent and cleared in this process, by task hub and instance id: an episode of the same
 * instance waits for it, so it never reads the copy that still lists them and sends them again.
 */
const clearingOutboxes = new Map<string, Promise<void>>();

export function createDurableEngine(options: DurableEngineOptions): DurableEngine {
  return new Engine(options);
}

class Engine implements DurableEngine, DurableApi {
  readonly taskHub: string;
  private readonly store: DurableStore;
  private readonly log: (line: string) => void;
  private readonly pollMs: number;
  private readonly baseUrl: string;
  private readonly orchestrators = new Map<string, RegisteredFunction>();
  private readonly activities = new Map<string, RegisteredFunction>();
  private readonly extraInputValue: ExtraInputValue;
  private readonly activityVisibility: number;
  private readonly maxActivities: number;
  private readonly maxOrchestrations: number;
  private initPromise: Promise<void> | undefined;
  private running = false;
  private stopping = false;
  private loops: Promise<void>[] = [];
  private readonly controlSleeper = new Sleeper();
  private readonly activitySleeper = new Sleeper();
  private readonly maintenanceSleeper = new Sleeper();
  private readonly timerSentAt = new Map<string, number>();
  readonly outcomes = { appliedHere: 0, queued: 0 };
  readonly starts = { ranHere: 0, queued: 0 };
  /** First episodes started by `startNew` and not yet run or queued (stop() waits for them, as for its loops). */
  private readonly firstEpisodes = new Set<Promise<void>>();

  constructor(private readonly options: DurableEngineOptions) {
    this.taskHub = options.taskHub;
    this.store = new DurableStore(options.connectionString, options.taskHub);
    this.log = options.log ?? ((line) => process.stdout.write(`[durable] ${line}\n`));
    this.pollMs = Math.max(20, options.pollIntervalMs ?? 500);
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.activityVisibility = Math.max(2, Math.round(options.activityVisibilityTimeoutSeconds ?? 60));
    this.maxActivities = Math.max(1, options.maxConcurrentActivities ?? 4);
    this.maxOrchestrations = Math.max(1, options.maxConcurrentOrchestrations ?? 8);
    for (const fn of options.registry.functions.values()) {
      if (fn.trigger.type === 'orchestrationTrigger') this.orchestrators.set(fn.name.toLowerCase(), fn);
      if (fn.trigger.type === 'activityTrigger') this.activities.set(fn.name.toLowerCase(), fn);
    }
    this.extraInputValue = (_fn, bindingType) =>
      bindingType === 'durableClient' || bindingType === 'orchestrationClient'
        ? this.clientBindingValue()
        : undefined;
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  private ensureInit(): Promise<void> {
    this.initPromise ??= this.store.init().catch((error: unknown) => {
      this.initPromise = undefined;
      throw error;
    });
    return this.initPromise;
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.ensureInit();
    this.running = true;
    this.stopping = false;
    const workers = this.options.workers ?? {};
    this.loops = [];
    if (workers.orchestrations !== false) {
      this.loops.push(this.loop('orchestrations', () => this.controlTick(), this.controlSleeper));
      // Timers this engine creates wake the poller on time; the scan itself runs at most once a second.
      const scanMs = Math.max(this.pollMs, 1000);
      this.loops.push(this.loop('timers', () => this.maintenanceTick(), this.maintenanceSleeper, scanMs));
    }
    if (workers.activities !== false) this.loops.push(this.activityLoop());
    const hubEngines = runningEngines.get(this.taskHub) ?? new Set<Engine>();
    hubEngines.add(this);
    runningEngines.set(this.taskHub, hubEngines);
    this.log(
      `durable task hub '${this.taskHub}' started (${this.orchestrators.size} orchestrators, ${this.activities.size} activities)`,
    );
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    const hubEngines = runningEngines.get(this.taskHub);
    hubEngines?.delete(this);
    if (hubEngines?.size === 0) runningEngines.delete(this.taskHub);
    this.controlSleeper.cancel();
    this.activitySleeper.cancel();
    this.maintenanceSleeper.cancel();
    const graceMs = this.options.stopTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const idle = await Promise.race([
      Promise.all([...this.loops, ...this.firstEpisodes]).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => {
          resolve(false);
        }, graceMs);
      }),
    ]);
    clearTimeout(timer);
    this.loops = [];
    this.running = false;
    this.log(
      idle
        ? `durable task hub '${this.taskHub}' stopped`
        : `durable task hub '${this.taskHub}' stopped after ${graceMs} ms with work in flight (it will be re-delivered)`,
    );
  }

  /** Runs `tick` until stopped; a tick returns true when it found work (poll again at once). */
  private async loop(
    name: string,
    tick: () => Promise<boolean>,
    sleeper: Sleeper,
    idleMs = this.pollMs,
  ): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let busy = false;
      try {
        busy = await tick();
        failures = 0;
      } catch (error) {
        failures++;
        this.log(`${name} worker error: ${describe(error)}`);
      }
      if (this.isStopping()) break;
      if (busy) sleeper.busy();
      else if (failures > 0) await sleeper.sleep(Math.min(idleMs * 2 ** failures, 10_000));
      else await sleeper.idle(idleMs);
    }
  }

  /** A method, not the field, so the compiler does not assume it cannot change across an await. */
  private isStopping(): boolean {
    return this.stopping;
  }

  private wakeAt(fireAt: string): void {
    if (this.running && !this.stopping) this.maintenanceSleeper.wakeAt(Date.parse(fireAt));
  }

  // ---- management API -----------------------------------------------------------------------------

  async startNew(orchestratorName: string, options: StartNewOptions = {}): Promise<string> {
    return this.startNewJson(
      orchestratorName,
      options.instanceId,
      options.input === undefined ? undefined : JSON.stringify(options.input),
    );
  }

  async startNewJson(
    orchestratorName: string,
    instanceId: string | undefined,
    inputJson: string | undefined,
  ): Promise<string> {
    await this.ensureInit();
    const fn = this.orchestrators.get(orchestratorName.toLowerCase());
    if (!fn) {
      throw new DurableEngineError(
        'BadRequest',
        `The function '${orchestratorName}' doesn't exist, is disabled, or is not an orchestrator function.`,
      );
    }
    const id =
      instanceId === undefined || instanceId === ''
        ? randomUUID().replace(/-/g, '')
        : validateInstanceId(instanceId);
    const state = newInstanceState(id, fn.name, inputJson, undefined);
    // Created if the id is new (one conditional write); read only when it is taken.
    let etag = await this.store.createInstance(state);
    if (etag === undefined) {
      const existing = await this.store.readInstance(id);
      if (existing && !isTerminal(existing.state.runtimeStatus)) {
        throw new DurableEngineError(
          'Conflict',
          `An Orchestration instance with the status ${existing.state.runtimeStatus} already exists.`,
        );
      }
      // A finished instance is replaced by the new execution; one deleted meanwhile is created again.
      etag = existing
        ? await this.store.replaceInstance(state, existing.etag)
        : await this.store.createInstance(state);
    }
    if (etag === undefined)
      throw new DurableEngineError('Conflict', `Instance '${id}' was created concurrently.`);
    // Azure's client returns once the instance is stored and its start queued; a worker runs the first episode
    // later. Here this engine runs it at once, but the caller no longer waits for it: a quiz submission waited for
    // the episode's storage calls and the orchestrator's replay too, which Azure's client never makes it do.
    const first = this.runFirstEpisode(startMessage(state));
    this.firstEpisodes.add(first);
    void first.finally(() => this.firstEpisodes.delete(first));
    return id;
  }

  /**
   * Runs the first episode of an instance `startNew` created, here, or queues its start. A start neither run nor
   * queued (storage failing) stays Pending: the maintenance scan sends it (`stalePending`), so it is never lost.
   */
  private async runFirstEpisode(start: ControlMessage): Promise<void> {
    try {
      if (await this.startHere(start)) {
        this.starts.ranHere += 1;
        return;
      }
      await this.sendControl(start);
      this.starts.queued += 1;
    } catch (error) {
      this.log(
        `orchestration ${start.instanceId}: start not queued (${describe(error)}), left to the maintenance scan`,
      );
    }
  }

  /** Resolves once every first episode `startNew` began has run or been queued (tests). */
  async startsSettled(): Promise<void> {
    while (this.firstEpisodes.size > 0) await Promise.all(this.firstEpisodes);
  }

  /**
   * The first episode of an instance this engine has just created, run here instead of a trip through the control
   * queue (a send, a receive and a delete: three storage calls), as `applyOutcomeHere` does for an activity's
   * outcome. The start's message id is deterministic, so a start queued after all is dropped as already processed.
   * False when not run here (an engine that is not running or runs no orchestrations, a conflict, any failure):
   * the start is then queued, and if this process dies first the maintenance scan re-sends it (`stalePending`).
   */
  private async startHere(message: ControlMessage): Promise<boolean> {
    if (!this.running || this.stopping || this.options.workers?.orchestrations === false) return false;
    try {
      const outcome = await this.processInstance(message.instanceId, [{ message }]);
      return outcome === 'committed' || outcome === 'unchanged';
    } catch (error) {
      this.log(
        `orchestration ${message.instanceId}: first episode not run here (${describe(error)}), queued`,
      );
      return false;
    }
  }

  async getState(instanceId: string): Promise<InstanceState | undefined> {
    await this.ensureInit();
    return (await this.store.readInstance(instanceId))?.state;
  }

  async getStatus(instanceId: string, options: GetStatusOptions = {}): Promise<DurableStatus | undefined> {
    const state = await this.getState(instanceId);
    return state ? toStatus(state, options.showHistory === true) : undefined;
  }

  async listInstances(filter: ListInstancesFilter = {}): Promise<DurableStatus[]> {
    await this.ensureInit();
    const out: DurableStatus[] = [];
    for await (const item of this.store.listInstances()) {
      if (filter.runtimeStatus && !filter.runtimeStatus.includes(item.status as RuntimeStatus)) continue;
      const state = await this.getState(item.instanceId);
      if (!state) continue;
      const created = Date.parse(state.createdTime);
      if (filter.createdTimeFrom && created < filter.createdTimeFrom.getTime()) continue;
      if (filter.createdTimeTo && created > filter.createdTimeTo.getTime()) continue;
      out.push(toStatus(state, false));
    }
    return out;
  }

  async raiseEvent(instanceId: string, eventName: string, data?: unknown): Promise<void> {
    return this.raiseEventJson(instanceId, eventName, data === undefined ? undefined : JSON.stringify(data));
  }

  async raiseEventJson(instanceId: string, eventName: string, dataJson: string | undefined): Promise<void> {
    if (!eventName) throw new DurableEngineError('BadRequest', 'eventName must be a valid string.');
    const state = await this.requireInstance(instanceId);
    if (isTerminal(state.runtimeStatus)) {
      throw new DurableEngineError(
        'Gone',
        `Instance '${instanceId}' is ${state.runtimeStatus}; the event was discarded.`,
      );
    }
    await this.sendControl({
      type: 'EventRaised',
      id: randomUUID(),
      instanceId,
      name: eventName,
      ...(dataJson === undefined ? {} : { input: dataJson }),
    });
  }

  async terminate(instanceId: string, reason: string): Promise<void> {
    const state = await this.requireInstance(instanceId);
    if (isTerminal(state.runtimeStatus)) {
      throw new DurableEngineError('Gone', `Instance '${instanceId}' is already ${state.runtimeStatus}.`);
    }
    await this.sendControl({ type: 'ExecutionTerminated', id: randomUUID(), instanceId, reason });
  }

  async purge(instanceId: string): Promise<boolean> {
    await this.ensureInit();
    const stored = await this.store.readInstance(instanceId);
    // Like the Azure Storage provider: only finished instances are purged.
    if (!stored || !isTerminal(stored.state.runtimeStatus)) return false;
    return this.store.deleteInstance(instanceId, stored.etag);
  }

  async waitForCompletion(instanceId: string, timeoutMs: number): Promise<DurableStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.getStatus(instanceId);
      if (!status) throw new DurableEngineError('NotFound', `No instance with ID '${instanceId}' found.`);
      if (isTerminal(status.runtimeStatus)) return status;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new DurableEngineError(
          'Timeout',
          `Instance '${instanceId}' did not finish within ${timeoutMs} ms (status ${status.runtimeStatus}).`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, remaining)));
    }
  }

  handleDurableHttp(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    return handleDurableHttp(this, this.baseUrl, req, res);
  }

  clientBindingValue(): object {
    return clientBindingValue(this.baseUrl, this.taskHub);
  }

  async fireTimersNow(instanceId: string): Promise<number> {
    const state = await this.requireInstance(instanceId);
    for (const timer of state.timers) {
      // Same message id as the timer scanner's: whichever arrives second is dropped as not pending.
      await this.sendControl({
        type: 'TimerFired',
        id: `timer:${state.executionId}:${timer.id}`,
        instanceId,
        executionId: state.executionId,
        timerId: timer.id,
        fireAt: timer.fireAt,
      });
    }
    return state.timers.length;
  }

  private async requireInstance(instanceId: string): Promise<InstanceState> {
    const state = await this.getState(instanceId);
    if (!state) throw new DurableEngineError('NotFound', `No instance with ID '${instanceId}' found.`);
    return state;
  }

  // ---- messaging ----------------------------------------------------------------------------------

  private async sendControl(message: ControlMessage, delaySeconds = 0): Promise<void> {
    await this.ensureInit();
    await this.store.send('control', message, delaySeconds);
    const visibleAt = Date.now() + delaySeconds * 1000;
    for (const engine of this.hubEngines()) engine.controlSleeper.wakeAt(visibleAt);
  }

  /** This engine and the others running the same task hub in this process. */
  private hubEngines(): ReadonlySet<Engine> {
    return runningEngines.get(this.taskHub) ?? new Set([this]);
  }

  private async flushOutbox(entries: readonly OutboxEntry[]): Promise<void> {
    for (const entry of entries) {
      switch (entry.kind) {
        case 'control':
          await this.sendControl(entry.message, entry.delaySeconds);
          break;
        case 'workItem':
          await this.store.send('workItems', entry.message);
          for (const engine of this.hubEngines()) engine.activitySleeper.wake();
          break;
        case 'createInstance':
          await this.createChildInstance(entry.instanceId, entry.name, entry.input, entry.parent);
          break;
      }
    }
  }

  /** Sends a committed outbox, then clears it (a crash in between re-sends; receivers drop duplicates). */
  private async flushAndClear(state: InstanceState, etag: string): Promise<void> {
    if (state.outbox.length === 0) return;
    const clearing = (async () => {
      await this.flushOutbox(state.outbox);
      state.outbox = [];
      await this.store.replaceInstance(state, etag);
    })();
    const key = this.clearingKey(state.instanceId);
    clearingOutboxes.set(key, clearing);
    try {
      await clearing;
    } finally {
      if (clearingOutboxes.get(key) === clearing) clearingOutboxes.delete(key);
    }
  }

  private clearingKey(instanceId: string): string {
    return `${this.taskHub}|${instanceId}`;
  }

  /** Resolves once no outbox of the instance is being sent in this process (whatever became of it). */
  private async outboxSent(instanceId: string): Promise<void> {
    for (let pending = clearingOutboxes.get(this.clearingKey(instanceId)); pending;) {
      await pending.catch(() => undefined);
      const next = clearingOutboxes.get(this.clearingKey(instanceId));
      pending = next === pending ? undefined : next;
    }
  }

  private async createChildInstance(
    instanceId: string,
    name: string,
    input: string | undefined,
    parent: ParentRef,
  ): Promise<void> {
    const fn = this.orchestrators.get(name.toLowerCase());
    const existing = await this.store.readInstance(instanceId);
    if (existing) {
      const p = existing.state.parent;
      const same =
        p?.instanceId === parent.instanceId &&
        p.executionId === parent.executionId &&
        p.taskScheduledId === parent.taskScheduledId;
      if (same) {
        // Created by an earlier flush of the same outbox: just make sure it starts.
        if (existing.state.runtimeStatus === 'Pending') await this.sendControl(startMessage(existing.state));
        return;
      }
      if (!isTerminal(existing.state.runtimeStatus)) {
        await this.notifyParent(parent, {
          failure: {
            reason: `An orchestration instance with ID '${instanceId}' already exists and is ${existing.state.runtimeStatus}.`,
            details: '',
          },
        });
        return;
      }
    }
    const state = newInstanceState(instanceId, fn?.name ?? name, input, parent);
    const etag = existing
      ? await this.store.replaceInstance(state, existing.etag)
      : await this.store.createInstance(state);
    if (etag === undefined) {
      await this.notifyParent(parent, {
        failure: { reason: `Could not create sub-orchestration '${instanceId}'.`, details: '' },
      });
      return;
    }
    await this.sendControl(startMessage(state));
  }

  private async notifyParent(
    parent: ParentRef,
    outcome: { result?: string; failure?: Failure },
  ): Promise<void> {
    await this.sendControl(parentMessage(parent, outcome));
  }

  // ---- orchestration worker -----------------------------------------------------------------------

  private async controlTick(): Promise<boolean> {
    const received = await this.store.receive('control', 32, controlVisibilitySeconds);
    if (received.length === 0) return false;
    const groups = new Map<string, { message: ControlMessage; raw: ReceivedMessage }[]>();
    for (const raw of received) {
      const message = parseControlMessage(raw.body);
      if (!message) {
        this.log('dropping an unreadable control message');
        await this.store.delete('control', raw);
        continue;
      }
      const list = groups.get(message.instanceId) ?? [];
      list.push({ message, raw });
      groups.set(message.instanceId, list);
    }
    // Instances are independent (all of one instance's messages are in its group, and the next batch is
    // received only when this one is done): their episodes run side by side, as the Durable extension runs
    // several orchestrations at once, so one slow storage round trip does not hold up every other instance.
    const pending = [...groups];
    const worker = async (): Promise<void> => {
      for (let next = pending.shift(); next; next = pending.shift()) {
        const [instanceId, items] = next;
        // Never rejects, so the batch's other episodes always run to their end; a message that could not be
        // handed back returns by itself when its visibility timeout ends.
        await this.episodeOf(instanceId, items).catch((error: unknown) => {
          this.log(`orchestration ${instanceId}: could not hand its messages back: ${describe(error)}`);
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.maxOrchestrations, pending.length) }, worker));
    return true;
  }

  private async episodeOf(
    instanceId: string,
    items: { message: ControlMessage; raw: ReceivedMessage }[],
  ): Promise<void> {
    if (this.stopping) {
      // Hand the rest back right away so the next host does not wait for the visibility timeout.
      for (const item of items) await this.store.setVisibility('control', item.raw, 0);
      return;
    }
    try {
      await this.processInstance(instanceId, items);
    } catch (error) {
      this.log(`orchestration ${instanceId}: episode failed, will retry: ${describe(error)}`);
      // Back off on repeated failures instead of spinning on a message that cannot be applied now.
      for (const item of items) {
        await this.store.setVisibility(
          'control',
          item.raw,
          Math.min(30, deferSeconds * item.raw.dequeueCount),
        );
      }
    }
  }

  /**
   * One episode. `raw` is the received control message an item came from; an item without one is an
   * activity's outcome applied by the engine that ran it (`applyOutcomeHere`), which handles a conflict itself.
   */
  private async processInstance(
    instanceId: string,
    items: { message: ControlMessage; raw?: ReceivedMessage }[],
    { fresh = false }: { readonly fresh?: boolean } = {},
  ): Promise<'committed' | 'unchanged' | 'conflict' | 'unknown'> {
    const direct = items.every((item) => !item.raw);
    // The episode that sent this instance's outbox may still be clearing it: re-sending it would, say,
    // run an activity again.
    await this.outboxSent(instanceId);
    // Usually the document this engine wrote at the end of the previous episode; the write below is conditional.
    const stored = await this.store.readInstance(instanceId, { recent: !fresh });
    if (!stored) {
      if (items.some((item) => item.raw)) {
        this.log(`dropping ${items.length} message(s) for unknown instance ${instanceId}`);
      }
      for (const { raw } of items) if (raw) await this.store.delete('control', raw);
      return 'unknown';
    }
    const state = stored.state;
    let changed = false;
    if (state.outbox.length > 0) {
      // An outbox still being sent (by another engine) is not re-sent from here: the queue path does it.
      if (direct) return 'conflict';
      await this.flushOutbox(state.outbox);
      state.outbox = [];
      changed = true;
    }

    const now = new Date().toISOString();
    const ordered = [...items].sort((a, b) => rank(a.message) - rank(b.message));
    const events: HistoryEvent[] = [];
    const done: (ReceivedMessage | undefined)[] = [];
    const deferred: (ReceivedMessage | undefined)[] = [];
    let terminate: string | undefined;
    const processed = new Set(state.processedMessageIds);
    const completed = new Set(
      state.history
        .filter((e) => e.TaskScheduledId !== undefined && e.EventType !== EventType.TaskScheduled)
        .map((e) => e.TaskScheduledId),
    );
    const notStarted = state.history.length === 0;
    let starting = false;
    /** Why each dropped message was dropped, logged once the drop is final. */
    const drops: string[] = [];

    for (const { message, raw } of ordered) {
      if (processed.has(message.id)) {
        done.push(raw);
        continue;
      }
      const accept = (): void => {
        processed.add(message.id);
        state.processedMessageIds.push(message.id);
        done.push(raw);
      };
      const drop = (why: string): void => {
        drops.push(`${message.type} (${why})`);
        done.push(raw);
      };
      if (isTerminal(state.runtimeStatus)) {
        drop(`instance is ${state.runtimeStatus}`);
        continue;
      }
      switch (message.type) {
        case 'ExecutionStarted':
          if (notStarted && !starting && message.executionId === state.executionId) {
            starting = true;
            events.push(historyEvents.executionStarted(now, state.name, state.input));
            accept();
          } else drop('already started');
          break;
        case 'ExecutionTerminated':
          terminate = message.reason;
          accept();
          break;
        case 'EventRaised':
          if (notStarted && !starting) {
            deferred.push(raw);
          } else {
            events.push(historyEvents.eventRaised(now, message.name, message.input));
            accept();
          }
          break;
        case 'TimerFired': {
          const pending = state.timers.some((t) => t.id === message.timerId);
          if (message.executionId !== state.executionId || !pending) {
            drop('timer not pending');
            break;
          }
          state.timers = state.timers.filter((t) => t.id !== message.timerId);
          events.push(historyEvents.timerFired(now, message.timerId, message.fireAt));
          accept();
          break;
        }
        case 'TaskCompleted':
        case 'TaskFailed':
        case 'SubOrchestrationInstanceCompleted':
        case 'SubOrchestrationInstanceFailed': {
          const isTask = message.type === 'TaskCompleted' || message.type === 'TaskFailed';
          const scheduledType = isTask ? EventType.TaskScheduled : EventType.SubOrchestrationInstanceCreated;
          const known = state.history.some(
            (e) => e.EventType === scheduledType && e.EventId === message.taskScheduledId,
          );
          if (message.executionId !== state.executionId || !known || completed.has(message.taskScheduledId)) {
            drop('not awaited (duplicate or old execution)');
            break;
          }
          completed.add(message.taskScheduledId);
          events.push(completionEvent(now, message));
          accept();
          break;
        }
      }
    }
    // Dropped by the copy this engine remembers: another engine may have written the instance since (a drop
    // writes nothing, so no conditional write would tell). The blob decides before any message is let go.
    if (!fresh && drops.length > 0 && events.length === 0 && terminate === undefined && !changed) {
      return this.processInstance(instanceId, items, { fresh: true });
    }
    for (const drop of drops) this.log(`orchestration ${instanceId}: dropping ${drop}`);
    if (state.processedMessageIds.length > maxProcessedIds) {
      state.processedMessageIds = state.processedMessageIds.slice(-maxProcessedIds);
    }

    if (terminate !== undefined) {
      this.terminateEpisode(state, now, terminate);
      changed = true;
    } else if (events.length > 0) {
      await this.runEpisode(state, now, events);
      changed = true;
    }

    if (changed) {
      state.lastUpdatedTime = now;
      const etag = await this.store.replaceInstance(state, stored.etag);
      if (etag === undefined) {
        this.log(`orchestration ${instanceId}: changed concurrently, retrying its messages`);
        for (const { raw } of items) if (raw) await this.store.setVisibility('control', raw, deferSeconds);
        return 'conflict';
      }
      await this.flushAndClear(state, etag);
      for (const timer of state.timers) this.wakeAt(timer.fireAt);
    }
    for (const raw of done) if (raw) await this.store.delete('control', raw);
    for (const raw of deferred) if (raw) await this.store.setVisibility('control', raw, deferSeconds);
    return changed ? 'committed' : 'unchanged';
  }

  /**
   * An activity's outcome applied to its orchestration by the engine that ran it: one episode, committed
   * before the work item is deleted, instead of a trip through the control queue (a send, a receive and a
   * delete, and a poll's delay). A crash before the commit re-delivers the work item; one after it, the
   * activity's repeated outcome, which the episode drops as not awaited (activities run at least once, as
   * in Azure). False when it is not applied here (an engine that runs no orchestrations, one stopping, a
   * concurrent episode that wrote the instance first, any failure): the outcome then goes through the queue.
   */
  private async applyOutcomeHere(message: ControlMessage): Promise<boolean> {
    if (this.stopping || this.options.workers?.orchestrations === false) return false;
    try {
      const outcome = await this.processInstance(message.instanceId, [{ message }]);
      return outcome === 'committed' || outcome === 'unchanged';
    } catch (error) {
      this.log(`orchestration ${message.instanceId}: outcome not applied here (${describe(error)}), queued`);
      return false;
    }
  }

  private terminateEpisode(state: InstanceState, now: string, reason: string): void {
    markPlayed(state.history);
    state.history.push(
      historyEvents.orchestratorStarted(now),
      historyEvents.executionTerminated(now, reason),
      historyEvents.executionCompleted(now, 'Terminated', JSON.stringify(reason)),
      historyEvents.orchestratorCompleted(now),
    );
    state.runtimeStatus = 'Terminated';
    state.output = JSON.stringify(reason);
    state.timers = [];
    this.log(`orchestration ${state.instanceId} terminated`);
    if (state.parent) {
      state.outbox.push({
        kind: 'control',
        message: parentMessage(state.parent, {
          failure: { reason: `Orchestration terminated: ${reason}`, details: '' },
        }),
      });
    }
  }

  private async runEpisode(state: InstanceState, now: string, events: HistoryEvent[]): Promise<void> {
    markPlayed(state.history);
    state.history.push(historyEvents.orchestratorStarted(now), ...events);
    if (state.runtimeStatus === 'Pending' || state.runtimeStatus === 'ContinuedAsNew')
      state.runtimeStatus = 'Running';

    const fn = this.orchestrators.get(state.name.toLowerCase());
    if (!fn) {
      this.failEpisode(
        state,
        now,
        `The orchestrator function '${state.name}' is not registered in this host.`,
        '',
      );
      state.history.push(historyEvents.orchestratorCompleted(now));
      return;
    }
    const outcome = await runOrchestrator(
      fn,
      {
        instanceId: state.instanceId,
        history: state.history,
        input: state.input,
        parentInstanceId: state.parent?.instanceId,
      },
      this.extraInputValue,
      this.log,
    );
    if (outcome.customStatus !== undefined) state.customStatus = JSON.stringify(outcome.customStatus);
    if (outcome.kind === 'failed') {
      this.failEpisode(state, now, outcome.error, outcome.stack);
      state.history.push(historyEvents.orchestratorCompleted(now));
      return;
    }

    let plan;
    try {
      plan = planReplay({
        history: state.history,
        actions: flattenActionLists(outcome.actions),
        instanceId: state.instanceId,
        now,
      });
    } catch (error) {
      // Non-determinism, unsupported APIs and invalid actions (e.g. bad RetryOptions) fail the
      // orchestration, as the extension does; replaying again would fail the same way.
      this.failEpisode(state, now, error instanceof Error ? error.message : String(error), '');
      state.history.push(historyEvents.orchestratorCompleted(now));
      return;
    }
    if (plan.reachedActions < plan.totalActions) {
      this.log(
        `orchestration ${state.instanceId}: replay reached ${plan.reachedActions} of ${plan.totalActions} actions (history out of step with the orchestrator?)`,
      );
    }
    state.history.push(...plan.newEvents);
    for (const command of plan.commands) {
      switch (command.kind) {
        case 'scheduleActivity': {
          if (command.failWithoutRunning) {
            state.outbox.push({
              kind: 'control',
              message: failureMessage(state, 'TaskFailed', command.id, command.failWithoutRunning),
            });
          } else {
            const message: WorkItemMessage = {
              id: randomUUID(),
              instanceId: state.instanceId,
              executionId: state.executionId,
              taskScheduledId: command.id,
              name: command.name,
              ...(command.input === undefined ? {} : { input: command.input }),
            };
            state.outbox.push({ kind: 'workItem', message });
          }
          break;
        }
        case 'createTimer':
          state.timers.push({ id: command.id, fireAt: command.fireAt });
          break;
        case 'startSubOrchestration':
          if (command.failWithoutRunning) {
            state.outbox.push({
              kind: 'control',
              message: failureMessage(
                state,
                'SubOrchestrationInstanceFailed',
                command.id,
                command.failWithoutRunning,
              ),
            });
          } else {
            state.outbox.push({
              kind: 'createInstance',
              instanceId: command.instanceId,
              name: command.name,
              input: command.input,
              parent: {
                instanceId: state.instanceId,
                executionId: state.executionId,
                taskScheduledId: command.id,
              },
            });
          }
          break;
      }
    }
    if (plan.canceledTimerIds.length > 0) {
      const canceled = new Set(plan.canceledTimerIds);
      state.timers = state.timers.filter((t) => !canceled.has(t.id));
    }

    if (!outcome.isDone) {
      state.history.push(historyEvents.orchestratorCompleted(now));
      return;
    }
    if (plan.continueAsNew) {
      state.history.push(historyEvents.orchestratorCompleted(now));
      const executionId = randomUUID();
      this.log(`orchestration ${state.instanceId} continued as new`);
      state.executionId = executionId;
      state.history = [];
      state.input = plan.continueAsNew.input;
      state.output = undefined;
      state.runtimeStatus = 'ContinuedAsNew';
      state.timers = [];
      state.outbox = state.outbox.filter((e) => e.kind !== 'workItem' && e.kind !== 'createInstance');
      state.outbox.push({ kind: 'control', message: startMessage(state) });
      return;
    }
    const output = JSON.stringify(outcome.output ?? null);
    state.history.push(
      historyEvents.executionCompleted(now, 'Completed', output),
      historyEvents.orchestratorCompleted(now),
    );
    state.runtimeStatus = 'Completed';
    state.output = output;
    state.timers = [];
    this.log(`orchestration ${state.instanceId} completed`);
    if (state.parent)
      state.outbox.push({ kind: 'control', message: parentMessage(state.parent, { result: output }) });
  }

  private failEpisode(state: InstanceState, now: string, error: string, stack: string): void {
    const message = `Orchestrator function '${state.name}' failed: ${error}`;
    const failureDetails: FailureDetails = {
      ErrorType: 'OrchestrationFailureException',
      ErrorMessage: message,
      ...(stack ? { StackTrace: stack } : {}),
      IsNonRetriable: false,
    };
    state.history.push(historyEvents.executionCompleted(now, 'Failed', message, failureDetails));
    state.runtimeStatus = 'Failed';
    state.output = JSON.stringify(message);
    state.failureDetails = failureDetails;
    state.timers = [];
    state.outbox = state.outbox.filter((e) => e.kind !== 'workItem' && e.kind !== 'createInstance');
    this.log(`orchestration ${state.instanceId} failed: ${error}`);
    if (state.parent) {
      state.outbox.push({
        kind: 'control',
        message: parentMessage(state.parent, {
          failure: { reason: message, details: stack, failureDetails },
        }),
      });
    }
  }

  // ---- durable timers, outbox recovery ------------------------------------------------------------

  private async maintenanceTick(): Promise<boolean> {
    const now = Date.now();
    for (const [key, at] of this.timerSentAt) if (now - at > 10 * timerResendMs) this.timerSentAt.delete(key);
    for await (const item of this.store.listInstances()) {
      if (this.stopping) break;
      const dueTimer = item.nextTimer !== undefined && Date.parse(item.nextTimer) <= now;
      const staleOutbox = item.outboxAt !== undefined && now - Date.parse(item.outboxAt) > staleOutboxMs;
      const stalePending =
        item.status === 'Pending' &&
        item.lastUpdated !== undefined &&
        now - Date.parse(item.lastUpdated) > staleOutboxMs;
      if (!dueTimer && !staleOutbox && !stalePending) continue;
      const stored = await this.store.readInstance(item.instanceId);
      if (!stored) continue;
      if (staleOutbox && stored.state.outbox.length > 0) {
        this.log(`orchestration ${item.instanceId}: re-sending an unsent outbox`);
        await this.flushAndClear(stored.state, stored.etag);
      }
      if (stalePending && stored.state.runtimeStatus === 'Pending' && stored.state.history.length === 0) {
        // The host may have died between creating the instance and queueing its start.
        const key = `start|${stored.state.executionId}`;
        const sent = this.timerSentAt.get(key);
        if (sent === undefined || now - sent >= timerResendMs) {
          this.timerSentAt.set(key, now);
          await this.sendControl(startMessage(stored.state));
        }
      }
      for (const timer of stored.state.timers) {
        if (Date.parse(timer.fireAt) > now) continue;
        const key = `${item.instanceId}|${stored.state.executionId}|${timer.id}`;
        const sent = this.timerSentAt.get(key);
        if (sent !== undefined && now - sent < timerResendMs) continue;
        this.timerSentAt.set(key, now);
        await this.sendControl({
          type: 'TimerFired',
          id: `timer:${stored.state.executionId}:${timer.id}`,
          instanceId: item.instanceId,
          executionId: stored.state.executionId,
          timerId: timer.id,
          fireAt: timer.fireAt,
        });
      }
    }
    return false;
  }

  // ---- activity worker ----------------------------------------------------------------------------

  private async activityLoop(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let failures = 0;
    while (!this.stopping) {
      const capacity = this.maxActivities - inFlight.size;
      if (capacity <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      let received: ReceivedMessage[];
      try {
        received = await this.store.receive('workItems', capacity, this.activityVisibility);
        failures = 0;
      } catch (error) {
        failures++;
        this.log(`activities worker error: ${describe(error)}`);
        await this.activitySleeper.sleep(Math.min(this.pollMs * 2 ** failures, 10_000));
        continue;
      }
      if (received.length === 0) {
        await this.activitySleeper.idle(this.pollMs);
        continue;
      }
      this.activitySleeper.busy();
      for (const raw of received) {
        const run = this.runWorkItem(raw)
          .catch((error: unknown) => {
            this.log(`activity work item failed, it will be re-delivered: ${describe(error)}`);
          })
          .finally(() => inFlight.delete(run));
        inFlight.add(run);
      }
    }
    await Promise.all(inFlight);
  }

  private async runWorkItem(raw: ReceivedMessage): Promise<void> {
    const message = parseWorkItemMessage(raw.body);
    if (!message) {
      this.log('dropping an unreadable activity work item');
      await this.store.delete('workItems', raw);
      return;
    }
    const fn = this.activities.get(message.name.toLowerCase());
    const renew = setInterval(
      () => {
        void this.store.setVisibility('workItems', raw, this.activityVisibility).catch(() => undefined);
      },
      (this.activityVisibility * 1000) / 2,
    );
    try {
      await this.completeWorkItem(raw, message, fn);
    } finally {
      // Renewed until the work item is deleted: applying its outcome may take a while too.
      clearInterval(renew);
    }
  }

  private async completeWorkItem(
    raw: ReceivedMessage,
    message: WorkItemMessage,
    fn: RegisteredFunction | undefined,
  ): Promise<void> {
    let outcome: { result?: string; failure?: Failure };
    try {
      if (!fn)
        throw new Error(
          `The activity function '${message.name}' doesn't exist, is disabled, or is not an activity function.`,
        );
      outcome = { result: await runActivity(fn, message.input, this.extraInputValue, this.log) };
    } catch (error) {
      outcome = { failure: failureFromError(error) };
    }
    const base = {
      id: randomUUID(),
      instanceId: message.instanceId,
      executionId: message.executionId,
      taskScheduledId: message.taskScheduledId,
    };
    const completion: ControlMessage = outcome.failure
      ? {
          ...base,
          type: 'TaskFailed',
          reason: outcome.failure.reason,
          details: outcome.failure.details,
          ...(outcome.failure.failureDetails ? { failureDetails: outcome.failure.failureDetails } : {}),
        }
      : { ...base, type: 'TaskCompleted', result: outcome.result ?? 'null' };
    if (await this.applyOutcomeHere(completion)) this.outcomes.appliedHere += 1;
    else {
      await this.sendControl(completion);
      this.outcomes.queued += 1;
    }
    await this.store.delete('workItems', raw);
  }
}

// ---- helpers ----------------------------------------------------------------------------------------

/** Deterministic id: re-sending the start of an execution can never start it twice. */
function startMessage(state: InstanceState): ControlMessage {
  return {
    type: 'ExecutionStarted',
    id: `start:${state.executionId}`,
    instanceId: state.instanceId,
    executionId: state.executionId,
  };
}

function validateInstanceId(instanceId: string): string {
  if (instanceId.startsWith('@'))
    throw new DurableEngineError('BadRequest', 'Orchestration instance ids must not start with @.');
  // eslint-disable-next-line no-control-regex
  if (/[/\\?#\u0000-\u001f\u007f]/.test(instanceId)) {
    throw new DurableEngineError(
      'BadRequest',
      'Orchestration instance ids must not contain /, \\, #, ?, or control characters.',
    );
  }
  if (instanceId.length > 256)
    throw new DurableEngineError('BadRequest', 'Instance ID lengths must not exceed 256 characters.');
  return instanceId;
}

function markPlayed(history: HistoryEvent[]): void {
  for (const event of history) event.IsPlayed = true;
}

function rank(message: ControlMessage): number {
  return message.type === 'ExecutionStarted' ? 0 : 1;
}

function completionEvent(now: string, message: ControlMessage): HistoryEvent {
  switch (message.type) {
    case 'TaskCompleted':
      return historyEvents.taskCompleted(now, message.taskScheduledId, message.result);
    case 'SubOrchestrationInstanceCompleted':
      return historyEvents.subOrchestrationCompleted(now, message.taskScheduledId, message.result);
    case 'TaskFailed':
    case 'SubOrchestrationInstanceFailed': {
      const failure: Failure = {
        reason: message.reason,
        details: message.details,
        ...(message.failureDetails ? { failureDetails: message.failureDetails } : {}),
      };
      return message.type === 'TaskFailed'
        ? historyEvents.taskFailed(now, message.taskScheduledId, failure)
        : historyEvents.subOrchestrationFailed(now, message.taskScheduledId, failure);
    }
    default:
      throw new Error(`${message.type} is not a completion`);
  }
}

function failureMessage(
  state: InstanceState,
  type: 'TaskFailed' | 'SubOrchestrationInstanceFailed',
  taskScheduledId: number,
  failure: Failure,
): ControlMessage {
  return {
    type,
    id: randomUUID(),
    instanceId: state.instanceId,
    executionId: state.executionId,
    taskScheduledId,
    reason: failure.reason,
    details: failure.details,
    ...(failure.failureDetails ? { failureDetails: failure.failureDetails } : {}),
  };
}

function parentMessage(parent: ParentRef, outcome: { result?: string; failure?: Failure }): ControlMessage {
  const base = {
    id: randomUUID(),
    instanceId: parent.instanceId,
    executionId: parent.executionId,
    taskScheduledId: parent.taskScheduledId,
  };
  if (outcome.failure) {
    return {
      ...base,
      type: 'SubOrchestrationInstanceFailed',
      reason: outcome.failure.reason,
      details: outcome.failure.details,
      ...(outcome.failure.failureDetails ? { failureDetails: outcome.failure.failureDetails } : {}),
    };
  }
  return { ...base, type: 'SubOrchestrationInstanceCompleted', result: outcome.result ?? 'null' };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
