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
  // Tomorrow, 09:00–11:00 in Brussels (08:00–10:00 UTC in winter, 07:00–09:00 in summer).
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const offsetHours =
    Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', hour12: false })
        .format(new Date(day.getTime() + 12 * 3_600_000))
        .slice(0, 2),
    ) - 12;
  const at = (hour: number) => new Date(day.getTime() + (hour - offsetHours) * 3_600_000).toISOString();
  const created = now.toISOString();
  const session: TrainingSession = {
    id: demoSessionId,
    trainingId: training.trainingId,
    trainingTitle: { fr: localized(training.title, 'fr'), nl: localized(training.title, 'nl') },
    organiser: training.organiser,
    startsAt: at(9),
    endsAt: at(11),
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
