import type { MessageKey, Translate } from '../i18n';
import { isApiError, type ApiErrorCode } from './client';

const KEYS: Readonly<Record<ApiErrorCode, MessageKey>> = {
  not_found: 'problem.not_found',
  method_not_allowed: 'problem.method_not_allowed',
  malformed_json: 'problem.malformed_json',
  validation_failed: 'problem.validation_failed',
  payload_too_large: 'problem.payload_too_large',
  unsupported_media_type: 'problem.unsupported_media_type',
  active_content: 'problem.active_content',
  unauthorized: 'problem.unauthorized',
  forbidden: 'problem.forbidden',
  conflict: 'problem.conflict',
  precondition_failed: 'problem.precondition_failed',
  precondition_required: 'problem.precondition_required',
  cannot_remove_own_admin: 'problem.cannot_remove_own_admin',
  cannot_disable_self: 'problem.cannot_disable_self',
  account_disabled: 'problem.account_disabled',
  legal_acceptance_required: 'problem.legal_acceptance_required',
  legal_version_outdated: 'problem.legal_version_outdated',
  rate_limited: 'problem.rate_limited',
  subscription_required: 'problem.subscription_required',
  not_enrolled: 'problem.not_enrolled',
  progress_implausible: 'problem.progress_implausible',
  quiz_locked: 'problem.quiz_locked',
  attempts_exhausted: 'problem.attempts_exhausted',
  attempt_too_soon: 'problem.attempt_too_soon',
  already_passed: 'problem.already_passed',
  attempt_expired: 'problem.attempt_expired',
  training_not_publishable: 'problem.training_not_publishable',
  export_in_progress: 'problem.export_in_progress',
  export_expired: 'problem.export_expired',
  reauthentication_required: 'problem.reauthentication_required',
  erasure_pending: 'problem.erasure_pending',
  erasure_not_pending: 'problem.erasure_not_pending',
  quiz_bank_too_small: 'problem.quiz_bank_too_small',
  upload_too_large: 'problem.upload_too_large',
  upload_not_video: 'problem.upload_not_video',
  upload_not_captions: 'problem.upload_not_captions',
  upload_not_pdf: 'problem.upload_not_pdf',
  upload_incomplete: 'problem.upload_incomplete',
  dependency_unavailable: 'problem.dependency_unavailable',
  internal: 'problem.internal',
  network: 'problem.network',
  unknown: 'problem.unknown',
};

/** The user's-language message for an error: the problem's stable code decides, never the server's text. */
export function problemMessage(t: Translate, error: unknown): string {
  return t(isApiError(error) ? KEYS[error.code] : 'problem.unknown');
}
