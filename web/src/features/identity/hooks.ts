import type { Profile } from '@soins/shared';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState, useSyncExternalStore } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n, type OfferedLang } from '../../i18n';
import { useToast } from '../../ui/Toast';
import type { AuthStatus } from './auth';
import { meQueryOptions, useUpdateMyLanguage } from './queries';

/** Re-renders when MSAL finishes loading; returns its status. */
export function useAuthStatus(): AuthStatus {
  const { auth } = useAppContext();
  return useSyncExternalStore(auth.subscribe, auth.status, auth.status);
}

/** The signed-in user's profile, or undefined when signed out or still loading. */
export function useProfile(): Profile | undefined {
  const { auth, api } = useAppContext();
  useAuthStatus();
  const signedIn = auth.isSignedIn();
  return useQuery({ ...meQueryOptions(api), enabled: signedIn }).data;
}

/**
 * Switches the UI language and, when signed in, stores it in the profile (used by emails and certificates too).
 * Returns the setter and whether a save is in flight.
 */
export function useLanguagePreference(): {
  readonly setLanguage: (lang: OfferedLang, options?: { readonly confirm?: string }) => void;
  readonly saving: boolean;
} {
  const { auth, api } = useAppContext();
  const { setLang, t } = useI18n();
  const toast = useToast();
  const mutation = useUpdateMyLanguage(api);
  const { mutate } = mutation;
  const setLanguage = useCallback(
    (lang: OfferedLang, options?: { readonly confirm?: string }) => {
      void setLang(lang).then((shown) => {
        if (!shown || !auth.isSignedIn()) return;
        mutate(lang, {
          onSuccess: () => {
            if (options?.confirm) toast.show(options.confirm);
          },
          onError: (error) => {
            toast.show(problemMessage(t, error), 'error');
          },
        });
      });
    },
    [auth, mutate, setLang, t, toast],
  );
  return { setLanguage, saving: mutation.isPending };
}

/**
 * Runs an auth redirect (sign-in, sign-out) from a button: if it cannot start (provider unreachable), `failed`
 * turns true so the page can explain, and the button may be pressed again.
 */
export function useAuthRedirect(): {
  readonly failed: boolean;
  readonly run: (redirect: () => Promise<void>) => void;
} {
  const [failed, setFailed] = useState(false);
  const run = useCallback((redirect: () => Promise<void>) => {
    setFailed(false);
    redirect().catch(() => {
      setFailed(true);
    });
  }, []);
  return { failed, run };
}
