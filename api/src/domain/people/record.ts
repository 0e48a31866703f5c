// The learner record: everything an admin needs about one learner on one page, gathered from the
// modules that own it (profile, INAMI, diplomas, billing, learning, quiz, certificates, audit). Each
// source is a point read or a query of the learner's own partition.
import type {
  AdminCertificate,
  AdminQuizAttempt,
  AuditEntryView,
  DashboardItem,
  Diploma,
  InvoiceItem,
  SubscriptionView,
} from '@soins/shared';
import type { UserProfile, UserRepository } from '../identity/model';
import type { QuizAttempt } from '../quiz/model';
import { fail, ok, type Result } from '../result';

export interface LearnerRecordSources {
  readonly users: Pick<UserRepository, 'get'>;
  /** Masked only (the full number takes the audited reveal). */
  readonly inami: (userId: string) => Promise<{ present: boolean; masked?: string }>;
  readonly diplomas: (userId: string) => Promise<Diploma[]>;
  readonly subscription: (userId: string) => Promise<SubscriptionView>;
  /** Undefined when the payment provider cannot be reached. */
  readonly invoices: (userId: string) => Promise<InvoiceItem[] | undefined>;
  readonly enrolments: (userId: string, language: string) => Promise<DashboardItem[]>;
  readonly attempts: (userId: string) => Promise<QuizAttempt[]>;
  readonly certificates: (userId: string) => Promise<AdminCertificate[]>;
  readonly history: (userId: string) => Promise<AuditEntryView[]>;
}

export interface LearnerRecordData {
  readonly profile: UserProfile;
  readonly inami: { present: boolean; masked?: string };
  readonly diplomas: Diploma[];
  readonly subscription: SubscriptionView;
  readonly invoices: InvoiceItem[] | null;
  readonly enrolments: DashboardItem[];
  readonly quizAttempts: AdminQuizAttempt[];
  readonly certificates: AdminCertificate[];
  readonly history: AuditEntryView[];
}

/** What the record shows of an attempt: its outcome, never the questions or the answers. */
export function toAdminAttempt(attempt: QuizAttempt): AdminQuizAttempt {
  return {
    attemptId: attempt.attemptId,
    trainingId: attempt.trainingId,
    number: attempt.number,
    status: attempt.status,
    startedAt: attempt.startedAt,
    ...(attempt.submittedAt ? { submittedAt: attempt.submittedAt } : {}),
    ...(attempt.scorePercent === undefined ? {} : { scorePercent: attempt.scorePercent }),
    ...(attempt.reset ? { reset: { at: attempt.reset.at, reason: attempt.reset.reason } } : {}),
  };
}

export class GetLearnerRecord {
  constructor(private readonly sources: LearnerRecordSources) {}

  /** `language`: the reader's, for training titles (each in that language when offered). */
  async execute(input: {
    userId: string;
    language: string;
  }): Promise<Result<LearnerRecordData, { code: 'not_found'; message: string }>> {
    const stored = await this.sources.users.get(input.userId);
    if (!stored || stored.value.status === 'deleted')
      return fail({ code: 'not_found', message: 'no such user' });
    const { userId } = input;
    const { sources } = this;
    const [inami, diplomas, subscription, invoices, enrolments, attempts, certificates, history] =
      await Promise.all([
        sources.inami(userId),
        sources.diplomas(userId),
        sources.subscription(userId),
        sources.invoices(userId),
        sources.enrolments(userId, input.language),
        sources.attempts(userId),
        sources.certificates(userId),
        sources.history(userId),
      ]);
    return ok({
      profile: stored.value,
      inami,
      diplomas,
      subscription,
      invoices: invoices ?? null,
      enrolments,
      quizAttempts: attempts.map(toAdminAttempt),
      certificates,
      history,
    });
  }
}
