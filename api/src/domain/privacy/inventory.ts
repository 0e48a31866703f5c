// Where personal data lives: every Cosmos container, blob container and queue of the resource manifest
// (infra/resources.json), plus the local-only stores, with how a person's data is found there, which
// register activity it serves, how long it is kept and whether the export carries it. One declaration
// read by the data export, the retention jobs and the register page, and by the erasure and its
// no-residue test: a unit test fails when a manifest resource has no entry here, and a resource that
// holds no personal data must say so (with the reason).
import type { DataStoreView } from '@soins/shared';
import { retention, type ActivityId } from './register';

/** How the person's data is found in a store. The user id is the only key the api uses for people. */
export type Locator =
  /** Cosmos: the person's documents are the logical partition whose key is their user id. */
  | { readonly kind: 'partition' }
  /** Cosmos: documents (any partition) where one of these top-level fields equals the user id. */
  | { readonly kind: 'field'; readonly fields: readonly string[] }
  /** Cosmos: documents whose id contains the user id (e.g. idempotency keys `welcome:<userId>`). */
  | { readonly kind: 'id-contains' }
  /** Blob: blobs named `<userId>/…`. */
  | { readonly kind: 'blob-prefix' }
  /** Queue: message bodies naming the user id (or the e-mail address) in these fields. */
  | { readonly kind: 'message'; readonly fields: readonly string[] };

/** Files of the export archive (see ./export.ts and the archive's README.md). */
export const exportFileNames = [
  'profile.json',
  'consents.json',
  'diplomas.json',
  'diplomas/',
  'progress.json',
  'quiz-attempts.json',
  'certificates.json',
  'certificates/',
  'attestations.json',
  'subscription-and-invoices.json',
  'notifications.json',
  'audit.json',
  'trainer-sessions.json',
  'data-requests.json',
] as const;
export type ExportFileName = (typeof exportFileNames)[number];

export type ExportRule =
  | { readonly kind: 'included'; readonly files: readonly ExportFileName[] }
  | { readonly kind: 'excluded'; readonly reason: string };

export type RetentionRule =
  /** Kept while the account exists; the erasure removes or pseudonymises it. */
  | { readonly kind: 'account' }
  /** A fixed period, enforced by a container time to live (`defaultTtl` in the manifest) … */
  | { readonly kind: 'container-ttl'; readonly days: number }
  /** … by a time to live the code sets on each item … */
  | { readonly kind: 'item-ttl'; readonly days: number }
  /** … or by a retention job (timer function) of ../privacy/retention.ts. */
  | { readonly kind: 'job'; readonly days: number; readonly job: RetentionJobName }
  /** In transit: consumed within minutes; what every retry failed on becomes a dead letter (see below). */
  | { readonly kind: 'in-transit' };

export const retentionJobNames = [
  'privacy-exports-expire',
  'privacy-quarantine-cleanup',
  'privacy-dead-letters-purge',
] as const;
export type RetentionJobName = (typeof retentionJobNames)[number];

interface StoreBase {
  readonly kind: 'cosmos' | 'blob' | 'queue' | 'local';
  readonly name: string;
}

export interface PersonalStore extends StoreBase {
  readonly personalData: true;
  readonly activities: readonly ActivityId[];
  /** What of a person is there (for the register and the erasure). */
  readonly holds: string;
  readonly locators: readonly Locator[];
  readonly export: ExportRule;
  readonly retention: RetentionRule;
}

export interface NonPersonalStore extends StoreBase {
  readonly personalData: false;
  /** Why nothing personal is there. */
  readonly reason: string;
}

export type DataStore = PersonalStore | NonPersonalStore;

const inTransit: RetentionRule = { kind: 'in-transit' };
const queueExport: ExportRule = {
  kind: 'excluded',
  reason: 'messages in transit, consumed within minutes; their effects are in the exported records',
};

