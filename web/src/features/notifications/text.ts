// What a notification says and where it leads, in the reader's current language (titles stored in both
// languages when the training has both: a language switch shows the other one).
import type { AppNotification, NotificationTitle } from '@soins/shared';
import type { OfferedLang, Translate } from '../../i18n';
import { formatDate, formatDateTime } from '../identity/format';

/** The title in the reader's language, else the other one. */
export function titleIn(title: NotificationTitle, lang: OfferedLang): { text: string; lang: OfferedLang } {
  const other: OfferedLang = lang === 'nl' ? 'fr' : 'nl';
  const found = title[lang];
  return found ? { text: found, lang } : { text: title[other] ?? '', lang: other };
}

export function notificationText(t: Translate, lang: OfferedLang, notification: AppNotification): string {
  const subject = notification.subject;
  switch (subject.kind) {
    case 'certificate-ready':
      return t('notifications.certificateReady', { title: titleIn(subject.trainingTitle, lang).text });
    case 'diploma-reviewed':
      if (subject.outcome === 'approved') return t('notifications.diplomaApproved');
      return subject.reason
        ? t('notifications.diplomaRejected', { reason: subject.reason })
        : t('notifications.diplomaRejectedNoReason');
    case 'attestation-ready':
      return t('notifications.attestationReady', {
        title: titleIn(subject.trainingTitle, lang).text,
        date: formatDate(subject.sessionStartsAt, lang),
      });
    case 'session-reminder':
      return t('notifications.sessionReminder', {
        title: titleIn(subject.trainingTitle, lang).text,
        date: formatDateTime(subject.startsAt, lang),
        place: subject.place,
      });
    case 'session-cancelled':
      return subject.reason
        ? t('notifications.sessionCancelled', {
            title: titleIn(subject.trainingTitle, lang).text,
            date: formatDateTime(subject.startsAt, lang),
            reason: subject.reason,
          })
        : t('notifications.sessionCancelledNoReason', {
            title: titleIn(subject.trainingTitle, lang).text,
            date: formatDateTime(subject.startsAt, lang),
          });
  }
}

/** The page a notification leads to, and the words of its link. */
export function notificationTarget(notification: AppNotification): {
  to: '/certificates' | '/profile' | '/sessions';
  label: 'notifications.open.certificates' | 'notifications.open.profile' | 'notifications.open.sessions';
} {
  switch (notification.subject.kind) {
    case 'certificate-ready':
    case 'attestation-ready':
      return { to: '/certificates', label: 'notifications.open.certificates' };
    case 'diploma-reviewed':
      return { to: '/profile', label: 'notifications.open.profile' };
    case 'session-reminder':
    case 'session-cancelled':
      return { to: '/sessions', label: 'notifications.open.sessions' };
  }
}
