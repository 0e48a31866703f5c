// The learner's analytics choice in localStorage (versioned key), shared by the banner, the settings and the
// Clarity tracker through useSyncExternalStore. Storage failures (private mode, quota) leave the choice in memory.
import { useCallback, useSyncExternalStore } from 'react';
import { CONSENT_STORAGE_KEY, parseStoredConsent, serializeConsent, type ConsentChoice } from './consent';

const listeners = new Set<() => void>();
let memory: string | null = null;

function read(): string | null {
  try {
    return window.localStorage.getItem(CONSENT_STORAGE_KEY) ?? memory;
  } catch {
    return memory;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent): void => {
    if (event.key === CONSENT_STORAGE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function storeConsent(choice: ConsentChoice): void {
  memory = serializeConsent(choice, new Date());
  try {
    window.localStorage.setItem(CONSENT_STORAGE_KEY, memory);
  } catch {
    // kept in memory for this tab
  }
  for (const listener of listeners) listener();
}

/** The current choice (undefined until the learner chooses) and a setter. */
export function useAnalyticsConsent(): {
  readonly choice: ConsentChoice | undefined;
  readonly choose: (choice: ConsentChoice) => void;
} {
  const raw = useSyncExternalStore(subscribe, read, () => null);
  const choose = useCallback((choice: ConsentChoice) => {
    storeConsent(choice);
  }, []);
  return { choice: parseStoredConsent(raw)?.choice, choose };
}
