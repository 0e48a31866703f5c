import type { Role } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import type { UserPage, UserProfile, UserRepository, Versioned } from '../src/domain/identity/model';
import { isProfileComplete } from '../src/domain/identity/model';
import {
  ChangeMyLanguage,
  ChangeRole,
  ResolveCaller,
  SetUserStatus,
  UpdateMyDetails,
} from '../src/domain/identity/use-cases';
import { MemoryAuditLog } from './fakes/audit-fakes';

/** In-memory repository with etags, for domain tests only (integration tests use the Cosmos emulator). */
class MemoryUsers implements UserRepository {
  readonly docs = new Map<string, Versioned<UserProfile>>();
  conflictsToSimulate = 0;
  private version = 0;

  activeWithRole(role: Role) {
    return Promise.resolve(
      [...this.docs.values()]
        .map((doc) => doc.value)
        .filter((profile) => profile.status === 'active' && profile.roles.includes(role)),
    );
  }
  get(id: string) {
    return Promise.resolve(this.docs.get(id));
  }
  create(profile: UserProfile) {
    if (this.docs.has(profile.id)) return Promise.resolve(false);
    this.docs.set(profile.id, { value: profile, etag: String(++this.version) });
    return Promise.resolve(true);
  }
  replace(profile: UserProfile, etag: string) {
    if (this.conflictsToSimulate > 0) {
      this.conflictsToSimulate--;
      const stored = this.docs.get(profile.id);
      if (stored) this.docs.set(profile.id, { value: stored.value, etag: String(++this.version) });
      return Promise.resolve(false);
    }
    if (this.docs.get(profile.id)?.etag !== etag) return Promise.resolve(false);
    this.docs.set(profile.id, { value: profile, etag: String(++this.version) });
    return Promise.resolve(true);
  }
  list(): Promise<UserPage> {
    return Promise.resolve({
      items: [...this.docs.values()].map((d) => ({ profile: d.value, subscription: 'none' as const })),
    });
  }
  findByEmail(email: string) {
    return Promise.resolve(
      [...this.docs.values()].map((d) => d.value).find((p) => p.email.toLowerCase() === email.toLowerCase()),
    );
  }
}

const clock = { now: () => new Date('2026-11-25T10:00:00Z') };
const idFor = (issuer: string, subject: string) => `u_${issuer.length}_${subject}`;

