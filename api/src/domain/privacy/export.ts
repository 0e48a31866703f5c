// The right of access and portability (GDPR Art. 15/20): a person asks for an export from the profile;
// a queue consumer builds one ZIP of everything the data inventory says is theirs (JSON files, their
// certificate PDFs and diploma files, a README of the format), stores it, and e-mails a link that works
// for 24 hours. One export at a time per person.
import type { DataExport, ExportStatus, InvoiceItem } from '@soins/shared';
import type { Clock, Logger } from '../ports';
import { fail, ok, type Result } from '../result';
import { dataInventory, type ExportFileName, type Locator, type PersonalStore } from './inventory';
import { exportReadme, EXPORT_FORMAT_VERSION } from './export-readme';
import { retention } from './register';

export interface ExportRecord {
  readonly exportId: string;
  readonly userId: string;
  readonly status: ExportStatus;
  readonly requestedAt: string;
  readonly startedAt?: string;
  readonly readyAt?: string;
  readonly expiresAt?: string;
  readonly failedAt?: string;
  readonly sizeBytes?: number;
  readonly progress?: { readonly done: number; readonly total: number };
}

/** Export requests and the one-at-a-time slot of each person (Cosmos `privacy-requests`, by user). */
export interface ExportStore {
  /**
   * Takes the person's export slot for `exportId`: false while another export holds it, unless that
   * one started before `staleBefore` (its job died: the slot is taken over). Atomic.
   */
  claimSlot(userId: string, exportId: string, now: Date, staleBefore: Date): Promise<boolean>;
  /** Frees the slot if `exportId` still holds it. */
  releaseSlot(userId: string, exportId: string): Promise<void>;
  save(record: ExportRecord): Promise<void>;
  get(userId: string, exportId: string): Promise<ExportRecord | undefined>;
  /** The person's exports, newest first. */
  listFor(userId: string, limit: number): Promise<ExportRecord[]>;
  /** Ready exports whose link expired before `now` (every person: the retention job). */
  readyExpiredBefore(now: Date, limit: number): Promise<ExportRecord[]>;
}

/** Read access to the stores the inventory names, by the person's user id. */
export interface PersonalDataReader {
  /** The person's documents in a Cosmos container, as the locator finds them. */
  documents(container: string, locator: Locator, userId: string): Promise<Record<string, unknown>[]>;
  /** Names of the person's blobs (`<userId>/…`) in a blob container. */
  blobNames(container: string, userId: string): Promise<string[]>;
  /** A blob's bytes, or undefined if it vanished meanwhile. */
  readBlob(container: string, name: string): Promise<Uint8Array | undefined>;
}

/** A ZIP being written to storage, entry by entry (streamed: one file in memory at a time). */
export interface ExportArchive {
  add(path: string, content: Uint8Array, options: { readonly compress: boolean }): Promise<void>;
  /** Completes the archive; resolves once it is stored. */
  finish(): Promise<{ sizeBytes: number }>;
  /** Gives up: nothing is left under the archive's name. */
  abort(): Promise<void>;
}

export interface StoredArchive {
  readonly userId: string;
  readonly exportId: string;
  readonly lastModified: Date;
}

/** The `exports` blob container: archives named `<userId>/<exportId>.zip`. */
export interface ExportFiles {
  open(userId: string, exportId: string): ExportArchive;
  /** A read-only link valid for `minutes`, served as a download named after the export. */
  readLink(userId: string, exportId: string, minutes: number): Promise<{ url: string; expiresAt: Date }>;
  exists(userId: string, exportId: string): Promise<boolean>;
  delete(userId: string, exportId: string): Promise<void>;
  /** Archives last written before `before` (at most `limit`). */
  writtenBefore(before: Date, limit: number): Promise<StoredArchive[]>;
}

/** Sources outside the inventory's stores. */
export interface ExportSources {
  /** The INAMI/RIZIV number in clear (formatted), or undefined when there is none. */
  inami(userId: string): Promise<string | undefined>;
  /** Invoices from Stripe (through the billing port); a failure makes the job retry later. */
  invoices(userId: string): Promise<Result<readonly InvoiceItem[], { code: string; message: string }>>;
}

