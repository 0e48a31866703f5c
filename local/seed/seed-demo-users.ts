// Gives the demo accounts of the local identity provider their profiles and roles in Cosmos, through
// the api's own repository (so the documents are exactly what the api writes). Idempotent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@soins/shared';
import type { UserProfile, UserRepository } from '../../api/src/domain/identity/model';

export interface DemoUser {
  readonly sub: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly locale: 'fr' | 'nl';
  readonly role: Role;
  readonly password: string;
}

export function readDemoUsers(): DemoUser[] {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'demo-users.json'), 'utf8')) as DemoUser[];
}

export async function seedDemoUsers(deps: {
  users: UserRepository;
  userIdFor: (issuer: string, subject: string) => string;
  issuer: string;
  demoUsers?: readonly DemoUser[];
}): Promise<number> {
  let changed = 0;
  for (const demo of deps.demoUsers ?? readDemoUsers()) {
    const id = deps.userIdFor(deps.issuer, demo.sub);
    const roles: Role[] = demo.role === 'learner' ? ['learner'] : ['learner', demo.role];
    const stored = await deps.users.get(id);
    if (!stored) {
      const now = new Date().toISOString();
      const profile: UserProfile = {
        id,
        issuer: deps.issuer,
        subject: demo.sub,
        email: demo.email,
        displayName: `${demo.firstName} ${demo.lastName}`,
        firstName: demo.firstName,
        lastName: demo.lastName,
        profession: 'nurse',
        roles,
        language: demo.locale,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      };
      if (await deps.users.create(profile)) changed++;
      continue;
    }
    const missing = roles.filter((role) => !stored.value.roles.includes(role));
    const detailsMissing = !stored.value.profession;
    if (missing.length === 0 && stored.value.status === 'active' && !detailsMissing) continue;
    const updated: UserProfile = {
      ...stored.value,
      // Profiles seeded before onboarding existed get the demo person's details.
      ...(detailsMissing
        ? { firstName: demo.firstName, lastName: demo.lastName, profession: 'nurse' as const }
        : {}),
      roles: [...stored.value.roles, ...missing],
      status: 'active',
      updatedAt: new Date().toISOString(),
    };
    if (await deps.users.replace(updated, stored.etag)) changed++;
  }
  return changed;
}