async function signedIn(users: MemoryUsers, subject: string, locale?: string): Promise<UserProfile> {
  const result = await new ResolveCaller(users, clock, idFor).execute({
    issuer: 'https://idp',
    subject,
    email: `${subject}@example.be`,
    name: `User ${subject}`,
    ...(locale ? { locale } : {}),
  });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

describe('ResolveCaller', () => {
  it('creates a learner profile on the first call, in the token language', async () => {
    const users = new MemoryUsers();
    const profile = await signedIn(users, 'jan', 'nl-BE');
    expect(profile).toMatchObject({
      roles: ['learner'],
      language: 'nl',
      status: 'active',
      displayName: 'User jan',
    });
    expect(users.docs.size).toBe(1);
    expect((await signedIn(users, 'jan', 'fr')).language).toBe('nl'); // the stored choice wins
    expect(users.docs.size).toBe(1);
  });

  it('defaults to French for unknown locales', async () => {
    expect((await signedIn(new MemoryUsers(), 'x', 'es-ES')).language).toBe('fr');
  });

  it('refuses disabled (403) and deleted (401) accounts even with a valid token', async () => {
    const users = new MemoryUsers();
    const profile = await signedIn(users, 'a');
    const resolve = new ResolveCaller(users, clock, idFor);
    const identity = { issuer: 'https://idp', subject: 'a' };
    users.docs.set(profile.id, { value: { ...profile, status: 'disabled' }, etag: 'x' });
    expect(await resolve.execute(identity)).toMatchObject({ ok: false, error: { code: 'account_disabled' } });
    users.docs.set(profile.id, { value: { ...profile, status: 'deleted' }, etag: 'y' });
    expect(await resolve.execute(identity)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});

describe('admin use cases', () => {
  it('grants and revokes roles idempotently, auditing each change (not the no-op) with before and after', async () => {
    const users = new MemoryUsers();
    const audit = new MemoryAuditLog();
    const admin = { ...(await signedIn(users, 'admin')), roles: ['learner', 'admin'] as const };
    const target = await signedIn(users, 'target');
    const change = new ChangeRole(users, clock, audit);
    const granted = await change.execute({ actor: admin, userId: target.id, role: 'trainer', grant: true });
    expect(granted).toMatchObject({ ok: true, value: { roles: ['learner', 'trainer'] } });
    const again = await change.execute({ actor: admin, userId: target.id, role: 'trainer', grant: true });
    expect(again).toMatchObject({ ok: true, value: { roles: ['learner', 'trainer'] } });
    const revoked = await change.execute({ actor: admin, userId: target.id, role: 'trainer', grant: false });
    expect(revoked).toMatchObject({ ok: true, value: { roles: ['learner'] } });
    expect(audit.entries).toEqual([
      {
        actor: admin.id,
        action: 'user.role.grant',
        target: { type: 'user', id: target.id },
        at: '2026-11-25T10:00:00.000Z',
        before: { roles: ['learner'] },
        after: { roles: ['learner', 'trainer'] },
      },
      {
        actor: admin.id,
        action: 'user.role.revoke',
        target: { type: 'user', id: target.id },
        at: '2026-11-25T10:00:00.000Z',
        before: { roles: ['learner', 'trainer'] },
        after: { roles: ['learner'] },
      },
    ]);
  });

  it('audits a status change with the status before and after', async () => {
    const users = new MemoryUsers();
    const audit = new MemoryAuditLog();
    const admin = { ...(await signedIn(users, 'admin')), roles: ['learner', 'admin'] as const };
    const target = await signedIn(users, 'target');
    const setStatus = new SetUserStatus(users, clock, audit);
    expect((await setStatus.execute({ actor: admin, userId: target.id, status: 'disabled' })).ok).toBe(true);
    expect(audit.entries).toEqual([
      {
        actor: admin.id,
        action: 'user.status.change',
        target: { type: 'user', id: target.id },
        at: '2026-11-25T10:00:00.000Z',
        before: { status: 'active' },
        after: { status: 'disabled' },
      },
    ]);
  });

  it('forbids an admin to remove their own admin role or disable themselves', async () => {
    const users = new MemoryUsers();
    const audit = new MemoryAuditLog();
    const admin = { ...(await signedIn(users, 'admin')), roles: ['learner', 'admin'] as const };
    expect(
      await new ChangeRole(users, clock, audit).execute({
        actor: admin,
        userId: admin.id,
        role: 'admin',
        grant: false,
      }),
    ).toMatchObject({ ok: false, error: { code: 'cannot_remove_own_admin' } });
    expect(
      await new SetUserStatus(users, clock, audit).execute({
        actor: admin,
        userId: admin.id,
        status: 'disabled',
      }),
    ).toMatchObject({ ok: false, error: { code: 'cannot_disable_self' } });
    expect(audit.entries).toEqual([]);
  });

  it('answers not_found for unknown users', async () => {
    const users = new MemoryUsers();
    const admin = await signedIn(users, 'admin');
    expect(
      await new ChangeRole(users, clock, new MemoryAuditLog()).execute({
        actor: admin,
        userId: 'u_nobody',
        role: 'trainer',
        grant: true,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('retries on a concurrent change and gives up after three', async () => {
    const users = new MemoryUsers();
    const me = await signedIn(users, 'me');
    users.conflictsToSimulate = 2;
    expect(await new ChangeMyLanguage(users, clock).execute({ userId: me.id, language: 'nl' })).toMatchObject(
      {
        ok: true,
        value: { language: 'nl' },
      },
    );
    users.conflictsToSimulate = 3;
    expect(await new ChangeMyLanguage(users, clock).execute({ userId: me.id, language: 'fr' })).toMatchObject(
      {
        ok: false,
        error: { code: 'conflict' },
      },
    );
  });

  it('completes the profile with names, profession and phone, and removes a phone left empty', async () => {
    const users = new MemoryUsers();
    const me = await signedIn(users, 'details');
    expect(isProfileComplete(me)).toBe(false);
    const update = new UpdateMyDetails(users, clock);
    const first = await update.execute({
      userId: me.id,
      details: {
        firstName: 'Lies',
        lastName: 'Janssens',
        profession: 'nurse',
        specialistTitle: true,
        phone: '+32470123456',
      },
    });
    expect(first).toMatchObject({
      ok: true,
      value: {
        displayName: 'Lies Janssens',
        profession: 'nurse',
        specialistTitle: true,
        phone: '+32470123456',
      },
    });
    const second = await update.execute({
      userId: me.id,
      details: {
        firstName: 'Lies',
        lastName: 'Janssens',
        profession: 'midwife',
        specialistTitle: true,
        phone: '',
      },
    });
    if (!second.ok) throw new Error('expected the update to succeed');
    expect(second.value.phone).toBeUndefined();
    expect(second.value.specialistTitle).toBe(false);
    expect(isProfileComplete(second.value)).toBe(true);
  });
});