export interface ExportEvents {
  /** The archive is ready: e-mail the person (idempotent per export). */
  ready(record: ExportRecord): Promise<void>;
}

/** A job that has not finished after this long is considered dead: its slot can be taken again. */
export const EXPORT_STALE_AFTER_MS = 2 * 60 * 60_000;
/** The download link in the e-mail works this long after the archive is ready. */
export const EXPORT_LINK_VALIDITY_MS = retention.exportArchiveDays * 24 * 60 * 60_000;
/** Lifetime of the read-only storage link handed out on each download. */
export const EXPORT_DOWNLOAD_LINK_MINUTES = 5;
export const EXPORT_QUEUE = 'privacy-exports';

export interface ExportMessage {
  readonly exportId: string;
  readonly userId: string;
}

/** The status the person sees: a job past its deadline failed, a ready archive past its link expired. */
export function effectiveStatus(record: ExportRecord, now: Date): ExportStatus {
  if (
    (record.status === 'queued' || record.status === 'running') &&
    Date.parse(record.requestedAt) < now.getTime() - EXPORT_STALE_AFTER_MS
  ) {
    return 'failed';
  }
  if (record.status === 'ready' && record.expiresAt && Date.parse(record.expiresAt) <= now.getTime()) {
    return 'expired';
  }
  return record.status;
}

export function viewOf(record: ExportRecord, now: Date): DataExport {
  const { userId: _userId, ...rest } = record;
  return { ...rest, status: effectiveStatus(record, now) };
}

export type RequestExportError =
  { code: 'export_in_progress'; message: string } | { code: 'dependency_unavailable'; message: string };

export class RequestExport {
  constructor(
    private readonly deps: {
      store: ExportStore;
      send: (message: ExportMessage) => Promise<void>;
      clock: Clock;
      newId: () => string;
      logger: Logger;
    },
  ) {}

  async execute(userId: string): Promise<Result<DataExport, RequestExportError>> {
    const now = this.deps.clock.now();
    const exportId = this.deps.newId();
    const staleBefore = new Date(now.getTime() - EXPORT_STALE_AFTER_MS);
    if (!(await this.deps.store.claimSlot(userId, exportId, now, staleBefore))) {
      return fail({ code: 'export_in_progress', message: 'an export is already running' });
    }
    const record: ExportRecord = { exportId, userId, status: 'queued', requestedAt: now.toISOString() };
    await this.deps.store.save(record);
    try {
      await this.deps.send({ exportId, userId });
    } catch (error) {
      // Nothing will build it: say so and free the slot, so the person can ask again.
      await this.deps.store.save({ ...record, status: 'failed', failedAt: now.toISOString() });
      await this.deps.store.releaseSlot(userId, exportId);
      this.deps.logger.error('privacy.export_enqueue_failed', {
        exportId,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      return fail({ code: 'dependency_unavailable', message: 'export queue unavailable' });
    }
    this.deps.logger.info('privacy.export_requested', { exportId });
    return ok(viewOf(record, now));
  }
}

export class ListMyExports {
  constructor(private readonly deps: { store: ExportStore; clock: Clock }) {}

  async execute(userId: string): Promise<DataExport[]> {
    const now = this.deps.clock.now();
    return (await this.deps.store.listFor(userId, 10)).map((record) => viewOf(record, now));
  }
}

export type DownloadError =
  | { code: 'not_found'; message: string }
  | { code: 'export_expired'; message: string }
  | { code: 'conflict'; message: string };

/**
 * The link the e-mail points at, behind the person's sign-in: their own export only (anyone else's is
 * a 404), 410 once the 24 hours are over, 409 while it is still being built; otherwise a fresh
 * read-only storage link of a few minutes.
 */
export class ExportDownloadLink {
  constructor(private readonly deps: { store: ExportStore; files: ExportFiles; clock: Clock }) {}

  async execute(
    userId: string,
    exportId: string,
  ): Promise<Result<{ url: string; expiresAt: string }, DownloadError>> {
    const record = await this.deps.store.get(userId, exportId);
    if (!record) return fail({ code: 'not_found', message: 'no such export' });
    const status = effectiveStatus(record, this.deps.clock.now());
    if (status === 'expired') return fail({ code: 'export_expired', message: 'link expired' });
    if (status !== 'ready') return fail({ code: 'conflict', message: `export ${status}` });
    if (!(await this.deps.files.exists(userId, exportId))) {
      // Deleted by the retention job a moment early, or lost: for the person it has expired.
      return fail({ code: 'export_expired', message: 'archive gone' });
    }
    const link = await this.deps.files.readLink(userId, exportId, EXPORT_DOWNLOAD_LINK_MINUTES);
    return ok({ url: link.url, expiresAt: link.expiresAt.toISOString() });
  }
}

// ---- building the archive ---------------------------------------------------------------------------

const systemField = (key: string): boolean => key.startsWith('_') || key === 'schemaVersion';

/** A stored document as the person reads it: without the database's system fields. */
export function withoutSystemFields(document: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(document).filter(([key]) => !systemField(key)));
}

/** Quiz attempts without the answer key: the export must not reveal correct answers of a quiz in progress. */
function attemptForExport(document: Record<string, unknown>): Record<string, unknown> {
  const questions = Array.isArray(document.questions) ? (document.questions as unknown[]) : [];
  return {
    ...document,
    questions: questions.map((question) => {
      if (typeof question !== 'object' || question === null) return question;
      const {
        correctOptionIds: _key,
        explanation: _explanation,
        ...rest
      } = question as Record<string, unknown>;
      return rest;
    }),
  };
}

const extensionOf: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
};

