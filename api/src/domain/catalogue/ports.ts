// Ports over the training content (Cosmos `trainings`, partition `/trainingId`), shared by the catalogue,
// the course player, the quiz and the certificates. The Cosmos adapter lives in adapters/cosmos.
import type { Question, QuizSettings, Training } from '@soins/shared';
import type { Versioned } from '../ports';

export interface TrainingRepository {
  /** Point read of the training document (any status). */
  get(trainingId: string): Promise<Training | undefined>;
  /** Every training with status `published` (the catalogue is small and cached). */
  listPublished(): Promise<Training[]>;
  /** Every training, any status, for admins. */
  listAll(): Promise<Training[]>;
  /**
   * Creates or replaces the training document unconditionally (seeding, tests). A training given without
   * `bank` keeps the stored one: the bank is changed through `replaceQuestions` or the builder only.
   */
  save(training: Training): Promise<void>;
  /** The training's current question bank (the snapshot its `bank` names). */
  questions(trainingId: string, known?: { readonly training: Training }): Promise<Question[]>;
  /**
   * Makes `questions` the training's bank (seeding, tests): a new snapshot with the training's current
   * settings, the next version when the current one was published. The training must exist.
   */
  replaceQuestions(trainingId: string, questions: readonly Question[]): Promise<void>;
}

/**
 * One version of a training's quiz as stored (same partition, `kind: 'question-bank'`): the settings and
 * the questions, never changed once written. The training's `bank` names the current one.
 */
export interface QuizSnapshot {
  readonly trainingId: string;
  readonly revision: string;
  readonly version: number;
  readonly settings: QuizSettings;
  readonly questions: readonly Question[];
  readonly createdAt: string;
}

/** What the course builder needs on top: optimistic concurrency and the quiz snapshots. */
export interface TrainingStore extends TrainingRepository {
  /** The training with its ETag (any status). */
  getVersioned(trainingId: string): Promise<Versioned<Training> | undefined>;
  /** Creates the training; resolves its ETag, or undefined when one with this id exists. */
  create(training: Training): Promise<string | undefined>;
  /** Replaces the training if `etag` is still current; resolves the new ETag, or undefined when stale or gone. */
  replace(training: Training, etag: string): Promise<string | undefined>;
  /** A stored quiz snapshot. */
  snapshot(trainingId: string, revision: string): Promise<QuizSnapshot | undefined>;
  /** Stores a new snapshot (its revision is fresh). */
  createSnapshot(snapshot: QuizSnapshot): Promise<void>;
  /** Removes a snapshot no training points at any more (best effort cleanup). */
  deleteSnapshot(trainingId: string, revision: string): Promise<void>;
}

/** Reads bytes of a stored file at an offset (for the header parsers). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

/**
 * Chapter files in the `videos` container: uploaded by the admin's browser through write-only links, read
 * by browsers through read-only links, checked and finalised by the api.
 */
export interface MediaFiles {
  /** A write-only (create + write) link to `blobName`, for Put Block / Put Block List from the browser. */
  uploadLink(blobName: string, minutes: number): Promise<{ url: string; expiresAt: Date }>;
  /** A read-only link; `download` names the file the browser saves. */
  readLink(
    blobName: string,
    minutes: number,
    options?: { download?: string },
  ): Promise<{ url: string; expiresAt: Date }>;
  exists(blobName: string): Promise<boolean>;
  /** Size of the committed blob, undefined when none is committed. */
  size(blobName: string): Promise<number | undefined>;
  /** Blocks received but not yet committed (an interrupted upload). */
  uncommittedBlocks(blobName: string): Promise<{ id: string; size: number }[]>;
  reader(blobName: string): RangeReader;
  /** Sets the headers browsers get (content type from the checked format, caching). */
  finalize(blobName: string, headers: { contentType: string; cacheControl: string }): Promise<void>;
  delete(blobName: string): Promise<void>;
}
