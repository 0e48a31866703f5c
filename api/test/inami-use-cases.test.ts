import { describe, expect, it } from 'vitest';
import { BlindIndex, FieldCipher, keyringFromKeys } from '../src/adapters/crypto/field-cipher';
import {
  GetInami,
  inamiCipherContext,
  RemoveMyInami,
  RevealInami,
  RotateInamiKeys,
  SetMyInami,
  type Actor,
  type IndexClaim,
  type InamiPage,
  type InamiSnapshot,
  type InamiStore,
  type StoredInami,
} from '../src/domain/inami-use-cases';
import { MemoryAuditLog } from './fakes/audit-fakes';

/** In-memory store with etags and atomic index claims, for domain tests (the Cosmos adapter has its own). */
class MemoryInamiStore implements InamiStore {
  readonly records = new Map<string, { value: StoredInami | undefined; etag: string }>();
  readonly claims = new Map<string, IndexClaim>();
  private version = 0;
  /** Simulates another writer changing the record right before the next N writes. */
  concurrentWrites = 0;

  read(userId: string): Promise<InamiSnapshot> {
    const doc = this.records.get(userId);
    return Promise.resolve({ value: doc?.value, etag: doc?.etag });
  }
  write(userId: string, value: StoredInami | undefined, etag: string | undefined): Promise<boolean> {
    if (this.concurrentWrites > 0) {
      this.concurrentWrites--;
      const doc = this.records.get(userId);
      this.records.set(userId, { value: doc?.value, etag: `e${++this.version}` });
      return Promise.resolve(false);
    }
    const doc = this.records.get(userId);
    if (doc?.etag !== etag) return Promise.resolve(false);
    if (!doc && !value) return Promise.resolve(true);
    this.records.set(userId, { value, etag: `e${++this.version}` });
    return Promise.resolve(true);
  }
  list(query: { continuationToken?: string; pageSize: number }): Promise<InamiPage> {
    const all = [...this.records.entries()].flatMap(([userId, doc]) =>
      doc.value ? [{ userId, value: doc.value, etag: doc.etag }] : [],
    );
    const start = Number(query.continuationToken ?? '0');
    const end = start + query.pageSize;
    return Promise.resolve({
      items: all.slice(start, end),
      ...(end < all.length ? { continuationToken: String(end) } : {}),
    });
  }
  indexOwner(index: string): Promise<IndexClaim | undefined> {
    return Promise.resolve(this.claims.get(index));
  }
  claimIndex(index: string, userId: string, at: string): Promise<boolean> {
    const claim = this.claims.get(index);
    if (claim) return Promise.resolve(claim.userId === userId);
    this.claims.set(index, { userId, claimedAt: at });
    return Promise.resolve(true);
  }
  releaseIndex(index: string, userId: string): Promise<void> {
    if (this.claims.get(index)?.userId === userId) this.claims.delete(index);
    return Promise.resolve();
  }
}

const key = (fill: number) => Buffer.alloc(32, fill);
const encV1 = new FieldCipher(keyringFromKeys(1, { 1: key(1) }));
const encV2 = new FieldCipher(keyringFromKeys(2, { 1: key(1), 2: key(2) }));
const idxV1 = new BlindIndex(keyringFromKeys(1, { 1: key(11) }));
const idxV2 = new BlindIndex(keyringFromKeys(2, { 1: key(11), 2: key(12) }));

function clockAt(iso: string) {
  const clock = { time: new Date(iso), now: () => clock.time };
  return clock;
}

const alice: Actor = { id: 'u_alice', roles: ['learner'] };
const bob: Actor = { id: 'u_bob', roles: ['learner'] };
const admin: Actor = { id: 'u_admin', roles: ['learner', 'admin'] };

function setup(cipher = encV1, index = idxV1) {
  const store = new MemoryInamiStore();
  const audit = new MemoryAuditLog();
  const clock = clockAt('2026-11-25T10:00:00Z');
  return {
    store,
    audit,
    clock,
    set: new SetMyInami(store, cipher, index, clock),
    remove: new RemoveMyInami(store),
    get: new GetInami(store, cipher),
    reveal: new RevealInami(store, cipher, audit, clock),
  };
}

