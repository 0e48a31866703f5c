// The admin's news form: texts in both languages and the publish window, checked like the api checks them
// (`adminNewsCreateSchema`: every text required, titles ≤ 200, bodies ≤ 20 000, the end after the start).
import type { AdminNewsItem, AdminNewsUpdate } from '@soins/shared';
import type { MessageKey } from '../../i18n';

export interface NewsDraft {
  readonly frTitle: string;
  readonly frBody: string;
  readonly nlTitle: string;
  readonly nlBody: string;
  /** `datetime-local` values (the admin's local time); empty: now / no end. */
  readonly from: string;
  readonly until: string;
}
export type NewsDraftField = keyof NewsDraft;

export const EMPTY_NEWS: NewsDraft = {
  frTitle: '',
  frBody: '',
  nlTitle: '',
  nlBody: '',
  from: '',
  until: '',
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** An instant as a `datetime-local` value in the browser's time zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) as an ISO instant; undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function draftOf(item: AdminNewsItem): NewsDraft {
  return {
    frTitle: item.title.fr,
    frBody: item.body.fr,
    nlTitle: item.title.nl,
    nlBody: item.body.nl,
    from: toLocalInput(item.publishFrom),
    until: toLocalInput(item.publishUntil),
  };
}

export function newsDraftProblems(draft: NewsDraft): Partial<Record<NewsDraftField, MessageKey>> {
  const problems: Partial<Record<NewsDraftField, MessageKey>> = {};
  for (const name of ['frTitle', 'frBody', 'nlTitle', 'nlBody'] as const) {
    const length = draft[name].trim().length;
    const max = name.endsWith('Title') ? 200 : 20_000;
    if (length === 0) problems[name] = 'news.admin.error.required';
    else if (length > max)
      problems[name] = name.endsWith('Title')
        ? 'news.admin.error.titleLength'
        : 'news.admin.error.bodyLength';
  }
  const from = fromLocalInput(draft.from);
  const until = fromLocalInput(draft.until);
  if (draft.from.trim() !== '' && !from) problems.from = 'news.admin.error.date';
  if (draft.until.trim() !== '' && !until) problems.until = 'news.admin.error.date';
  else if (until && Date.parse(until) <= Date.parse(from ?? new Date().toISOString())) {
    problems.until = 'news.admin.error.window';
  }
  return problems;
}

/** The body of a create or an update (`now` opens the window when no start is given). */
export function newsContentOf(draft: NewsDraft, now: Date): AdminNewsUpdate {
  const until = fromLocalInput(draft.until);
  return {
    title: { fr: draft.frTitle.trim(), nl: draft.nlTitle.trim() },
    body: { fr: draft.frBody.trim(), nl: draft.nlBody.trim() },
    publishFrom: fromLocalInput(draft.from) ?? now.toISOString(),
    ...(until ? { publishUntil: until } : {}),
  };
}