const json = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
const lastSegment = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

type JsonFile = Exclude<ExportFileName, 'certificates/' | 'diplomas/'>;

export type BuildOutcome = 'built' | 'already_built' | 'unknown_export';

export class BuildExport {
  constructor(
    private readonly deps: {
      store: ExportStore;
      reader: PersonalDataReader;
      files: ExportFiles;
      sources: ExportSources;
      events: ExportEvents;
      clock: Clock;
      logger: Logger;
      /** The inventory (tests pass a modified one to prove the builder follows it). */
      inventory?: readonly PersonalStore[];
    },
  ) {}

  async execute(message: ExportMessage): Promise<BuildOutcome> {
    const { store, clock, logger } = this.deps;
    const found = await store.get(message.userId, message.exportId);
    if (!found) {
      logger.warn('privacy.export_unknown', { exportId: message.exportId });
      return 'unknown_export';
    }
    if (found.status === 'ready' || found.status === 'expired') {
      await this.deps.events.ready(found); // idempotent: a redelivery after a lost e-mail send re-asks
      return 'already_built';
    }
    let record: ExportRecord = { ...found, status: 'running', startedAt: clock.now().toISOString() };
    await store.save(record);

    const archive = this.deps.files.open(message.userId, message.exportId);
    try {
      const stores = this.deps.inventory ?? personalStores();
      const gathered = await this.gather(message.userId, stores);
      const entries = this.jsonEntries(gathered);
      const blobs = await this.blobEntries(message.userId, stores, gathered);
      const total = entries.length + blobs.length + 1;
      let done = 0;
      const step = async (): Promise<void> => {
        done++;
        // A progress write every few steps: the profile polls it.
        if (done === total || done % 10 === 0) {
          record = { ...record, progress: { done, total } };
          await store.save(record);
        }
      };
      record = { ...record, progress: { done: 0, total } };
      await store.save(record);
      const generatedAt = clock.now().toISOString();
      await archive.add(
        'README.md',
        new TextEncoder().encode(
          exportReadme({
            generatedAt,
            exportId: message.exportId,
            files: [...entries, ...blobs].map((e) => e.path),
          }),
        ),
        { compress: true },
      );
      await step();
      for (const entry of entries) {
        await archive.add(
          entry.path,
          json({ formatVersion: EXPORT_FORMAT_VERSION, generatedAt, ...entry.content }),
          {
            compress: true,
          },
        );
        await step();
      }
      for (const blob of blobs) {
        const bytes = await this.deps.reader.readBlob(blob.container, blob.name);
        // Already compressed (PDF, JPEG, PNG): stored as is.
        if (bytes) await archive.add(blob.path, bytes, { compress: false });
        await step();
      }
      const { sizeBytes } = await archive.finish();
      const readyAt = clock.now();
      record = {
        ...record,
        status: 'ready',
        readyAt: readyAt.toISOString(),
        expiresAt: new Date(readyAt.getTime() + EXPORT_LINK_VALIDITY_MS).toISOString(),
        sizeBytes,
        progress: { done: total, total },
      };
      await store.save(record);
    } catch (error) {
      await archive.abort();
      throw error;
    }
    await store.releaseSlot(message.userId, message.exportId);
    logger.info('privacy.export_ready', {
      exportId: message.exportId,
      sizeBytes: record.sizeBytes,
      files: record.progress?.total,
    });
    await this.deps.events.ready(record);
    return 'built';
  }

