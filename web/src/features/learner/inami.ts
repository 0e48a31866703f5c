// INAMI/RIZIV number helpers (display only: the api validates the number, its check digits and uniqueness).
import type { ApiError } from '../../api/client';
import { isApiError } from '../../api/client';

export interface MyInami {
  readonly present: boolean;
  readonly masked?: string;
  readonly number?: string;
}

/**
 * Formats what the user types as `X-XXXXX-XX-XXX` while keeping anything that is not a digit out; more than 11
 * digits are kept (not cut) so the api can say the number is invalid rather than silently changing it.
 */
export function formatInamiInput(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  if (digits.length > 11) return digits;
  const groups = [digits.slice(0, 1), digits.slice(1, 6), digits.slice(6, 8), digits.slice(8, 11)];
  return groups.filter((group) => group.length > 0).join('-');
}

/**
 * The message to show under the INAMI field for an api error: the api's own field message (already in the user's
 * language) for an invalid or already registered number; undefined for other errors (shown generically).
 */
export function inamiFieldError(error: unknown): string | undefined {
  if (!isApiError(error)) return undefined;
  const apiError: ApiError = error;
  if (apiError.code !== 'validation_failed' && apiError.code !== 'conflict') return undefined;
  return apiError.problem?.errors?.[0]?.message;
}
