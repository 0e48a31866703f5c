// The onboarding form's rules, shared with the api through `myDetailsSchema`: the browser checks first so
// errors appear next to each field in the user's language; the api's field errors map to the same messages.
import {
  myDetailsSchema,
  professions,
  unprintableNameMessage,
  type MyDetails,
  type Profession,
  type Profile,
} from '@soins/shared';
import { isApiError } from '../../api/client';
import type { MessageKey } from '../../i18n';

export const detailFields = ['firstName', 'lastName', 'profession', 'phone'] as const;
export type DetailField = (typeof detailFields)[number];
export type DetailErrors = Partial<Record<DetailField, MessageKey>>;

export interface DetailsDraft {
  firstName: string;
  lastName: string;
  profession: Profession | '';
  specialistTitle: boolean;
  phone: string;
}

const FIELD_MESSAGES: Record<DetailField, MessageKey> = {
  firstName: 'details.error.firstName',
  lastName: 'details.error.lastName',
  profession: 'details.error.profession',
  phone: 'details.error.phone',
};

/** The message of a field error: a name certificates cannot print has its own explanation. */
function messageFor(field: DetailField, message: string): MessageKey {
  return message === unprintableNameMessage && (field === 'firstName' || field === 'lastName')
    ? 'details.error.nameUnprintable'
    : FIELD_MESSAGES[field];
}

const isDetailField = (path: unknown): path is DetailField =>
  typeof path === 'string' && (detailFields as readonly string[]).includes(path);

/** Starts from the stored details, or splits the name given at sign-up ("Marie Dubois"). */
export function initialDraft(profile: Profile): DetailsDraft {
  const [first = '', ...rest] = profile.displayName.trim().split(/\s+/);
  return {
    firstName: profile.firstName ?? first,
    lastName: profile.lastName ?? rest.join(' '),
    profession: profile.profession ?? '',
    specialistTitle: profile.specialistTitle ?? false,
    phone: profile.phone ?? '',
  };
}

export function validateDraft(draft: DetailsDraft): { details: MyDetails } | { errors: DetailErrors } {
  const parsed = myDetailsSchema.safeParse({
    ...draft,
    profession: (professions as readonly string[]).includes(draft.profession) ? draft.profession : undefined,
  });
  if (parsed.success) return { details: parsed.data };
  const errors: DetailErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (isDetailField(field)) errors[field] = messageFor(field, issue.message);
  }
  return { errors };
}

/** The api's 400 field errors, as the same messages (undefined when the error is not about fields). */
export function serverDetailErrors(error: unknown): DetailErrors | undefined {
  if (!isApiError(error, 'validation_failed')) return undefined;
  const errors: DetailErrors = {};
  for (const { path, message } of error.problem?.errors ?? []) {
    const field = path.split('.')[0];
    if (isDetailField(field)) errors[field] = messageFor(field, message);
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}
