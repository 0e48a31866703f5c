// Service Bus pushes a message to its consumer at once; the local host's queue trigger polls Azurite and backs
// off while idle. So the local bus (storage-queue-bus.ts) tells the trigger, in the same process, that a
// message was sent and when it becomes visible. A process-wide registry (a global symbol), because the api
// bundle and the host's own sources each carry a copy of this module.
type Listener = (queue: string, visibleInMs: number) => void;

const registryKey = Symbol.for('soins.localQueueSent');

function listeners(): Set<Listener> {
  const holder = globalThis as typeof globalThis & { [registryKey]?: Set<Listener> };
  holder[registryKey] ??= new Set<Listener>();
  return holder[registryKey];
}

/** Called by the local bus after a send. */
export function announceLocalQueueMessage(queue: string, visibleInMs: number): void {
  for (const listener of listeners()) listener(queue, visibleInMs);
}

/** Called by the local host's queue trigger; returns the unsubscribe function. */
export function onLocalQueueMessage(listener: Listener): () => void {
  listeners().add(listener);
  return () => {
    listeners().delete(listener);
  };
}
