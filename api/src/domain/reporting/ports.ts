// Ports of the reporting module; adapters in ../../adapters (Cosmos sources and jobs, Blob files, PDF).
import type { ExportFailure, ExportJob, ReportLanguage, ReportScope } from '@soins/shared';
import type {
  HoursFacts,
  ParticipantFacts,
  ReportPerson,
  SessionParticipantFacts,
  TrainingRateFacts,
} from './reports';

/** Facts come in pages (one Cosmos page at a time): a report never holds all of them at once. */
export type Pages<T> = AsyncIterable<readonly T[]> | Iterable<readonly T[]>;

/** Where the facts come from. `undefined`: the training or session does not exist. */
export interface ReportSources {
  trainingParticipants(
    trainingId: string,
  ): Promise<{ total: number; pages: Pages<ParticipantFacts> } | undefined>;
  trainingRates(): Promise<{ total: number; pages: Pages<TrainingRateFacts> }>;
  sessionParticipants(
    sessionId: string,
  ): Promise<{ total: number; pages: Pages<SessionParticipantFacts> } | undefined>;
  /** Every hours line whose completion day falls in the year (Europe/Brussels). */
  yearlyHours(year: number): Promise<{ pages: Pages<HoursFacts> }>;
  /** The learner as reports name them; undefined for a deleted profile. */
  person(userId: string): Promise<ReportPerson | undefined>;
  /** The formatted INAMI number, decrypted for the accreditation export only (never logged). */
  inami(userId: string): Promise<string | undefined>;
}

/** An export job as stored (the view the SPA polls, plus what the consumer needs). */
export interface StoredExportJob extends ExportJob {
  readonly actorId: string;
  readonly clientKey: string;
  readonly scope: ReportScope;
  readonly blobName?: string;
}

export interface ExportJobs {
  /** Creates the job; resolves the stored one when a job with that id exists (idempotent request). */
  create(job: StoredExportJob): Promise<{ created: boolean; job: StoredExportJob }>;
  get(actorId: string, jobId: string): Promise<StoredExportJob | undefined>;
  /** The actor's recent jobs, newest first. */
  listFor(actorId: string, limit: number): Promise<StoredExportJob[]>;
  /** Applies a change to the stored job (last writer wins: one consumer runs a job at a time). */
  update(actorId: string, jobId: string, change: ExportJobChange): Promise<void>;
}

export type ExportJobChange = Partial<
  Pick<
    StoredExportJob,
    'status' | 'rows' | 'total' | 'percent' | 'empty' | 'fileName' | 'blobName' | 'finishedAt'
  >
> & { readonly failure?: ExportFailure };

/** Export files in a private container; handed out through short-lived read-only links. */
export interface ExportFiles {
  /** Writes the file from a stream of chunks (bounded memory, whatever the size). */
  writeStream(blobName: string, chunks: AsyncIterable<Uint8Array>, contentType: string): Promise<void>;
  put(blobName: string, bytes: Uint8Array, contentType: string): Promise<void>;
  readLink(
    blobName: string,
    options: { minutes: number; fileName: string; contentType: string },
  ): Promise<{ url: string; expiresAt: Date }>;
}

/** A table laid out as a PDF (pdfmake): title, header repeated on every page, page numbers. */
export interface ReportTable {
  readonly language: ReportLanguage;
  readonly title: string;
  readonly subtitle: string;
  readonly generatedAt: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ReportPdfRenderer {
  render(table: ReportTable): Promise<Uint8Array>;
}

/** The message on the `report-exports` queue. */
export interface ExportMessage {
  readonly jobId: string;
  readonly actorId: string;
}