describe('SetMyInami', () => {
  it('stores the number encrypted with its blind index and returns the formatted and masked forms', async () => {
    const { set, store } = setup();
    const result = await set.execute({ userId: alice.id, inami: '4.12345.02.401' });
    expect(result).toEqual({ ok: true, value: { masked: '•-•••••-••-401', number: '4-12345-02-401' } });
    const stored = store.records.get(alice.id)?.value;
    expect(stored).toMatchObject({ keyVersion: 1, indexVersion: 1, updatedAt: '2026-11-25T10:00:00.000Z' });
    expect(JSON.stringify(stored)).not.toMatch(/12345|41234502401/);
    expect(stored?.blindIndex).toBe(idxV1.compute('41234502'));
    expect(store.claims.get(stored?.blindIndex ?? '')?.userId).toBe(alice.id);
    expect(encV1.decrypt(stored?.ciphertext ?? '', inamiCipherContext(alice.id))).toEqual({
      ok: true,
      value: '41234502401',
    });
  });

  it('returns field errors for invalid input and stores nothing', async () => {
    const { set, store } = setup();
    expect(await set.execute({ userId: alice.id, inami: '4-12345-02' })).toMatchObject({
      ok: false,
      error: { code: 'inami_format', field: 'inami' },
    });
    expect(await set.execute({ userId: alice.id, inami: '4-12345-03-401' })).toMatchObject({
      ok: false,
      error: { code: 'inami_checksum', field: 'inami' },
    });
    expect(store.records.size).toBe(0);
    expect(store.claims.size).toBe(0);
  });

  it('refuses the same number on another account, however it is typed', async () => {
    const { set, store } = setup();
    expect((await set.execute({ userId: alice.id, inami: '41234502401' })).ok).toBe(true);
    const refused = await set.execute({ userId: bob.id, inami: '4 12345 02 401' });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'inami_taken', message: 'number registered on another account', field: 'inami' },
    });
    expect(store.records.has(bob.id)).toBe(false);
  });

  it('refuses the same professional with another qualification code (digits 1–8 identify them)', async () => {
    const { set } = setup();
    await set.execute({ userId: alice.id, inami: '41234502401' });
    expect(await set.execute({ userId: bob.id, inami: '41234502001' })).toMatchObject({
      ok: false,
      error: { code: 'inami_taken' },
    });
    // Same six digits, other series: another professional.
    expect((await set.execute({ userId: bob.id, inami: '41234581401' })).ok).toBe(true);
  });

  it('lets the owner save the same number again, or a new qualification code', async () => {
    const { set, store } = setup();
    await set.execute({ userId: alice.id, inami: '41234502401' });
    const before = store.records.get(alice.id)?.value?.ciphertext;
    expect((await set.execute({ userId: alice.id, inami: '4-12345-02-401' })).ok).toBe(true);
    expect((await set.execute({ userId: alice.id, inami: '4-12345-02-001' })).ok).toBe(true);
    expect(store.records.get(alice.id)?.value?.ciphertext).not.toBe(before); // fresh IV
    expect(store.claims.size).toBe(1);
  });

  it('frees the old number when the owner changes it', async () => {
    const { set, store } = setup();
    await set.execute({ userId: alice.id, inami: '41234502401' });
    await set.execute({ userId: alice.id, inami: '19006951001' });
    expect(store.claims.size).toBe(1);
    expect((await set.execute({ userId: bob.id, inami: '41234502401' })).ok).toBe(true);
  });

  it('lets exactly one of two accounts win a simultaneous save of the same number', async () => {
    const { set } = setup();
    const results = await Promise.all([
      set.execute({ userId: alice.id, inami: '41234502401' }),
      set.execute({ userId: bob.id, inami: '41234502401' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'inami_taken')).toHaveLength(1);
  });

  it('keeps an unreferenced claim during the grace period, then reclaims it', async () => {
    const { set, store, clock } = setup();
    const index = idxV1.compute('41234502');
    store.claims.set(index, { userId: bob.id, claimedAt: '2026-11-25T09:58:00Z' }); // Bob's save crashed
    expect(await set.execute({ userId: alice.id, inami: '41234502401' })).toMatchObject({
      ok: false,
      error: { code: 'inami_taken' },
    });
    clock.time = new Date('2026-11-25T10:20:00Z');
    expect((await set.execute({ userId: alice.id, inami: '41234502401' })).ok).toBe(true);
    expect(store.claims.get(index)?.userId).toBe(alice.id);
  });

  it('never reclaims a claim its holder’s record points at, however old', async () => {
    const { set, clock } = setup();
    await set.execute({ userId: bob.id, inami: '41234502401' });
    clock.time = new Date('2027-11-25T10:00:00Z');
    expect((await set.execute({ userId: alice.id, inami: '41234502401' })).ok).toBe(false);
  });

  it('retries on a concurrent change of the record, then reports a conflict', async () => {
    const { set, store } = setup();
    store.concurrentWrites = 2;
    expect((await set.execute({ userId: alice.id, inami: '41234502401' })).ok).toBe(true);
    store.concurrentWrites = 3;
    expect(await set.execute({ userId: alice.id, inami: '41234502401' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });
});

describe('RemoveMyInami', () => {
  it('removes the number and frees it for another account; removing nothing is fine', async () => {
    const { set, remove, store } = setup();
    expect(await remove.execute({ userId: alice.id })).toEqual({ ok: true, value: undefined });
    await set.execute({ userId: alice.id, inami: '41234502401' });
    expect(await remove.execute({ userId: alice.id })).toEqual({ ok: true, value: undefined });
    expect(store.records.get(alice.id)?.value).toBeUndefined();
    expect(store.claims.size).toBe(0);
    expect((await set.execute({ userId: bob.id, inami: '41234502401' })).ok).toBe(true);
  });
});

describe('GetInami and RevealInami', () => {
  async function withAlicesNumber() {
    const context = setup();
    await context.set.execute({ userId: alice.id, inami: '41234502401' });
    return context;
  }

  it('shows the full number to its owner and the masked number to an admin', async () => {
    const { get } = await withAlicesNumber();
    expect(await get.execute({ actor: alice, userId: alice.id })).toEqual({
      ok: true,
      value: { present: true, masked: '•-•••••-••-401', number: '4-12345-02-401' },
    });
    expect(await get.execute({ actor: admin, userId: alice.id })).toEqual({
      ok: true,
      value: { present: true, masked: '•-•••••-••-401' },
    });
    expect(await get.execute({ actor: admin, userId: bob.id })).toEqual({
      ok: true,
      value: { present: false },
    });
  });

  it('refuses another learner, to view or to reveal, and audits nothing', async () => {
    const { get, reveal, audit } = await withAlicesNumber();
    expect(await get.execute({ actor: bob, userId: alice.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await reveal.execute({ actor: bob, userId: alice.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await reveal.execute({ actor: { id: 'u_trainer', roles: ['trainer'] }, userId: alice.id }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(audit.entries).toEqual([]);
  });

  it('audits every admin reveal before showing the number', async () => {
    const { reveal, audit } = await withAlicesNumber();
    expect(await reveal.execute({ actor: admin, userId: alice.id })).toEqual({
      ok: true,
      value: { number: '4-12345-02-401' },
    });
    await reveal.execute({ actor: admin, userId: alice.id });
    expect(audit.entries).toEqual([
      {
        actor: admin.id,
        action: 'inami.reveal',
        target: { type: 'user', id: alice.id },
        at: '2026-11-25T10:00:00.000Z',
      },
      {
        actor: admin.id,
        action: 'inami.reveal',
        target: { type: 'user', id: alice.id },
        at: '2026-11-25T10:00:00.000Z',
      },
    ]);
    expect(JSON.stringify(audit.entries)).not.toMatch(/12345/);
  });

  it('does not audit the owner, nor a reveal of a user without a number', async () => {
    const { reveal, audit } = await withAlicesNumber();
    expect((await reveal.execute({ actor: alice, userId: alice.id })).ok).toBe(true);
    expect(await reveal.execute({ actor: admin, userId: bob.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(audit.entries).toEqual([]);
  });

  it('fails closed when the audit cannot be written', async () => {
    const { reveal, audit } = await withAlicesNumber();
    audit.failing = true;
    await expect(reveal.execute({ actor: admin, userId: alice.id })).rejects.toThrow('audit store down');
  });

  it('never shows a tampered or moved ciphertext', async () => {
    const { get, reveal, store } = await withAlicesNumber();
    const doc = store.records.get(alice.id);
    if (!doc?.value) throw new Error('no record');
    const [version, iv, ciphertext = '', tag] = doc.value.ciphertext.split('.');
    const flipped = `${ciphertext[0] === 'A' ? 'B' : 'A'}${ciphertext.slice(1)}`;
    store.records.set(alice.id, {
      ...doc,
      value: { ...doc.value, ciphertext: [version, iv, flipped, tag].join('.') },
    });
    expect(await get.execute({ actor: alice, userId: alice.id })).toEqual({
      ok: false,
      error: { code: 'inami_unreadable', message: 'cipher_tampered' },
    });
    // Alice's token copied onto Bob's record: bound to Alice, so unreadable for Bob.
    store.records.set(bob.id, { value: { ...doc.value }, etag: 'x' });
    expect(await reveal.execute({ actor: admin, userId: bob.id })).toMatchObject({
      ok: false,
      error: { code: 'inami_unreadable' },
    });
  });
});

describe('RotateInamiKeys', () => {
  const numbers = ['41234502401', '19006951001', '41141757401', '40000154001', '40002897001'];
  const users = numbers.map((_, i) => `u_${i}`);

  async function seeded() {
    const before = setup(encV1, idxV1);
    for (const [i, inami] of numbers.entries()) await before.set.execute({ userId: users[i] ?? '', inami });
    return before;
  }

  it('re-encrypts old versions only, keeps the numbers, and is idempotent', async () => {
    const { store, clock } = await seeded();
    // One record already on the new key (e.g. saved after the switch).
    const late = new SetMyInami(store, encV2, idxV1, clock);
    await late.execute({ userId: 'u_late', inami: '40005589001' });
    const lateToken = store.records.get('u_late')?.value?.ciphertext;

    const rotate = new RotateInamiKeys(store, encV2, idxV1, clock);
    const first = await rotate.execute({ pageSize: 2 });
    expect(first).toEqual({
      scanned: 6,
      updated: 5,
      reencrypted: 5,
      reindexed: 0,
      unchanged: 1,
      failed: 0,
      conflicts: 0,
      skipped: 0,
      attention: [],
    });
    expect(store.records.get('u_late')?.value?.ciphertext).toBe(lateToken);
    for (const [i, inami] of numbers.entries()) {
      const value = store.records.get(users[i] ?? '')?.value;
      expect(value?.keyVersion).toBe(2);
      expect(encV2.keyVersionOf(value?.ciphertext ?? '')).toBe(2);
      expect(encV2.decrypt(value?.ciphertext ?? '', inamiCipherContext(users[i] ?? ''))).toEqual({
        ok: true,
        value: inami,
      });
      expect(value?.updatedAt).toBe('2026-11-25T10:00:00.000Z');
    }
    const second = await rotate.execute();
    expect(second).toMatchObject({ scanned: 6, updated: 0, unchanged: 6 });
  });

  it('re-indexes under a new index key, releases the old claims, and keeps numbers unique throughout', async () => {
    const { store, clock } = await seeded();
    // During the rotation window (new index key current, records still on the old one): still unique.
    const duringSet = new SetMyInami(store, encV1, idxV2, clock);
    expect(await duringSet.execute({ userId: 'u_x', inami: '41234502401' })).toMatchObject({
      ok: false,
      error: { code: 'inami_taken' },
    });
    const report = await new RotateInamiKeys(store, encV1, idxV2, clock).execute();
    expect(report).toMatchObject({ scanned: 5, updated: 5, reencrypted: 0, reindexed: 5 });
    expect([...store.claims.keys()].every((index) => idxV2.versionOf(index) === 2)).toBe(true);
    expect(store.claims.size).toBe(5);
    for (const [i, inami] of numbers.entries()) {
      const value = store.records.get(users[i] ?? '')?.value;
      expect(value?.indexVersion).toBe(2);
      expect(value?.blindIndex).toBe(idxV2.compute(inami.slice(0, 8)));
    }
    expect(await duringSet.execute({ userId: 'u_x', inami: '4-12345-02-001' })).toMatchObject({
      ok: false,
      error: { code: 'inami_taken' },
    });
    expect(await new RotateInamiKeys(store, encV1, idxV2, clock).execute()).toMatchObject({ updated: 0 });
  });

  it('leaves unreadable records untouched and reports them by user id only', async () => {
    const { store, clock } = await seeded();
    const doc = store.records.get('u_1');
    if (!doc?.value) throw new Error('no record');
    const token = doc.value.ciphertext;
    const tampered = `${token.slice(0, 3)}${token[3] === 'A' ? 'B' : 'A'}${token.slice(4)}`; // an IV character
    store.records.set('u_1', { ...doc, value: { ...doc.value, ciphertext: tampered } });
    const broken = store.records.get('u_1')?.value;
    const report = await new RotateInamiKeys(store, encV2, idxV1, clock).execute();
    expect(report).toMatchObject({ scanned: 5, updated: 4, failed: 1, attention: ['u_1'] });
    expect(store.records.get('u_1')?.value).toEqual(broken);
  });

  it('retries a record that changes during the run, and skips it if it keeps changing', async () => {
    const { store, clock } = await seeded();
    store.concurrentWrites = 1;
    expect(await new RotateInamiKeys(store, encV2, idxV1, clock).execute()).toMatchObject({
      updated: 5,
      skipped: 0,
    });
    const again = await seeded();
    again.store.concurrentWrites = 3;
    expect(await new RotateInamiKeys(again.store, encV2, idxV1, again.clock).execute()).toMatchObject({
      updated: 4,
      skipped: 1,
    });
  });
});
