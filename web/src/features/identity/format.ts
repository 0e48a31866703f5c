import type { Role } from '@soins/shared';
import type { Lang, Translate } from '../../i18n';
import { dateTimeFormat } from '../../i18n/dates';
import { conjunctionList } from '../../i18n/intl';

const LOCALES: Readonly<Record<Lang, string>> = { fr: 'fr-BE', nl: 'nl-BE', de: 'de-BE', en: 'en-BE' };

export function localeOf(lang: Lang): string {
  return LOCALES[lang];
}

/** A date (ISO string) in the user's language, e.g. "26 novembre 2026" / "26 november 2026". */
export function formatDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(localeOf(lang), { dateStyle: 'long' }).format(date);
}

export function formatDateTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function roleName(t: Translate, role: Role): string {
  return t(`role.${role}`);
}

/** Roles as a readable list in the user's language ("Apprenant et Formateur"). */
export function roleList(t: Translate, lang: Lang, roles: readonly Role[]): string {
  return conjunctionList(localeOf(lang)).format(roles.map((role) => roleName(t, role)));
}
