// Diploma upload: client-side checks, status presentation and error messages (the api checks everything again).
import type { DiplomaStatus } from '@soins/shared';
import { isApiError } from '../../api/client';
import type { MessageKey } from '../../i18n';
import type { BadgeTone } from '../../ui';
import { numberFormat } from '../../i18n/intl';

/** Same limit as the api (`diplomaMaxBytes` in @soins/shared, not imported at run time: it would pull zod). */
export const DIPLOMA_MAX_BYTES = 10 * 1024 * 1024;
export const DIPLOMA_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
const EXTENSIONS = ['.pdf', '.jpg', '.jpeg', '.png'];
const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

export type DiplomaFileProblem = 'empty' | 'too_large' | 'type';

/** Why a chosen file cannot be sent, or null when it can (type by MIME type or, when missing, by extension). */
export function validateDiplomaFile(file: {
  readonly name: string;
  readonly size: number;
  readonly type: string;
}): DiplomaFileProblem | null {
  const name = file.name.toLowerCase();
  const typeOk = file.type ? TYPES.includes(file.type) : EXTENSIONS.some((ext) => name.endsWith(ext));
  if (!typeOk) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > DIPLOMA_MAX_BYTES) return 'too_large';
  return null;
}

export const FILE_PROBLEM_KEYS: Readonly<Record<DiplomaFileProblem, MessageKey>> = {
  empty: 'diploma.error.empty',
  too_large: 'diploma.error.tooLarge',
  type: 'diploma.error.type',
};

export interface DiplomaStatusView {
  readonly label: MessageKey;
  readonly explanation: MessageKey;
  readonly tone: BadgeTone;
  /** The learner may (or must) send a file again. */
  readonly canUpload: boolean;
}

export const DIPLOMA_STATUS: Readonly<Record<DiplomaStatus, DiplomaStatusView>> = {
  scanning: {
    label: 'diploma.status.scanning',
    explanation: 'diploma.explain.scanning',
    tone: 'neutral',
    canUpload: false,
  },
  pending_review: {
    label: 'diploma.status.pending_review',
    explanation: 'diploma.explain.pending_review',
    tone: 'neutral',
    canUpload: false,
  },
  approved: {
    label: 'diploma.status.approved',
    explanation: 'diploma.explain.approved',
    tone: 'brand',
    canUpload: false,
  },
  rejected: {
    label: 'diploma.status.rejected',
    explanation: 'diploma.explain.rejected',
    tone: 'danger',
    canUpload: true,
  },
  infected: {
    label: 'diploma.status.infected',
    explanation: 'diploma.explain.infected',
    tone: 'danger',
    canUpload: true,
  },
};

/** Polling interval while the antivirus scan runs (ms), false otherwise. */
export function diplomaRefetchInterval(status: DiplomaStatus | undefined): number | false {
  return status === 'scanning' ? 3000 : false;
}

/** Message key for an upload refused by the api; undefined for errors explained generically. */
export function uploadErrorKey(error: unknown): MessageKey | undefined {
  if (!isApiError(error)) return undefined;
  if (error.status === 413 || error.code === 'payload_too_large') return 'diploma.error.tooLarge';
  if (error.status === 415 || error.code === 'unsupported_media_type') return 'diploma.error.type';
  if (error.code === 'active_content') return 'diploma.error.activeContent';
  if (error.code === 'conflict') return 'diploma.error.inReview';
  return undefined;
}

/** File size for people: "2,4 Mo" / "2,4 MB". */
export function formatSize(bytes: number, lang: string): string {
  const unit = lang === 'nl' ? 'MB' : 'Mo';
  const kunit = lang === 'nl' ? 'kB' : 'Ko';
  const locale = lang === 'nl' ? 'nl-BE' : 'fr-BE';
  if (bytes < 1024 * 1024) {
    return `${numberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024))} ${kunit}`;
  }
  return `${numberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} ${unit}`;
}
