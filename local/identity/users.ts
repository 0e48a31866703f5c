// Accounts of the local identity provider, persisted in `<dataDir>/users.json`. Passwords are hashed
// with scrypt and a per-user salt and compared in constant time. Demo accounts from
// `local/seed/demo-users.json` are (re)seeded on every start without touching other accounts.
import { randomBytes, randomUUID, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../lib/json-store';

export type Locale = 'fr' | 'nl';
export const LOCALES: readonly Locale[] = ['fr', 'nl'];

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'nl';
}

export interface UserAccount {
  /** Stable subject identifier (`sub` claim). */
  readonly sub: string;
  /** Lower-case, trimmed. */
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly locale: Locale;
  /** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
  readonly passwordHash: string;
  readonly createdAt: string;
  /** Set for accounts seeded from demo-users.json. */
  readonly demo?: boolean;
}

export interface DemoUser {
  readonly sub: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly locale: Locale;
  readonly role: 'learner' | 'admin' | 'trainer';
  readonly password: string;
}

export interface NewUser {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly locale: Locale;
  readonly password: string;
}

export const USERS_FILE = 'users.json';
export const MIN_PASSWORD_LENGTH = 12;

// --- password hashing ---------------------------------------------------------------------------

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const hash = await scryptAsync(password, salt, SCRYPT.keyLength, {
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
  });
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

/** Constant-time check of `password` against a hash made by `hashPassword`. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashText, 'base64url');
  if (expected.length === 0) return false;
  const actual = await scryptAsync(password, Buffer.from(saltText, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// A hash of a random password, checked when the e-mail is unknown so that a wrong e-mail and a wrong
// password take the same time.
let dummyHash: Promise<string> | undefined;

// --- validation ---------------------------------------------------------------------------------

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}

export function displayName(user: Pick<UserAccount, 'firstName' | 'lastName'>): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUserAccount(value: unknown): value is UserAccount {
  return (
    isRecord(value) &&
    typeof value.sub === 'string' &&
    typeof value.email === 'string' &&
    typeof value.firstName === 'string' &&
    typeof value.lastName === 'string' &&
    isLocale(value.locale) &&
    typeof value.passwordHash === 'string'
  );
}

/** Reads and validates `local/seed/demo-users.json` (or another file in the same format). */
export function loadDemoUsers(file: string): DemoUser[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array of demo users`);
  return parsed.map((item: unknown, index) => {
    if (
      !isRecord(item) ||
      typeof item.sub !== 'string' ||
      !item.sub ||
      typeof item.email !== 'string' ||
      !isValidEmail(normalizeEmail(item.email)) ||
      typeof item.firstName !== 'string' ||
      typeof item.lastName !== 'string' ||
      !isLocale(item.locale) ||
      (item.role !== 'learner' && item.role !== 'admin' && item.role !== 'trainer') ||
      typeof item.password !== 'string' ||
      item.password.length < MIN_PASSWORD_LENGTH
    ) {
      throw new Error(`${file}: demo user #${index} is invalid`);
    }
    return {
      sub: item.sub,
      email: normalizeEmail(item.email),
      firstName: item.firstName,
      lastName: item.lastName,
      locale: item.locale,
      role: item.role,
      password: item.password,
    };
  });
}

// --- store --------------------------------------------------------------------------------------

export type CreateUserResult =
  { readonly ok: true; readonly user: UserAccount } | { readonly ok: false; readonly code: 'email_taken' };

export class UserStore {
  private users: UserAccount[];
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, USERS_FILE);
    const saved = readJsonFile(this.file);
    const list = isRecord(saved) && Array.isArray(saved.users) ? (saved.users as unknown[]) : [];
    this.users = list.filter(isUserAccount);
  }

  all(): readonly UserAccount[] {
    return this.users;
  }

  findBySub(sub: string): UserAccount | undefined {
    return this.users.find((u) => u.sub === sub);
  }

  findByEmail(email: string): UserAccount | undefined {
    const wanted = normalizeEmail(email);
    return this.users.find((u) => u.email === wanted);
  }

  /** The account for these credentials, or undefined (same timing for an unknown e-mail). */
  async authenticate(email: string, password: string): Promise<UserAccount | undefined> {
    const user = this.findByEmail(email);
    if (!user) {
      dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(password, await dummyHash);
      return undefined;
    }
    return (await verifyPassword(password, user.passwordHash)) ? user : undefined;
  }

  /** Deletes the account (the api's erasure, like Graph's `DELETE /users/{id}`); false when unknown. */
  delete(sub: string): boolean {
    const before = this.users.length;
    this.users = this.users.filter((u) => u.sub !== sub);
    if (this.users.length === before) return false;
    this.save();
    return true;
  }

  /** Creates a self-service account with a random stable `sub`; the e-mail must be unused. */
  async create(input: NewUser): Promise<CreateUserResult> {
    const email = normalizeEmail(input.email);
    if (this.findByEmail(email)) return { ok: false, code: 'email_taken' };
    const passwordHash = await hashPassword(input.password);
    // Checked again: another sign-up may have taken the address while we were hashing.
    if (this.findByEmail(email)) return { ok: false, code: 'email_taken' };
    const user: UserAccount = {
      sub: randomUUID(),
      email,
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      locale: input.locale,
      passwordHash,
      createdAt: new Date().toISOString(),
    };
    this.users = [...this.users, user];
    this.save();
    return { ok: true, user };
  }

  /**
   * Adds or refreshes the demo accounts: matched by `sub`, their names, e-mail, language and password
   * follow the seed file; other accounts are never changed. A demo account whose e-mail already
   * belongs to another account is skipped (reported in the result by `sub`).
   */
  async seedDemoUsers(
    demo: readonly DemoUser[],
  ): Promise<{ added: number; updated: number; skipped: string[] }> {
    let added = 0;
    let updated = 0;
    const skipped: string[] = [];
    const results = await Promise.all(
      demo.map(async (d) => {
        const existing = this.findBySub(d.sub);
        const passwordOk = existing ? await verifyPassword(d.password, existing.passwordHash) : false;
        const passwordHash = passwordOk && existing ? existing.passwordHash : await hashPassword(d.password);
        return { d, existing, passwordHash };
      }),
    );
    let users = [...this.users];
    for (const { d, existing, passwordHash } of results) {
      const owner = users.find((u) => u.email === d.email);
      if (owner && owner.sub !== d.sub) {
        skipped.push(d.sub);
        continue;
      }
      const next: UserAccount = {
        sub: d.sub,
        email: d.email,
        firstName: d.firstName,
        lastName: d.lastName,
        locale: d.locale,
        passwordHash,
        createdAt: existing?.createdAt ?? new Date().toISOString(),
        demo: true,
      };
      if (!existing) {
        users.push(next);
        added += 1;
      } else if (JSON.stringify(existing) !== JSON.stringify(next)) {
        users = users.map((u) => (u.sub === d.sub ? next : u));
        updated += 1;
      }
    }
    if (added > 0 || updated > 0) {
      this.users = users;
      this.save();
    }
    return { added, updated, skipped };
  }

  private save(): void {
    writeFileAtomic(this.file, `${JSON.stringify({ version: 1, users: this.users }, null, 2)}\n`);
    chmodSync(this.file, 0o600);
  }
}
