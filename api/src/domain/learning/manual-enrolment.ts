// An admin enrols a learner in a published training (support, a training bought outside the site). The
// enrolment is the learner's own from then on; paid content still needs an active subscription to play,
// like any enrolment (the gate is at playback: OpenChapterVideo).
import type { Enrolment } from '@soins/shared';
import type { AuditLog } from '../audit';
import type { UserRepository } from '../identity/model';
import { fail, ok, type Result } from '../result';
import type { EnrolmentRecord, LearningError } from './model';
import { toEnrolment, type LearningDeps } from './use-cases';

export class EnrolOnBehalf {
  constructor(
    private readonly deps: LearningDeps & { users: Pick<UserRepository, 'get'>; audit: AuditLog },
  ) {}

  async execute(input: {
    actorId: string;
    userId: string;
    trainingId: string;
  }): Promise<Result<{ enrolment: Enrolment; created: boolean }, LearningError>> {
    const [profile, training] = await Promise.all([
      this.deps.users.get(input.userId),
      this.deps.trainings.get(input.trainingId),
    ]);
    if (!profile || profile.value.status === 'deleted')
      return fail({ code: 'not_found', message: 'no such user' });
    if (training?.status !== 'published') return fail({ code: 'not_found', message: 'no such training' });
    const existing = await this.deps.learning.getEnrolment(input.userId, training.trainingId);
    if (existing) return ok({ enrolment: toEnrolment(existing.value), created: false });
    const record: EnrolmentRecord = {
      userId: input.userId,
      trainingId: training.trainingId,
      enrolledAt: this.deps.clock.now().toISOString(),
    };
    if (!(await this.deps.learning.createEnrolment(record))) {
      const winner = await this.deps.learning.getEnrolment(input.userId, training.trainingId);
      if (!winner) throw new Error('enrolment vanished after a conflict');
      return ok({ enrolment: toEnrolment(winner.value), created: false });
    }
    await this.deps.audit.record({
      actor: input.actorId,
      action: 'enrolment.create',
      target: { type: 'training', id: training.trainingId },
      subjectUserId: input.userId,
      at: record.enrolledAt,
    });
    return ok({ enrolment: toEnrolment(record), created: true });
  }
}