  private async gather(userId: string, stores: readonly PersonalStore[]): Promise<Gathered> {
    const documents = new Map<string, Record<string, unknown>[]>();
    for (const store of stores) {
      if (store.kind !== 'cosmos' || store.export.kind !== 'included') continue;
      const locator = store.locators[0];
      if (!locator) continue;
      documents.set(store.name, await this.deps.reader.documents(store.name, locator, userId));
    }
    const invoices = await this.deps.sources.invoices(userId);
    if (!invoices.ok) throw new Error(`invoices unavailable: ${invoices.error.code}`);
    return {
      userId,
      stores,
      documents,
      inami: await this.deps.sources.inami(userId),
      invoices: invoices.value,
    };
  }

  /** Documents of the containers the inventory declares for `file` (a file no container feeds is a bug). */
  private static from(gathered: Gathered, container: string, file: JsonFile): Record<string, unknown>[] {
    const declared = gathered.stores.find((store) => store.kind === 'cosmos' && store.name === container);
    if (!declared || declared.export.kind !== 'included' || !declared.export.files.includes(file)) {
      throw new Error(`the inventory does not declare ${container} for ${file}`);
    }
    return gathered.documents.get(container) ?? [];
  }

  private jsonEntries(gathered: Gathered): { path: JsonFile; content: Record<string, unknown> }[] {
    const from = (container: string, file: JsonFile) =>
      BuildExport.from(gathered, container, file).map(withoutSystemFields);
    const learning = from('learning', 'progress.json');
    const ofKind = (docs: Record<string, unknown>[], ...kinds: string[]) =>
      docs.filter((doc) => kinds.includes(String(doc.kind)));
    const builders: Record<JsonFile, () => Record<string, unknown>> = {
      'profile.json': () => ({
        profile: from('users', 'profile.json')[0] ?? null,
        // The number in clear: the stored document holds it encrypted, with a keyed hash for uniqueness.
        inami: gathered.inami ?? null,
        otherPersonalFields: from('pii', 'profile.json').map(
          ({ inami: _encrypted, id: _id, userId: _userId, ...rest }) => rest,
        ),
        // Reminder preferences and the reminders sent (which kind, for which period, when).
        reminders: from('reminders', 'profile.json'),
      }),
      'consents.json': () => ({
        legalAcceptances: from('acceptances', 'consents.json'),
        analytics:
          'Your choice about analytics (Microsoft Clarity) is kept in your browser only, not by SOINS+.',
      }),
      'diplomas.json': () => ({ items: from('diplomas', 'diplomas.json') }),
      'progress.json': () => ({
        enrolments: ofKind(learning, 'enrolment'),
        chapters: ofKind(learning, 'progress'),
      }),
      'quiz-attempts.json': () => ({
        items: ofKind(from('learning', 'quiz-attempts.json'), 'quiz-attempt').map(attemptForExport),
        note: 'The correct answers of the quiz bank are not part of your data and are left out.',
      }),
      'certificates.json': () => {
        const docs = from('certificates', 'certificates.json');
        return { items: ofKind(docs, 'certificate'), requests: ofKind(docs, 'request') };
      },
      'attestations.json': () => ({
        items: from('training-sessions', 'attestations.json').flatMap((session) =>
          records(session.attestations)
            .filter((a) => a.userId === gathered.userId)
            .map(({ pdfBlobName: _blob, ...attestation }) => ({
              ...attestation,
              sessionId: session.id,
              trainingTitle: session.trainingTitle,
              startsAt: session.startsAt,
              endsAt: session.endsAt,
              place: session.place,
            })),
        ),
        note: 'Attestations of attendance at in-person sessions; their PDFs are in certificates/.',
      }),
      'subscription-and-invoices.json': () => ({
        subscription: from('billing', 'subscription-and-invoices.json')[0] ?? null,
        invoices: gathered.invoices,
        note: 'Invoices come from Stripe, which keeps them; card details are never stored by SOINS+.',
      }),
      'notifications.json': () => ({
        items: from('notifications', 'notifications.json').map(
          ({ key: _key, userId: _userId, ...notification }) => notification,
        ),
        note: `In-app notifications; each is deleted ${String(retention.notificationDays)} days after it was created or last read.`,
      }),
      'audit.json': () => ({ items: from('audit', 'audit.json') }),
      'trainer-sessions.json': () => ({
        // A session holds other people: only what concerns the person (as participant or trainer).
        items: from('training-sessions', 'trainer-sessions.json')
          .filter((doc) => doc.kind === 'session')
          .map((session) => sessionForPerson(session, gathered.userId)),
      }),
      'data-requests.json': () => ({ exports: from('privacy-requests', 'data-requests.json') }),
    };
    return (Object.keys(builders) as JsonFile[]).map((path) => ({ path, content: builders[path]() }));
  }

