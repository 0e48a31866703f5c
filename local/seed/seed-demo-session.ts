// A session the demo trainer can sign off after `npm start`: the hand-hygiene training in person,
// assigned to Pieter Claes (demo trainer), with Marie Dubois and Jan Peeters registered. Written once
// under a fixed id through the api's sessions repository: a restart finds it and changes nothing, so
// what the trainer or an admin did with it (marks, sign-off, reopening) is kept.
import { localized } from '@soins/shared';
import type { TrainingRepository } from '../../api/src/domain/catalogue/ports';
import type { TrainingSession } from '../../api/src/domain/sessions';
import type { SessionRepository } from '../../api/src/domain/sessions-use-cases';

export const demoSessionId = 's-demo-hand-hygiene-0001';

export async function seedDemoSession(deps: {
  sessions: SessionRepository;
  trainings: TrainingRepository;
  trainerId: string;
  learnerIds: readonly string[];
  adminId: string;
  now?: Date;
}): Promise<boolean> {
  if (await deps.sessions.get(demoSessionId)) return false;
  const training = await deps.trainings.get('hand-hygiene');
  if (!training) return false;
  const now = deps.now ?? new Date();
  // Under way: it started at the last full hour but one (e.g. 13:00 when seeded at 14:20, Brussels hours
  // start on the same instants as UTC ones) and lasts two hours, so the trainer can mark and sign off at
  // once (the api refuses both before the start). It was scheduled and the learners registered two days
  // before the start, as registrations close when a session starts.
  const hour = 3_600_000;
  const start = Math.floor(now.getTime() / hour) * hour - hour;
  const at = (offset: number) => new Date(start + offset).toISOString();
  const created = at(-48 * hour);
  const session: TrainingSession = {
    id: demoSessionId,
    trainingId: training.trainingId,
    trainingTitle: { fr: localized(training.title, 'fr'), nl: localized(training.title, 'nl') },
    organiser: training.organiser,
    startsAt: at(0),
    endsAt: at(2 * hour),
    place: 'SOINS+, rue Royale 100, 1000 Bruxelles — salle Vésale',
    capacity: 12,
    language: 'fr',
    trainerIds: [deps.trainerId],
    accreditedHours: training.accreditedHours,
    status: 'scheduled',
    createdAt: created,
    createdBy: deps.adminId,
    registrations: deps.learnerIds.map((userId) => ({
      userId,
      status: 'registered' as const,
      requestedAt: created,
      seatedAt: created,
      sequence: 0,
    })),
    attendance: {},
    attestations: [],
  };
  await deps.sessions.create(session);
  return true;
}
