// Right to erasure from the profile: ask (after signing in again: the api wants a fresh `auth_time`),
// see the date it will run, cancel during the 14 days. (The admins' list: PendingErasuresSection.tsx.)
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { Badge, Button } from '../../ui';
import { formatDate } from '../identity/format';
import { ERASURE_STATUS } from './erasure-status';
import { cancelErasure, myErasureQueryKey, myErasureQueryOptions, requestErasure } from './queries';

/** Set before the sign-in redirect: back on the profile, the confirmation is shown again. */
const CONFIRM_FLAG = 'soins.erasure.confirm';

function readFlag(): boolean {
  try {
    return window.sessionStorage.getItem(CONFIRM_FLAG) === '1';
  } catch {
    return false;
  }
}

function writeFlag(on: boolean): void {
  try {
    if (on) window.sessionStorage.setItem(CONFIRM_FLAG, '1');
    else window.sessionStorage.removeItem(CONFIRM_FLAG);
  } catch {
    // Storage refused: the person clicks "request" again after signing in.
  }
}

export function ErasureSection(): ReactNode {
  const { api, auth } = useAppContext();
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const { request } = useSuspenseQuery(myErasureQueryOptions(api)).data;
  // "fresh": the person just signed in again for this (the flag survived the redirect).
  const [stage, setStage] = useState<'idle' | 'confirm' | 'fresh'>(() => (readFlag() ? 'fresh' : 'idle'));
  const refresh = () => queryClient.invalidateQueries({ queryKey: myErasureQueryKey });
  const ask = useMutation({
    mutationFn: () => requestErasure(api),
    onSuccess: () => {
      writeFlag(false);
      setStage('idle');
    },
    onSettled: refresh,
  });
  const cancel = useMutation({ mutationFn: () => cancelErasure(api), onSettled: refresh });
  const reauthenticate = (): void => {
    writeFlag(true);
    void auth.signIn({ returnTo: '/profile', reauthenticate: true });
  };
  const pending = request?.status === 'pending' || request?.status === 'running';
  const reauthNeeded = isApiError(ask.error, 'reauthentication_required');

  return (
    <section className="card" aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t('erasure.title')}</h2>
      <div role="status" aria-live="polite">
        {pending ? (
          <>
            <p>
              <Badge tone="danger">{t(ERASURE_STATUS[request.status])}</Badge>{' '}
              {t('erasure.pending', { date: formatDate(request.scheduledFor, lang) })}
            </p>
            <p className="privacy__muted">{t('erasure.pendingHint')}</p>
          </>
        ) : request?.status === 'cancelled' ? (
          <p>{t('erasure.cancelled')}</p>
        ) : null}
      </div>
      {pending ? (
        request.status === 'pending' ? (
          <Button
            busy={cancel.isPending}
            onClick={() => {
              cancel.mutate();
            }}
          >
            {t('erasure.cancel')}
          </Button>
        ) : null
      ) : (
        <>
          <p>{t('erasure.intro')}</p>
          {stage === 'idle' ? (
            <Button
              variant="danger"
              onClick={() => {
                setStage('confirm');
              }}
            >
              {t('erasure.request')}
            </Button>
          ) : (
            <div className="privacy__confirm" role="group" aria-labelledby="erasure-confirm-title">
              <h3 id="erasure-confirm-title">{t('erasure.confirmTitle')}</h3>
              {stage === 'confirm' || reauthNeeded ? (
                <>
                  <p>{reauthNeeded ? t('erasure.reauthNeeded') : t('erasure.confirmText')}</p>
                  <Button variant="danger" onClick={reauthenticate}>
                    {t('erasure.reauthenticate')}
                  </Button>
                </>
              ) : (
                <Button
                  variant="danger"
                  busy={ask.isPending}
                  onClick={() => {
                    ask.mutate();
                  }}
                >
                  {t('erasure.confirm')}
                </Button>
              )}{' '}
              <Button
                variant="secondary"
                onClick={() => {
                  writeFlag(false);
                  ask.reset();
                  setStage('idle');
                }}
              >
                {t('erasure.keep')}
              </Button>
            </div>
          )}
        </>
      )}
      {(ask.isError && !reauthNeeded) || cancel.isError ? (
        <p className="field__error" role="alert">
          {problemMessage(t, ask.error ?? cancel.error)}
        </p>
      ) : null}
    </section>
  );
}
