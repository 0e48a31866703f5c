// Gives the demo learners an approved diploma, through the api's own repository, so that they receive
// certificates as any learner whose diploma was reviewed does (certificates need a complete profile and
// an approved diploma). The record only: there is no file behind it, and the review queue never lists
// an approved diploma. Idempotent: a learner who already has a diploma keeps it.
import type { Diploma } from '@soins/shared';
import type { DiplomaRepository } from '../../api/src/domain/diplomas';
import { readDemoUsers, type DemoUser } from './seed-demo-users';

export async function seedDemoDiplomas(deps: {
  diplomas: Pick<DiplomaRepository, 'create' | 'latestFor'>;
  userIdFor: (issuer: string, subject: string) => string;
  issuer: string;
  demoUsers?: readonly DemoUser[];
}): Promise<number> {
  let created = 0;
  for (const demo of (deps.demoUsers ?? readDemoUsers()).filter((user) => user.role === 'learner')) {
    const userId = deps.userIdFor(deps.issuer, demo.sub);
    if (await deps.diplomas.latestFor(userId)) continue;
    const at = new Date().toISOString();
    const diploma: Diploma = {
      id: `demo-${demo.sub}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80),
      userId,
      status: 'approved',
      contentType: 'application/pdf',
      sizeBytes: 1,
      uploadedAt: at,
      decidedAt: at,
    };
    await deps.diplomas.create(diploma);
    created++;
  }
  return created;
}
