// The facts reports are built from, read from Cosmos the way the gateway allows (DESIGN.md §3): no
// cross-partition ORDER BY, TOP or aggregate. Participants of a training: one sweep of the enrolment ids
// (the total, for progress), then batches of 100 learners read with ARRAY_CONTAINS in the learning and
// certificates containers. Rates: one sweep of enrolments and submitted attempts, counted here.
import type { Container, CosmosClient, SqlQuerySpec } from '@azure/cosmos';
import type { HoursEntry, HoursLedger } from '../../domain/hours/ledger';
import type { InamiLookup } from '../../domain/certificates/ports';
import type { TrainingRepository } from '../../domain/catalogue/ports';
import type { UserRepository } from '../../domain/identity/model';
import type { Logger } from '../../domain/ports';
import type { Pages, ReportSources } from '../../domain/reporting/ports';
import type {
  HoursFacts,
  ParticipantFacts,
  ReportPerson,
  SessionParticipantFacts,
  TrainingRateFacts,
} from '../../domain/reporting/reports';
import { resourcesOf } from './paging';

const BATCH = 100;

/** Every document of a cross-partition query, one page at a time (no continuation token leaves here). */
async function* sweep<T>(container: Container, spec: SqlQuerySpec): AsyncGenerator<T[]> {
  const iterator = container.items.query<T>(spec, { maxItemCount: 500 });
  while (iterator.hasMoreResults()) {
    const page = resourcesOf(await iterator.fetchNext());
    if (page.length > 0) yield page;
  }
}

/** Rows already read, as one page (none when empty). */
function onePage<T>(rows: T[]): Pages<T> {
  return rows.length > 0 ? [rows] : [];
}

async function all<T>(container: Container, spec: SqlQuerySpec): Promise<T[]> {
  const found: T[] = [];
  for await (const page of sweep<T>(container, spec)) found.push(...page);
  return found;
}

interface LearningFact {
  readonly kind: 'enrolment' | 'progress' | 'quiz-attempt';
  readonly userId: string;
  readonly enrolledAt?: string;
  readonly completedAt?: string;
  readonly status?: string;
  readonly submittedAt?: string;
}

/** What the sessions module gives reports: a session's registrations, or undefined when unknown. */
export interface SessionRegistrationsSource {
  participants(sessionId: string): Promise<readonly SessionParticipantFacts[] | undefined>;
}

export class CosmosReportSources implements ReportSources {
  private readonly learning: Container;
  private readonly certificates: Container;

  constructor(
    client: CosmosClient,
    database: string,
    private readonly deps: {
      trainings: Pick<TrainingRepository, 'get' | 'listAll'>;
      users: Pick<UserRepository, 'get'>;
      inami: Pick<InamiLookup, 'formattedFor'>;
      hours: Pick<HoursLedger, 'listForYear'>;
      sessions: SessionRegistrationsSource;
      logger: Logger;
    },
  ) {
    this.learning = client.database(database).container('learning');
    this.certificates = client.database(database).container('certificates');
  }

  async trainingParticipants(
    trainingId: string,
  ): Promise<{ total: number; pages: Pages<ParticipantFacts> } | undefined> {
    const training = await this.deps.trainings.get(trainingId);
    if (!training) return undefined;
    const userIds = await all<string>(this.learning, {
      query: "SELECT VALUE c.userId FROM c WHERE c.kind = 'enrolment' AND c.trainingId = @trainingId",
      parameters: [{ name: '@trainingId', value: trainingId }],
    });
    const chapterCount = training.chapters.length;
    return { total: userIds.length, pages: this.participantPages(trainingId, chapterCount, userIds) };
  }