  private async blobEntries(
    userId: string,
    stores: readonly PersonalStore[],
    gathered: Gathered,
  ): Promise<{ container: string; name: string; path: string }[]> {
    const out: { container: string; name: string; path: string }[] = [];
    const diplomaTypes = new Map(
      (gathered.documents.get('diplomas') ?? []).map((doc) => [String(doc.id), String(doc.contentType)]),
    );
    for (const store of stores) {
      if (store.kind !== 'blob' || store.export.kind !== 'included') continue;
      for (const folder of store.export.files) {
        for (const name of await this.deps.reader.blobNames(store.name, userId)) {
          const base = lastSegment(name);
          const extension = base.includes('.') ? '' : (extensionOf[diplomaTypes.get(base) ?? ''] ?? '');
          out.push({ container: store.name, name, path: `${folder}${base}${extension}` });
        }
      }
    }
    return out;
  }
}

interface Gathered {
  readonly userId: string;
  readonly stores: readonly PersonalStore[];
  readonly documents: ReadonlyMap<string, Record<string, unknown>[]>;
  readonly inami: string | undefined;
  readonly invoices: readonly InvoiceItem[];
}

const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? (value as Record<string, unknown>[]) : [];

/** A training session as the person sees it: the session, her registration, attendance and role. */
function sessionForPerson(session: Record<string, unknown>, userId: string): Record<string, unknown> {
  const attendance = (session.attendance ?? {}) as Record<string, unknown>;
  const trainerIds = Array.isArray(session.trainerIds) ? (session.trainerIds as unknown[]) : [];
  return {
    sessionId: session.id,
    trainingTitle: session.trainingTitle,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    place: session.place,
    accreditedHours: session.accreditedHours,
    asTrainer: trainerIds.includes(userId),
    registration: records(session.registrations).find((r) => r.userId === userId) ?? null,
    attendance: attendance[userId] ?? null,
  };
}

export function personalStores(): PersonalStore[] {
  return dataInventory.filter((store): store is PersonalStore => store.personalData);
}
