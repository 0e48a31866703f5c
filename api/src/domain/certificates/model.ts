// Certificates: one per (learner, training), issued when the final quiz is passed. The record is the
// source of truth for the learner's history, the hours ledger and public verification.
import type { CertificateStatus, ContentLanguage } from '@soins/shared';
import type { PassedTraining } from './request-port';

export interface Certificate {
  /** Deterministic from (userId, trainingId): see `certificateIdFor`. */
  readonly id: string;
  readonly userId: string;
  readonly trainingId: string;
  readonly attemptId: string;
  /** The quiz version the passing attempt was drawn from (absent before quiz versions existed). */
  readonly quizVersion?: number;
  /** The learner's language when issued (fr or nl); the PDF and the email are in it. */
  readonly language: ContentLanguage;
  /** Snapshots taken at issue time: a certificate does not change when the profile or training does. */
  readonly holderName: string;
  readonly trainingTitle: string;
  readonly hours: number;
  readonly organiser: string;
  /** ISO 8601 (UTC): when the passing attempt was submitted. */
  readonly completedAt: string;
  readonly issuedAt: string;
  /** Generated once (≥ 128 random bits), never changed. */
  readonly verificationCode: string;
  readonly status: CertificateStatus;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
  /** Blob name in the `certificates` container. */
  readonly pdfBlobName: string;
  /** Set once the PDF is stored. */
  readonly pdfStoredAt?: string;
}

/** A request as received, kept so an operator can re-drive its workflow. */
export interface StoredCertificateRequest extends PassedTraining {
  readonly requestedAt: string;
}

export type { Versioned } from '../ports';

/** RFC 4648 base32 alphabet (no padding): case-insensitive friendly, no 0/1/8/9 to confuse with O/I/B/g. */
const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += base32Alphabet.charAt((value << (5 - bits)) & 31);
  return out;
}

/** Bytes of randomness in a verification code: 160 bits, 32 base32 characters. */
export const VERIFICATION_CODE_BYTES = 20;

/** `randomBytes` must be a cryptographically secure source (crypto.randomBytes in the composition). */
export function newVerificationCode(randomBytes: (size: number) => Uint8Array): string {
  const bytes = randomBytes(VERIFICATION_CODE_BYTES);
  if (bytes.length !== VERIFICATION_CODE_BYTES) throw new Error('short random read');
  return base32(bytes);
}

/**
 * Certificate id, unique across learners and the same on every retry: `c-` + 24 base32 characters of
 * SHA-256(userId|trainingId) (Web Crypto). Short enough for idempotency keys (`certificate:<id>`).
 */
export async function certificateIdFor(userId: string, trainingId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${userId}|${trainingId}`));
  return `c-${base32(new Uint8Array(digest).subarray(0, 15)).toLowerCase()}`;
}

/** Durable instance id: one orchestration per (learner, training). */
export const certificateInstanceId = (userId: string, trainingId: string): string =>
  `certificate-${userId}-${trainingId}`;

export const certificatePdfBlobName = (userId: string, certificateId: string): string =>
  `${userId}/${certificateId}.pdf`;

/** Idempotency key of the certificate email (one email per certificate). */
export const certificateEmailId = (certificateId: string): string => `certificate:${certificateId}`;

/** File name the learner sees (attachment), ASCII only. */
export function certificateFileName(language: ContentLanguage, trainingId: string): string {
  return `${language === 'nl' ? 'attest' : 'attestation'}-${trainingId}.pdf`;
}
