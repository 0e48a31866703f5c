// The audit log in the SPA: the api calls (search pages, CSV export) and how an entry reads. Its search params are
// audit-search.ts (the route's search validation runs in the first chunk, which needs none of this).
import type { AuditEntryView, AuditPage, KnownAuditAction, knownAuditTargetTypes } from '@soins/shared';
import { infiniteQueryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';
import type { MessageKey, Translate } from '../../i18n';
import type { AuditSearch } from './audit-search';

/** The actions this code base records, with their labels (others, e.g. the course builder's, show as they are). */
export const AUDIT_ACTION_KEYS: Readonly<Record<KnownAuditAction, MessageKey>> = {
  'user.role.grant': 'audit.action.user.role.grant',
  'user.role.revoke': 'audit.action.user.role.revoke',
  'user.status.change': 'audit.action.user.status.change',
  'inami.reveal': 'audit.action.inami.reveal',
  'diploma.view': 'audit.action.diploma.view',
  'diploma.approve': 'audit.action.diploma.approve',
  'diploma.reject': 'audit.action.diploma.reject',
  'legal.publish': 'audit.action.legal.publish',
  'certificate.revoke': 'audit.action.certificate.revoke',
  'certificate.redrive': 'audit.action.certificate.redrive',
  'quiz.attempts.reset': 'audit.action.quiz.attempts.reset',
  'enrolment.create': 'audit.action.enrolment.create',
  'dead-letter.redrive': 'audit.action.dead-letter.redrive',
  'dead-letter.purge': 'audit.action.dead-letter.purge',
  'news.create': 'audit.action.news.create',
  'news.update': 'audit.action.news.update',
  'news.publish': 'audit.action.news.publish',
  'news.unpublish': 'audit.action.news.unpublish',
  'news.delete': 'audit.action.news.delete',
};

export const AUDIT_TARGET_KEYS: Readonly<Record<(typeof knownAuditTargetTypes)[number], MessageKey>> = {
  user: 'audit.targetType.user',
  diploma: 'audit.targetType.diploma',
  'legal-document': 'audit.targetType.legal-document',
  certificate: 'audit.targetType.certificate',
  training: 'audit.targetType.training',
  'dead-letter': 'audit.targetType.dead-letter',
  news: 'audit.targetType.news',
};

export function actionLabel(t: Translate, action: string): string {
  return Object.hasOwn(AUDIT_ACTION_KEYS, action) ? t(AUDIT_ACTION_KEYS[action as KnownAuditAction]) : action;
}

export function targetTypeLabel(t: Translate, type: string): string {
  return Object.hasOwn(AUDIT_TARGET_KEYS, type)
    ? t(AUDIT_TARGET_KEYS[type as keyof typeof AUDIT_TARGET_KEYS])
    : type;
}

/** A person as an entry names them: name when the account exists, else the id. */
export const personLabel = (person: AuditEntryView['actor']): string => person.name ?? person.id;

/** `before → after`, compact (values as JSON), or the one that exists. */
export function changeLabel(entry: Pick<AuditEntryView, 'before' | 'after'>): string {
  const show = (value: unknown): string => JSON.stringify(value);
  if (entry.before !== undefined && entry.after !== undefined) {
    return `${show(entry.before)} → ${show(entry.after)}`;
  }
  if (entry.after !== undefined) return `→ ${show(entry.after)}`;
  if (entry.before !== undefined) return `${show(entry.before)} →`;
  return '';
}

export const auditQueryKey = ['admin', 'audit'] as const;

export function auditQueryOptions(api: ApiClient, search: AuditSearch) {
  return infiniteQueryOptions({
    queryKey: [...auditQueryKey, search] as const,
    queryFn: ({ pageParam, signal }) =>
      api.request<AuditPage>('/manage/audit', { query: { ...search, continuationToken: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
  });
}

const byteOrderMark = '\uFEFF';

/**
 * The CSV of every entry matching the filters, as the api writes it (`;`, UTF-8 with a byte-order mark, which
 * decoding the response drops: put back, so spreadsheets read the accents right).
 */
export async function exportAudit(api: ApiClient, search: AuditSearch): Promise<string> {
  const csv = await api.request<string>('/manage/audit/export', {
    query: { ...search },
    responseType: 'text',
  });
  return csv.startsWith(byteOrderMark) ? csv : `${byteOrderMark}${csv}`;
}

/** The file name the browser saves the export under. */
export const exportFileName = (now: Date): string => `soins-audit-${now.toISOString().slice(0, 10)}.csv`;
