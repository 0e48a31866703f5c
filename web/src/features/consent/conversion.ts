import { useEffect } from 'react';
import { clarityEvent } from './clarity';
import { CONVERSION_EVENT, CONVERSION_STORAGE_KEY, recordConversion } from './consent';

function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * Sends Clarity's `subscription_confirmed` event once per checkout session when `confirmed` turns true (and only
 * if Clarity runs, i.e. the learner consented). The session id is remembered in sessionStorage, so a reload does
 * not count twice.
 */
export function useConversionEvent(sessionId: string | undefined, confirmed: boolean): void {
  useEffect(() => {
    if (!confirmed || !sessionId) return;
    const storage = sessionStorageOrUndefined();
    const { send, next } = recordConversion(storage?.getItem(CONVERSION_STORAGE_KEY), sessionId);
    if (!send) return;
    if (clarityEvent(CONVERSION_EVENT)) storage?.setItem(CONVERSION_STORAGE_KEY, next);
  }, [sessionId, confirmed]);
}
