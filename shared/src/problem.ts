import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/** Stable error codes the api returns in `application/problem+json` bodies; clients switch on these. */
export const problemCodes = [
  'not_found',
  'method_not_allowed',
  'malformed_json',
  'validation_failed',
  'payload_too_large',
  'unsupported_media_type',
  'active_content',
  'unauthorized',
  'forbidden',
  'conflict',
  'precondition_failed',
  'precondition_required',
  'cannot_remove_own_admin',
  'cannot_disable_self',
  'account_disabled',
  'legal_acceptance_required',
  'legal_version_outdated',
  'rate_limited',
  'subscription_required',
  'not_enrolled',
  'progress_implausible',
  'quiz_locked',
  'attempts_exhausted',
  'attempt_too_soon',
  'already_passed',
  'attempt_expired',
  'training_not_publishable',
  'export_in_progress',
  'export_expired',
  'unsubscribe_link_invalid',
  'unsubscribe_link_expired',
  'reauthentication_required',
  'erasure_pending',
  'erasure_not_pending',
  'quiz_bank_too_small',
  'upload_too_large',
  'upload_not_video',
  'upload_not_captions',
  'upload_not_pdf',
  'upload_incomplete',
  'export_not_ready',
  'session_not_assigned',
  'session_sheet_signed',
  'session_hours_above_length',
  'session_attendance_attested',
  'session_cancelled',
  'session_started',
  'session_not_started',
  'session_capacity_below_seats',
  'dependency_unavailable',
  'internal',
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export const fieldErrorSchema = lazySchema(() =>
  z.object({
    path: z.string(),
    message: z.string(),
  }),
);
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details with our stable `code` and the request id for support. */
export const problemSchema = lazySchema(() =>
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(problemCodes),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  }),
);
export type Problem = z.infer<typeof problemSchema>;