  private async *participantPages(
    trainingId: string,
    chapterCount: number,
    userIds: readonly string[],
  ): AsyncGenerator<ParticipantFacts[]> {
    for (let start = 0; start < userIds.length; start += BATCH) {
      const users = userIds.slice(start, start + BATCH);
      const parameters = [
        { name: '@trainingId', value: trainingId },
        { name: '@users', value: users },
      ];
      const [facts, certificates] = await Promise.all([
        all<LearningFact>(this.learning, {
          query:
            "SELECT c.kind, c.userId, c.enrolledAt, c.completedAt, c.status, c.submittedAt FROM c WHERE c.trainingId = @trainingId AND ARRAY_CONTAINS(@users, c.userId) AND c.kind IN ('enrolment', 'progress', 'quiz-attempt')",
          parameters,
        }),
        all<{ userId: string; verificationCode: string; status: string }>(this.certificates, {
          query:
            "SELECT c.userId, c.verificationCode, c.status FROM c WHERE c.kind = 'certificate' AND c.trainingId = @trainingId AND ARRAY_CONTAINS(@users, c.userId)",
          parameters,
        }),
      ]);
      const byUser = new Map<string, LearningFact[]>();
      for (const fact of facts) byUser.set(fact.userId, [...(byUser.get(fact.userId) ?? []), fact]);
      const codes = new Map(
        certificates.filter((c) => c.status === 'issued').map((c) => [c.userId, c.verificationCode]),
      );
      const page: ParticipantFacts[] = [];
      for (const userId of users) {
        const mine = byUser.get(userId) ?? [];
        const enrolment = mine.find((f) => f.kind === 'enrolment');
        if (!enrolment?.enrolledAt) continue; // removed since the sweep
        const passedAt = mine
          .filter((f) => f.kind === 'quiz-attempt' && f.status === 'passed' && f.submittedAt)
          .map((f) => f.submittedAt ?? '')
          .sort()[0];
        const code = codes.get(userId);
        page.push({
          userId,
          enrolledAt: enrolment.enrolledAt,
          chaptersCompleted: mine.filter((f) => f.kind === 'progress' && f.completedAt).length,
          chapterCount,
          ...(enrolment.completedAt ? { completedAt: enrolment.completedAt } : {}),
          ...(passedAt ? { quizPassedAt: passedAt } : {}),
          ...(code ? { certificateCode: code } : {}),
        });
      }
      yield page;
    }
  }

  async trainingRates(): Promise<{ total: number; pages: Pages<TrainingRateFacts> }> {
    const trainings = await this.deps.trainings.listAll();
    const counts = new Map(
      trainings.map((t) => [
        t.id,
        { enrolled: 0, completed: 0, attempted: new Set<string>(), passed: new Set<string>() },
      ]),
    );
    for await (const page of sweep<LearningFact & { trainingId: string }>(this.learning, {
      query:
        "SELECT c.kind, c.userId, c.trainingId, c.completedAt, c.status FROM c WHERE c.kind = 'enrolment' OR (c.kind = 'quiz-attempt' AND c.status IN ('passed', 'failed', 'expired'))",
    })) {
      for (const fact of page) {
        const count = counts.get(fact.trainingId);
        if (!count) continue;
        if (fact.kind === 'enrolment') {
          count.enrolled += 1;
          if (fact.completedAt) count.completed += 1;
        } else {
          count.attempted.add(fact.userId);
          if (fact.status === 'passed') count.passed.add(fact.userId);
        }
      }
    }
    const rows: TrainingRateFacts[] = trainings
      .map((t) => {
        const count = counts.get(t.id);
        return {
          trainingId: t.id,
          title: t.title,
          enrolled: count?.enrolled ?? 0,
          completed: count?.completed ?? 0,
          attempted: count?.attempted.size ?? 0,
          passed: count?.passed.size ?? 0,
        };
      })
      .sort((a, b) => a.trainingId.localeCompare(b.trainingId));
    return { total: rows.length, pages: onePage(rows) };
  }

  async sessionParticipants(
    sessionId: string,
  ): Promise<{ total: number; pages: Pages<SessionParticipantFacts> } | undefined> {
    const participants = await this.deps.sessions.participants(sessionId);
    if (!participants) return undefined;
    return { total: participants.length, pages: onePage([...participants]) };
  }

  yearlyHours(year: number): Promise<{ pages: Pages<HoursFacts> }> {
    const ledger = this.deps.hours;
    async function* pages(): AsyncGenerator<HoursFacts[]> {
      let token: string | undefined;
      do {
        const page = await ledger.listForYear(year, token);
        yield page.entries.map(toHoursFacts);
        token = page.next;
      } while (token !== undefined);
    }
    return Promise.resolve({ pages: pages() });
  }

  async person(userId: string): Promise<ReportPerson | undefined> {
    const profile = (await this.deps.users.get(userId))?.value;
    if (!profile || profile.status === 'deleted') return undefined;
    return {
      lastName: profile.lastName ?? profile.displayName,
      firstName: profile.firstName ?? '',
      ...(profile.profession ? { profession: profile.profession } : {}),
    };
  }

  async inami(userId: string): Promise<string | undefined> {
    try {
      return await this.deps.inami.formattedFor(userId);
    } catch (error) {
      // A number that cannot be decrypted is left blank in the export (the error names no number).
      this.deps.logger.warn('report.inami_unreadable', {
        userId,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      return undefined;
    }
  }
}

function toHoursFacts(entry: HoursEntry): HoursFacts {
  return {
    userId: entry.userId,
    source: entry.source,
    trainingTitle: entry.trainingTitle,
    organiser: entry.organiser,
    startedOn: entry.startedOn,
    completedOn: entry.completedOn,
    hours: entry.hours,
    verificationCode: entry.verificationCode,
  };
}
