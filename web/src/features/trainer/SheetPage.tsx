import type { AttendanceStatusValue, SheetParticipant, SignOffResult } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { Badge, Button, ConfirmDialog, EmptyState, useDocumentTitle, useToast } from '../../ui';
import { formatDateTime, localeOf } from '../identity/format';
import { sheetQueryKey, sheetQueryOptions, trainerSessionsQueryOptions } from './queries';
import { dateTimeFormat } from '../../i18n/dates';
import { numberFormat } from '../../i18n/intl';

/**
 * Whether the session has started by this browser's clock, turning true on its own at the start (the api
 * decides: a browser clock ahead only shows buttons the api still refuses with `session_not_started`).
 */
function useStarted(startsAt: string): boolean {
  const start = Date.parse(startsAt);
  const [started, setStarted] = useState(() => Date.now() >= start);
  useEffect(() => {
    if (Date.now() >= start) {
      setStarted(true);
      return undefined;
    }
    setStarted(false);
    // Timers hold at most ~24.8 days; a later start re-arms on the next render of the page.
    const timer = window.setTimeout(
      () => {
        setStarted(Date.now() >= start);
      },
      Math.min(start - Date.now() + 250, 2_147_000_000),
    );
    return () => {
      window.clearTimeout(timer);
    };
  }, [start]);
  return started;
}

