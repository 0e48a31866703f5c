// Ports of the certificates module; adapters: cosmos/certificate-repository, storage/certificate-files,
// pdf/pdfmake-renderer, and the composition (functions/certificates/compose.ts) for the rest.
import type { ContentLanguage, EligibilityGap, EmailMessageInput } from '@soins/shared';
import type { Certificate, StoredCertificateRequest, Versioned } from './model';
import type { PassedTraining } from './request-port';
import type { UserProfile } from '../identity/model';

/** The code lookup: its certificate, or (after the holder's erasure) only the retained verification minimum. */
export interface CodeOwner {
  readonly userId: string;
  readonly certificateId: string;
  /** Set when the code is an in-person session's attestation (`certificateId` is then the attestation's). */
  readonly sessionId?: string;
  readonly retained?: {
    readonly status: 'valid' | 'revoked';
    readonly training: string;
    readonly hours: number;
    readonly completedAt: string;
  };
}

export interface CertificateRepository {
  get(userId: string, certificateId: string): Promise<Versioned<Certificate> | undefined>;
  /** Creates the certificate; resolves false when one with that id already exists. */
  create(certificate: Certificate): Promise<boolean>;
  /** Replaces it if the etag still matches; resolves false on a concurrent change. */
  replace(certificate: Certificate, etag: string): Promise<boolean>;
  /** The learner's certificates (single-partition query), newest first. */
  listFor(userId: string): Promise<Certificate[]>;
  /** Creates or overwrites the code → certificate lookup (idempotent: same content on every retry). */
  putCode(code: string, owner: { userId: string; certificateId: string; sessionId?: string }): Promise<void>;
  /** Point read of the lookup; `sessionId` when the code is an in-person session's attestation. */
  findByCode(code: string): Promise<CodeOwner | undefined>;
  /** Keeps the first request for (userId, trainingId); later ones change nothing. */
  saveRequest(request: StoredCertificateRequest): Promise<void>;
  getRequest(userId: string, trainingId: string): Promise<StoredCertificateRequest | undefined>;
  /** The learner's requests (single-partition query). */
  listRequests(userId: string): Promise<StoredCertificateRequest[]>;
}

export interface CertificateFiles {
  exists(blobName: string): Promise<boolean>;
  /** Stores a file (a PDF unless told: the session e-mails' calendar files are `text/calendar`). */
  put(blobName: string, bytes: Uint8Array, contentType?: 'application/pdf' | 'text/calendar'): Promise<void>;
  /** Read-only link valid `minutes`, downloaded under `fileName`. */
  readLink(blobName: string, minutes: number, fileName: string): Promise<{ url: string; expiresAt: Date }>;
}

/** Everything printed on a certificate, already in the certificate's language where it matters. */
export interface CertificatePrint {
  readonly language: ContentLanguage;
  readonly holderName: string;
  /** Formatted `X-XXXXX-XX-XXX`, only when the learner has one. */
  readonly inami?: string;
  readonly trainingTitle: string;
  readonly hours: number;
  readonly organiser: string;
  readonly completedAt: string;
  readonly issuedAt: string;
  readonly verificationCode: string;
  readonly verifyUrl: string;
  /** An in-person session's attestation of attendance (`completedAt` is then the session's start). */
  readonly attendance?: { readonly trainers: string; readonly place: string };
}

export interface CertificateRenderer {
  render(print: CertificatePrint): Promise<Uint8Array>;
}

/** The learner's INAMI number. */
export interface InamiLookup {
  /** Whether a number is stored, without decrypting it. */
  has(userId: string): Promise<boolean>;
  /** Formatted, for printing; undefined when none is stored. Throws when a stored one cannot be read. */
  formattedFor(userId: string): Promise<string | undefined>;
}

/** Puts an email on the idempotent email queue. */
export type SendEmail = (message: EmailMessageInput) => Promise<void>;

/** Sends a request to the `certificate-requests` queue (the consumer starts the orchestration). */
export interface CertificateRequestQueue {
  /** `redrive`: an operator's retry; needs a fresh message id or duplicate detection drops it. */
  send(passed: PassedTraining, options?: { redrive?: boolean }): Promise<void>;
}

/** What a learner still lacks to hold a certificate. */
export type { EligibilityGap };

/**
 * Certificates back accredited hours: only a learner whose profile was completed through the onboarding
 * form (the names it checked are the ones printed) and whose diploma an admin approved may hold one.
 */
export interface CertificateEligibility {
  /**
   * Empty when the learner may hold certificates. `known.profile`: the profile the caller has just read
   * (undefined: there is none), so it is not read twice.
   */
  missing(userId: string, known?: { profile: UserProfile | undefined }): Promise<readonly EligibilityGap[]>;
}
