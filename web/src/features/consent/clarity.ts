// Microsoft Clarity in the page: the documented tag snippet (a queue stub, then https://www.clarity.ms/tag/<id>),
// consent through `clarity('consent')`, custom events through `clarity('event', name)` and `clarity('stop')` when
// the learner leaves the learner space or withdraws consent. Nothing here runs before clarityAction says `run`.
import { clarityTagUrl } from './consent';

type ClarityFn = ((...args: unknown[]) => void) & { q?: unknown[][] };

declare global {
  interface Window {
    clarity?: ClarityFn;
  }
}

let loadedId: string | undefined;
let stopped = false;

export function isClarityLoaded(): boolean {
  return loadedId !== undefined;
}

function clarity(...args: unknown[]): void {
  window.clarity?.(...args);
}

/** Injects the tag once (the queue stub records calls until the script replaces it), then grants consent. */
export function runClarity(projectId: string): void {
  if (loadedId === undefined) {
    loadedId = projectId;
    const stub: ClarityFn =
      window.clarity ??
      Object.assign(
        (...args: unknown[]) => {
          (stub.q ??= []).push(args);
        },
        { q: [] as unknown[][] },
      );
    window.clarity = stub;
    const script = document.createElement('script');
    script.async = true;
    script.src = clarityTagUrl(projectId);
    script.dataset.soinsClarity = 'true';
    document.head.appendChild(script);
    clarity('consent');
    return;
  }
  if (stopped) {
    stopped = false;
    clarity('start');
    clarity('consent');
  }
}

/** Stops recording (leaving the learner space, or consent withdrawn); the script stays but sends nothing. */
export function stopClarity(options: { readonly withdrawConsent?: boolean } = {}): void {
  if (loadedId === undefined) return;
  if (options.withdrawConsent) clarity('consent', false);
  if (!stopped) clarity('stop');
  stopped = true;
}

/** A Clarity custom event, only when Clarity is running. */
export function clarityEvent(name: string): boolean {
  if (loadedId === undefined || stopped) return false;
  clarity('event', name);
  return true;
}

/**
 * Staff spaces must never be recorded, and Clarity's `stop` is not documented as final: when the tag was
 * loaded on a learner page, entering /admin or /trainer reloads the page so the script is gone for good.
 * Resolves never when it reloads (the navigation is replaced by the page load).
 */
export function leaveClarityBehind(
  href: string,
  reload: (href: string) => void = (to) => {
    window.location.assign(to);
  },
): Promise<void> {
  if (!isClarityLoaded()) return Promise.resolve();
  stopClarity();
  reload(href);
  return new Promise<void>(() => undefined);
}
