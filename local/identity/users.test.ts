import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS_FILE } from './provider';
import { UserStore, hashPassword, loadDemoUsers, verifyPassword, type DemoUser } from './users';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plain-text')).toBe(false);
  });
});

describe('UserStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'soins-users-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const demo: DemoUser[] = [
    {
      sub: 'demo-a',
      email: 'a@demo.test',
      firstName: 'A',
      lastName: 'Un',
      locale: 'fr',
      role: 'learner',
      password: 'demo-password-1',
    },
    {
      sub: 'demo-b',
      email: 'b@demo.test',
      firstName: 'B',
      lastName: 'Twee',
      locale: 'nl',
      role: 'admin',
      password: 'demo-password-2',
    },
  ];

  it('seeds demo users idempotently and keeps other accounts', async () => {
    const store = new UserStore(dir);
    expect(await store.seedDemoUsers(demo)).toEqual({ added: 2, updated: 0, skipped: [] });
    const created = await store.create({
      email: 'Other@Example.be',
      firstName: 'O',
      lastName: 'P',
      locale: 'nl',
      password: 'another-password',
    });
    expect(created.ok).toBe(true);

    const reopened = new UserStore(dir);
    expect(await reopened.seedDemoUsers(demo)).toEqual({ added: 0, updated: 0, skipped: [] });
    expect(reopened.all()).toHaveLength(3);
    expect(reopened.findByEmail('other@example.be')?.firstName).toBe('O');

    // A changed seed updates the demo account (matched by sub), not a duplicate.
    const changed = demo.map((d) =>
      d.sub === 'demo-a' ? { ...d, firstName: 'Anne', password: 'new-demo-password' } : d,
    );
    expect(await reopened.seedDemoUsers(changed)).toEqual({ added: 0, updated: 1, skipped: [] });
    expect(reopened.all()).toHaveLength(3);
    expect((await reopened.authenticate('a@demo.test', 'new-demo-password'))?.firstName).toBe('Anne');
    expect(await reopened.authenticate('a@demo.test', 'demo-password-1')).toBeUndefined();
  });

  it('does not give a demo account an e-mail that another account owns', async () => {
    const store = new UserStore(dir);
    await store.create({
      email: 'A@demo.test',
      firstName: 'Real',
      lastName: 'Person',
      locale: 'fr',
      password: 'a-real-password',
    });
    expect(await store.seedDemoUsers(demo)).toEqual({ added: 1, updated: 0, skipped: ['demo-a'] });
    expect(store.findByEmail('a@demo.test')?.firstName).toBe('Real');
  });

  it('refuses a second account for the same e-mail in any letter case and never stores passwords', async () => {
    const store = new UserStore(dir);
    const first = await store.create({
      email: ' Lien.Maes@Example.be ',
      firstName: 'Lien',
      lastName: 'Maes',
      locale: 'nl',
      password: 'lien-password-1',
    });
    if (!first.ok) throw new Error('not created');
    expect(first.user.email).toBe('lien.maes@example.be');
    expect(first.user.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      await store.create({
        email: 'LIEN.MAES@example.be',
        firstName: 'X',
        lastName: 'Y',
        locale: 'fr',
        password: 'other-password',
      }),
    ).toEqual({ ok: false, code: 'email_taken' });
    expect(readFileSync(join(dir, 'users.json'), 'utf8')).not.toContain('lien-password-1');
    expect((await store.authenticate('Lien.Maes@example.BE', 'lien-password-1'))?.sub).toBe(first.user.sub);
    expect(await store.authenticate('lien.maes@example.be', 'wrong-password')).toBeUndefined();
    expect(await store.authenticate('nobody@example.be', 'lien-password-1')).toBeUndefined();
  });
});

describe('demo-users.json', () => {
  it('has at least two learners, an admin and a trainer with distinct subs and e-mails', () => {
    const users = loadDemoUsers(DEMO_USERS_FILE);
    const roles = users.map((u) => u.role);
    expect(roles.filter((r) => r === 'learner').length).toBeGreaterThanOrEqual(2);
    expect(roles).toContain('admin');
    expect(roles).toContain('trainer');
    expect(new Set(users.map((u) => u.sub)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.locale))).toEqual(new Set(['fr', 'nl']));
  });
});
