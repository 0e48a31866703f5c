import type { Language, MyDetails, Role, UserStatus } from '@soins/shared';
import type { AuditLog } from '../audit';
import type { Clock } from '../ports';
import { fail, ok, type Result } from '../result';
import type { GrantableRole, UserProfile, UserRepository, VerifiedIdentity } from './model';

export type AuthError =
  { code: 'unauthorized'; message: string } | { code: 'account_disabled'; message: string };

const supportedLanguages: readonly Language[] = ['fr', 'nl', 'de', 'en'];

function languageFrom(locale: string | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0] as Language;
  return supportedLanguages.includes(base) ? base : 'fr';
}

/**
 * Maps a verified identity to its profile, creating it (role learner) on first call. Roles always
 * come from the stored profile, never from the token.
 */
export class ResolveCaller {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly userIdFor: (issuer: string, subject: string) => string,
    /** Called once when a profile is created (the welcome email). */
    private readonly onCreated: (profile: UserProfile) => Promise<void> = () => Promise.resolve(),
  ) {}

  async execute(identity: VerifiedIdentity): Promise<Result<UserProfile, AuthError>> {
    const id = this.userIdFor(identity.issuer, identity.subject);
    let stored = await this.users.get(id);
    if (!stored) {
      const now = this.clock.now().toISOString();
      const profile: UserProfile = {
        id,
        issuer: identity.issuer,
        subject: identity.subject,
        email: identity.email ?? '',
        displayName: identity.name?.trim() || identity.email?.split('@')[0] || 'SOINS+',
        roles: ['learner'],
        language: languageFrom(identity.locale),
        status: 'active',
        createdAt: now,
        updatedAt: now,
      };
      // Two first calls can race: whoever loses reads the winner's profile.
      if (await this.users.create(profile)) {
        await this.onCreated(profile);
        return ok(profile);
      }
      stored = await this.users.get(id);
      if (!stored) return fail({ code: 'unauthorized', message: 'profile vanished' });
    }
    const profile = stored.value;
    if (profile.status === 'deleted') return fail({ code: 'unauthorized', message: 'deleted' });
    if (profile.status === 'disabled') return fail({ code: 'account_disabled', message: 'disabled' });
    return ok(profile);
  }
}

export type AdminError =
  | { code: 'not_found'; message: string }
  | { code: 'cannot_remove_own_admin'; message: string }
  | { code: 'cannot_disable_self'; message: string }
  | { code: 'conflict'; message: string };

/**
 * Read-modify-write with optimistic concurrency, retried a few times on a concurrent change. `changed`
 * runs once the change is stored (not for a change that changes nothing): the audit of staff actions.
 */
async function updateProfile(
  users: UserRepository,
  clock: Clock,
  id: string,
  change: (profile: UserProfile) => UserProfile,
  changed?: (before: UserProfile, after: UserProfile) => Promise<void>,
): Promise<Result<UserProfile, AdminError>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await users.get(id);
    if (!stored || stored.value.status === 'deleted')
      return fail({ code: 'not_found', message: 'no such user' });
    const next = change(stored.value);
    if (next === stored.value) return ok(next);
    const updated = { ...next, updatedAt: clock.now().toISOString() };
    if (await users.replace(updated, stored.etag)) {
      await changed?.(stored.value, updated);
      return ok(updated);
    }
  }
  return fail({ code: 'conflict', message: 'concurrent update' });
}

export class ChangeRole {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  execute(input: {
    actor: UserProfile;
    userId: string;
    role: GrantableRole;
    grant: boolean;
  }): Promise<Result<UserProfile, AdminError>> {
    if (!input.grant && input.role === 'admin' && input.userId === input.actor.id) {
      return Promise.resolve(fail({ code: 'cannot_remove_own_admin', message: 'own admin role' }));
    }
    return updateProfile(
      this.users,
      this.clock,
      input.userId,
      (profile) => {
        const has = profile.roles.includes(input.role);
        if (has === input.grant) return profile;
        const roles: Role[] = input.grant
          ? [...profile.roles, input.role]
          : profile.roles.filter((role) => role !== input.role);
        return { ...profile, roles };
      },
      (before, after) =>
        this.audit.record({
          actor: input.actor.id,
          action: input.grant ? 'user.role.grant' : 'user.role.revoke',
          target: { type: 'user', id: input.userId },
          at: after.updatedAt,
          before: { roles: [...before.roles] },
          after: { roles: [...after.roles] },
        }),
    );
  }
}

export class SetUserStatus {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  execute(input: {
    actor: UserProfile;
    userId: string;
    status: UserStatus;
  }): Promise<Result<UserProfile, AdminError>> {
    if (input.userId === input.actor.id && input.status === 'disabled') {
      return Promise.resolve(fail({ code: 'cannot_disable_self', message: 'cannot disable yourself' }));
    }
    return updateProfile(
      this.users,
      this.clock,
      input.userId,
      (profile) => (profile.status === input.status ? profile : { ...profile, status: input.status }),
      (before, after) =>
        this.audit.record({
          actor: input.actor.id,
          action: 'user.status.change',
          target: { type: 'user', id: input.userId },
          at: after.updatedAt,
          before: { status: before.status },
          after: { status: after.status },
        }),
    );
  }
}

export class ChangeMyLanguage {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  execute(input: { userId: string; language: Language }): Promise<Result<UserProfile, AdminError>> {
    return updateProfile(this.users, this.clock, input.userId, (profile) =>
      profile.language === input.language ? profile : { ...profile, language: input.language },
    );
  }
}

export class UpdateMyDetails {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  /** Names, profession and phone from the onboarding form; the display name follows the names. */
  execute(input: { userId: string; details: MyDetails }): Promise<Result<UserProfile, AdminError>> {
    const { firstName, lastName, profession, specialistTitle, phone } = input.details;
    return updateProfile(this.users, this.clock, input.userId, (profile) => {
      const { phone: _previousPhone, ...rest } = profile;
      return {
        ...rest,
        firstName,
        lastName,
        displayName: `${firstName} ${lastName}`,
        profession,
        // Only nurses hold specialist titles in the training obligations (DESIGN.md §5).
        specialistTitle: profession === 'nurse' && specialistTitle,
        ...(phone ? { phone } : {}),
      };
    });
  }
}