export const dataInventory: readonly DataStore[] = [
  // ---- Cosmos DB containers -----------------------------------------------------------------------
  {
    kind: 'cosmos',
    name: 'users',
    personalData: true,
    activities: ['accounts'],
    holds:
      'profile: issuer and subject at the identity provider, e-mail, names, profession, phone, language, roles',
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['profile.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'pii',
    personalData: true,
    activities: ['professional-identity'],
    holds: 'INAMI/RIZIV number, encrypted, with its blind index',
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['profile.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'inami-index',
    personalData: true,
    activities: ['professional-identity'],
    holds: 'claim of an INAMI blind index (keyed hash) by a user id',
    locators: [{ kind: 'field', fields: ['userId'] }],
    export: { kind: 'excluded', reason: 'a keyed hash of the number that profile.json holds in clear' },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'diplomas',
    personalData: true,
    activities: ['professional-identity'],
    holds: 'diploma records: status, type, size, dates, rejection reason',
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['diplomas.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'learning',
    personalData: true,
    activities: ['learning'],
    holds: 'enrolments, chapter progress (watched intervals), quiz attempts and answers',
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['progress.json', 'quiz-attempts.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'certificates',
    personalData: true,
    activities: ['certificates'],
    holds: 'certificates (holder name, training, hours, dates, code) and the requests that caused them',
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['certificates.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'certificate-codes',
    personalData: true,
    activities: ['certificates'],
    holds: 'verification code → user id and certificate id',
    locators: [{ kind: 'field', fields: ['userId'] }],
    export: { kind: 'excluded', reason: 'an index of the codes that certificates.json lists' },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'acceptances',
    personalData: true,
    activities: ['legal-consents'],
    holds: 'accepted legal document, version and time',
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['consents.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'billing',
    personalData: true,
    activities: ['billing'],
    holds: 'Stripe customer id, subscription state and plan (invoices stay at Stripe)',
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['subscription-and-invoices.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'audit',
    personalData: true,
    activities: ['security-operations'],
    holds: 'audit entries about a person (partition: the subject) and by staff (actorId)',
    locators: [{ kind: 'partition' }, { kind: 'field', fields: ['actorId'] }],
    export: { kind: 'included', files: ['audit.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'sessions',
    personalData: true,
    activities: ['trainer-sessions'],
    holds: 'in-person sessions of a trainer (partition: the trainer id)',
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['trainer-sessions.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'privacy-requests',
    personalData: true,
    activities: ['privacy-requests'],
    holds: 'data export requests (status, dates, archive size) and the one-at-a-time slot',
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['data-requests.json'] },
    retention: { kind: 'item-ttl', days: retention.exportRecordDays },
  },
  {
    kind: 'cosmos',
    name: 'listings',
    personalData: true,
    activities: ['accounts', 'professional-identity'],
    holds: 'admin directory entries (id = user id, lower-cased e-mail and name) and diploma review entries',
    locators: [{ kind: 'field', fields: ['id', 'userId'] }],
    export: {
      kind: 'excluded',
      reason: 'copies of profile.json and diplomas.json fields kept for the admin lists',
    },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'idempotency',
    personalData: true,
    activities: ['emails'],
    holds: 'which e-mails were sent: keys such as `welcome:<userId>`, delivery state, provider message id',
    locators: [{ kind: 'id-contains' }],
    export: { kind: 'excluded', reason: 'technical delivery records, without the messages’ content' },
    retention: { kind: 'container-ttl', days: retention.idempotencyDays },
  },
  {
    kind: 'cosmos',
    name: 'legal',
    personalData: true,
    activities: ['legal-consents'],
    holds: 'published legal texts with the publishing admin’s user id (publishedBy)',
    locators: [{ kind: 'field', fields: ['publishedBy'] }],
    export: { kind: 'excluded', reason: 'public documents; only the publishing admin’s id is personal' },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'stripe-events',
    personalData: false,
    reason: `processed Stripe event ids and types only (no customer, no amount); expire after ${String(retention.stripeEventDays)} days (container time to live)`,
  },
  { kind: 'cosmos', name: 'trainings', personalData: false, reason: 'training content and quiz banks' },
  { kind: 'cosmos', name: 'news', personalData: false, reason: 'public news items, without author' },

  // ---- Blob containers ------------------------------------------------------------------------------
  {
    kind: 'blob',
    name: 'diplomas-quarantine',
    personalData: true,
    activities: ['professional-identity'],
    holds: 'uploaded diploma files waiting for the malware scan',
    locators: [{ kind: 'blob-prefix' }],
    export: { kind: 'excluded', reason: 'files still being scanned for malware (minutes); never handed out' },
    retention: { kind: 'job', days: retention.quarantineDays, job: 'privacy-quarantine-cleanup' },
  },
  {
    kind: 'blob',
    name: 'diplomas',
    personalData: true,
    activities: ['professional-identity'],
    holds: 'diploma files scanned clean',
    locators: [{ kind: 'blob-prefix' }],
    export: { kind: 'included', files: ['diplomas/'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'blob',
    name: 'certificates',
    personalData: true,
    activities: ['certificates'],
    holds: 'certificate PDFs (name, INAMI number, training, hours)',
    locators: [{ kind: 'blob-prefix' }],
    export: { kind: 'included', files: ['certificates/'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'blob',
    name: 'exports',
    personalData: true,
    activities: ['privacy-requests'],
    holds: 'export archives (every exported file of the person)',
    locators: [{ kind: 'blob-prefix' }],
    export: { kind: 'excluded', reason: 'the archives of earlier exports themselves' },
    retention: { kind: 'job', days: retention.exportArchiveDays, job: 'privacy-exports-expire' },
  },
  { kind: 'blob', name: 'videos', personalData: false, reason: 'training videos' },

  // ---- Queues (Service Bus in Azure, Azurite storage queues locally) -------------------------------
  {
    kind: 'queue',
    name: 'email',
    personalData: true,
    activities: ['emails'],
    holds: 'e-mails to send: recipient address, name, language and the template’s values',
    locators: [{ kind: 'message', fields: ['request.recipient.userId', 'request.recipient.email'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'certificate-requests',
    personalData: true,
    activities: ['certificates'],
    holds: 'certificate requests: user id, training, attempt',
    locators: [{ kind: 'message', fields: ['userId'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'diploma-scan',
    personalData: true,
    activities: ['professional-identity'],
    holds: 'scan requests: user id and diploma id',
    locators: [{ kind: 'message', fields: ['userId'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'diploma-scan-results',
    personalData: true,
    activities: ['professional-identity'],
    holds: 'Defender scan results naming the quarantined blob (`<userId>/<diplomaId>`)',
    locators: [{ kind: 'message', fields: ['data.blobUri'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'billing-events',
    personalData: true,
    activities: ['billing'],
    holds: 'Stripe events (customer id, subscription, invoice amounts)',
    locators: [{ kind: 'message', fields: ['customerId'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'privacy-exports',
    personalData: true,
    activities: ['privacy-requests'],
    holds: 'export requests to build: user id and export id',
    locators: [{ kind: 'message', fields: ['userId'] }],
    export: queueExport,
    retention: inTransit,
  },

  // ---- Stores outside the manifest -------------------------------------------------------------------
  {
    kind: 'local',
    name: 'dead-letters',
    personalData: true,
    activities: ['security-operations'],
    holds:
      'messages every retry failed on, with their bodies (Service Bus `<queue>/$DeadLetterQueue`; locally blobs in `local-dead-letters`)',
    locators: [
      { kind: 'message', fields: ['userId', 'request.recipient.userId', 'request.recipient.email'] },
    ],
    export: { kind: 'excluded', reason: 'failed technical messages, purged after 14 days' },
    retention: { kind: 'job', days: retention.deadLetterDays, job: 'privacy-dead-letters-purge' },
  },
];

export function storeNamed(kind: DataStore['kind'], name: string): DataStore | undefined {
  return dataInventory.find((store) => store.kind === kind && store.name === name);
}

/** Days of a store's fixed retention period, for the jobs (undefined when the store has none). */
export function retentionDaysOf(kind: DataStore['kind'], name: string): number | undefined {
  const store = storeNamed(kind, name);
  if (!store?.personalData) return undefined;
  const rule = store.retention;
  return rule.kind === 'account' || rule.kind === 'in-transit' ? undefined : rule.days;
}

/** The retention period a job enforces, from the inventory (a job without an entry is a bug). */
export function retentionDaysOfJob(job: RetentionJobName): number {
  for (const store of dataInventory) {
    if (store.personalData && store.retention.kind === 'job' && store.retention.job === job) {
      return store.retention.days;
    }
  }
  throw new Error(`no store declares the retention job ${job}`);
}

const describeLocator = (locator: Locator): string => {
  switch (locator.kind) {
    case 'partition':
      return 'partition = user id';
    case 'field':
      return `fields ${locator.fields.join(', ')} = user id`;
    case 'id-contains':
      return 'id contains the user id';
    case 'blob-prefix':
      return 'blobs <userId>/…';
    case 'message':
      return `message fields ${locator.fields.join(', ')}`;
  }
};

const describeRetention = (rule: RetentionRule): { text: string; period?: string } => {
  switch (rule.kind) {
    case 'account':
      return { text: 'while the account exists (erasure)' };
    case 'in-transit':
      return { text: 'until consumed; failures become dead letters' };
    case 'container-ttl':
      return { text: `${String(rule.days)} days (container time to live)`, period: `P${String(rule.days)}D` };
    case 'item-ttl':
      return { text: `${String(rule.days)} days (item time to live)`, period: `P${String(rule.days)}D` };
    case 'job':
      return { text: `${String(rule.days)} days (timer ${rule.job})`, period: `P${String(rule.days)}D` };
  }
};

/** The inventory as admins see it on the register page. */
export function inventoryView(): DataStoreView[] {
  return dataInventory.map((store): DataStoreView => {
    if (!store.personalData) {
      return {
        kind: store.kind,
        name: store.name,
        personalData: false,
        activities: [],
        description: store.reason,
        retention: '—',
      };
    }
    const { text, period } = describeRetention(store.retention);
    return {
      kind: store.kind,
      name: store.name,
      personalData: true,
      activities: [...store.activities],
      description: store.holds,
      retention: text,
      ...(period ? { retentionPeriod: period } : {}),
      locator: store.locators.map(describeLocator).join('; '),
    };
  });
}
