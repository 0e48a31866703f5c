import { createContext, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import './Toast.css';

export type ToastTone = 'success' | 'error';

interface ToastItem {
  readonly id: number;
  readonly message: string;
  readonly tone: ToastTone;
}

export interface Toasts {
  show(message: string, tone?: ToastTone): void;
}

const ToastContext = createContext<Toasts | null>(null);

/** How long a toast stays; hovering or focusing the list pauses it, and each one can be closed by hand. */
export const TOAST_DURATION_MS = 8000;

export interface ToastProviderProps {
  readonly closeLabel: string;
  readonly regionLabel: string;
  readonly children: ReactNode;
}

/**
 * Toasts live in two live regions that exist from the first render (so screen readers announce what is added):
 * successes politely, errors assertively.
 */
export function ToastProvider({ closeLabel, regionLabel, children }: ToastProviderProps): ReactNode {
  const [items, setItems] = useState<readonly ToastItem[]>([]);
  const [paused, setPaused] = useState(false);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setItems((current) => current.filter((item) => item.id !== id));
  }, []);

  const show = useCallback((message: string, tone: ToastTone = 'success') => {
    const id = nextId.current++;
    setItems((current) => [...current.slice(-3), { id, message, tone }]);
  }, []);

  useEffect(() => {
    if (paused || items.length === 0) return undefined;
    const oldest = items[0];
    if (!oldest) return undefined;
    const timer = window.setTimeout(() => {
      dismiss(oldest.id);
    }, TOAST_DURATION_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [items, paused, dismiss]);

  const value = useMemo<Toasts>(() => ({ show }), [show]);
  const list = (tone: ToastTone): ReactNode =>
    items
      .filter((item) => item.tone === tone)
      .map((item) => (
        <div key={item.id} className={`toast toast--${item.tone}`}>
          <p className="toast__message">{item.message}</p>
          <button
            type="button"
            className="toast__close"
            aria-label={closeLabel}
            onClick={() => {
              dismiss(item.id);
            }}
          >
            ×
          </button>
        </div>
      ));

  return (
    <ToastContext value={value}>
      {children}
      <section
        className="toasts"
        aria-label={regionLabel}
        onMouseEnter={() => {
          setPaused(true);
        }}
        onMouseLeave={() => {
          setPaused(false);
        }}
        onFocus={() => {
          setPaused(true);
        }}
        onBlur={() => {
          setPaused(false);
        }}
      >
        <div role="status" aria-live="polite" className="toasts__list">
          {list('success')}
        </div>
        <div role="alert" aria-live="assertive" className="toasts__list">
          {list('error')}
        </div>
      </section>
    </ToastContext>
  );
}

export function useToast(): Toasts {
  const value = use(ToastContext);
  if (!value) throw new Error('useToast() must be used inside <ToastProvider>');
  return value;
}