/** Date and time of the start in Brussels (where sessions take place), e.g. "lundi 7 décembre 2026", "14:30". */
function brusselsStart(iso: string, lang: Parameters<typeof localeOf>[0]): { date: string; time: string } {
  const at = new Date(iso);
  const locale = localeOf(lang);
  return {
    date: dateTimeFormat(locale, { dateStyle: 'full', timeZone: 'Europe/Brussels' }).format(at),
    time: dateTimeFormat(locale, { timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(at),
  };
}

interface Mark {
  readonly status?: AttendanceStatusValue;
  readonly hours?: string;
}

/**
 * The attendance sheet, used on a tablet or phone in the room: one card per participant with
 * present / absent / partial (and the hours followed), then the sign-off that locks the sheet and
 * issues the attestations. The api enforces every rule (assignment, signed sheet, hours ≤ length).
 */
export function SheetPage({ sessionId }: { sessionId: string }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const sheet = useSuspenseQuery(sheetQueryOptions(api, sessionId)).data;
  const [marks, setMarks] = useState<Readonly<Record<string, Mark>>>({});
  const [revealed, setRevealed] = useState<Readonly<Record<string, string>>>({});
  const [confirming, setConfirming] = useState(false);
  useDocumentTitle(t('trainer.sheet.documentTitle'));
  const title = lang === 'nl' ? sheet.session.trainingTitle.nl : sheet.session.trainingTitle.fr;
  const cancelled = sheet.session.status === 'cancelled';
  const started = useStarted(sheet.session.startsAt);
  // Before the start the sheet is read-only: attendance and sign-off open at the start (the api refuses both).
  const notYet = !started && !cancelled && sheet.signedOff === undefined;
  const locked = sheet.signedOff !== undefined || cancelled || notYet;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: sheetQueryKey(sessionId) });
    void queryClient.invalidateQueries({ queryKey: trainerSessionsQueryOptions(api).queryKey });
  };
  const markOf = (p: SheetParticipant): Mark =>
    marks[p.userId] ?? {
      ...(p.attendance ? { status: p.attendance } : {}),
      ...(p.hours !== undefined ? { hours: String(p.hours) } : {}),
    };

  const save = useMutation({
    mutationFn: () =>
      api.request(`/trainer/sessions/${encodeURIComponent(sessionId)}/attendance`, {
        method: 'PUT',
        body: {
          marks: Object.entries(marks)
            .filter((entry): entry is [string, Mark & { status: AttendanceStatusValue }] => !!entry[1].status)
            .map(([userId, mark]) => ({
              userId,
              status: mark.status,
              ...(mark.status === 'partial' ? { hours: Number((mark.hours ?? '').replace(',', '.')) } : {}),
            })),
        },
      }),
    onSuccess: () => {
      setMarks({});
      toast.show(t('trainer.sheet.saved'));
      refresh();
    },
    onError: (error) => {
      toast.show(problemMessage(t, error), 'error');
    },
  });

  const signOff = useMutation({
    mutationFn: () =>
      api.request<SignOffResult>(`/trainer/sessions/${encodeURIComponent(sessionId)}/sign-off`, {
        method: 'POST',
      }),
    onSuccess: () => {
      setConfirming(false);
      refresh();
    },
  });

  const reveal = useMutation({
    mutationFn: (userId: string) =>
      api.request<{ number: string }>(
        `/trainer/sessions/${encodeURIComponent(sessionId)}/participants/${encodeURIComponent(userId)}/inami`,
        { method: 'POST' },
      ),
    onSuccess: ({ number }, userId) => {
      setRevealed((current) => ({ ...current, [userId]: number }));
    },
    onError: (error) => {
      toast.show(problemMessage(t, error), 'error');
    },
  });

  return (
    <>
      <p>
        <Link to="/trainer">{t('trainer.sheet.back')}</Link>
      </p>
      <header className="page-header">
        <h1>
          {t('trainer.sheet.title')} — {title}
        </h1>
      </header>
      <dl className="facts">
        <div>
          <dt>{t('trainer.sessions.date')}</dt>
          <dd>{formatDateTime(sheet.session.startsAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('trainer.sheet.place')}</dt>
          <dd>{sheet.session.place}</dd>
        </div>
        <div>
          <dt>{t('trainer.sheet.hours')}</dt>
          <dd>{numberFormat(lang).format(sheet.session.accreditedHours)}</dd>
        </div>
      </dl>
      {sheet.session.cancellation ? (
        <p role="status">{t('trainer.sheet.cancelled', { reason: sheet.session.cancellation.reason })}</p>
      ) : null}
      {notYet ? (
        <p role="status">{t('trainer.sheet.notStarted', brusselsStart(sheet.session.startsAt, lang))}</p>
      ) : null}
      {sheet.waiting > 0 ? <p>{t('trainer.sheet.waiting', { count: sheet.waiting })}</p> : null}
      {sheet.signedOff ? (
        <p role="status">
          {t('trainer.sheet.signedOff', {
            date: formatDateTime(sheet.signedOff.at, lang),
            count: sheet.attestations,
          })}
        </p>
      ) : null}
      <section aria-labelledby="participants-title">
        <h2 id="participants-title">{t('trainer.sheet.participants')}</h2>
        {sheet.participants.length === 0 ? (
          <EmptyState level={3} title={t('trainer.sheet.empty')}>
            <p />
          </EmptyState>
        ) : (
          <ul className="sheet" style={{ listStyle: 'none', padding: 0, display: 'grid', gap: '0.75rem' }}>
            {sheet.participants.map((p) => {
              const mark = markOf(p);
              const group = `attendance-${p.userId}`;
              return (
                <li key={p.userId} className="card" style={{ padding: '0.75rem', maxWidth: '100%' }}>
                  <fieldset disabled={locked || p.attested} style={{ border: 0, padding: 0, margin: 0 }}>
                    <legend>
                      <strong>{p.name}</strong>
                      {p.attested ? <Badge tone="brand">{t('trainer.sheet.attested')}</Badge> : null}
                    </legend>
                    {p.profession ? (
                      <p>
                        {t('trainer.sheet.profession')}: {p.profession}
                      </p>
                    ) : null}
                    {p.inamiMasked ? (
                      <p>
                        {t('trainer.sheet.inami')}: {revealed[p.userId] ?? p.inamiMasked}{' '}
                        {revealed[p.userId] ? null : (
                          <Button
                            size="sm"
                            variant="secondary"
                            onClick={() => {
                              reveal.mutate(p.userId);
                            }}
                          >
                            {t('trainer.sheet.reveal')}
                          </Button>
                        )}
                      </p>
                    ) : null}
                    {notYet ? null : (
                      <div role="radiogroup" aria-label={t('trainer.sheet.attendance', { name: p.name })}>
                        {(['present', 'absent', 'partial'] as const).map((status) => (
                          <label
                            key={status}
                            style={{ marginInlineEnd: '1rem', display: 'inline-block', minHeight: 44 }}
                          >
                            <input
                              type="radio"
                              name={group}
                              value={status}
                              checked={mark.status === status}
                              onChange={() => {
                                setMarks((current) => ({ ...current, [p.userId]: { ...mark, status } }));
                              }}
                            />{' '}
                            {t(`trainer.sheet.${status}`)}
                          </label>
                        ))}
                      </div>
                    )}
                    {!notYet && mark.status === 'partial' ? (
                      <label style={{ display: 'block' }}>
                        {t('trainer.sheet.partialHours', {
                          max: numberFormat(lang).format(sheet.lengthHours),
                        })}{' '}
                        <input
                          type="text"
                          inputMode="decimal"
                          size={5}
                          value={mark.hours ?? ''}
                          onChange={(event) => {
                            setMarks((current) => ({
                              ...current,
                              [p.userId]: { ...mark, hours: event.target.value },
                            }));
                          }}
                        />
                      </label>
                    ) : null}
                  </fieldset>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {locked ? null : (
        <p style={{ display: 'flex', flexWrap: 'wrap', gap: '0.75rem' }}>
          <Button
            variant="secondary"
            onClick={() => {
              save.mutate();
            }}
            disabled={Object.keys(marks).length === 0 || save.isPending}
          >
            {t('trainer.sheet.save')}
          </Button>
          <Button
            variant="primary"
            onClick={() => {
              setConfirming(true);
            }}
            disabled={Object.keys(marks).length > 0}
          >
            {t('trainer.sheet.signOff')}
          </Button>
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('trainer.sheet.signOff')}
        confirmLabel={t('trainer.sheet.signOff')}
        cancelLabel={t('common.cancel')}
        busy={signOff.isPending}
        error={signOff.error ? problemMessage(t, signOff.error) : undefined}
        onConfirm={() => {
          signOff.mutate();
        }}
        onCancel={() => {
          setConfirming(false);
        }}
      >
        <p>{t('trainer.sheet.signOffConfirm')}</p>
      </ConfirmDialog>
    </>
  );
}
