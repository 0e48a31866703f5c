// The INAMI number on certificates: presence without decryption (hours ledger), and a stored number
// that cannot be decrypted fails the PDF step instead of printing a certificate without it.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher, keyringFromKeys } from '../src/adapters/crypto/field-cipher';
import { InamiUnreadableError, StoredInamiLookup } from '../src/domain/certificates/inami-lookup';
import type { CertificatePrint, CertificateRenderer } from '../src/domain/certificates/ports';
import { GetHoursLedger, IssueCertificate, StoreCertificatePdf } from '../src/domain/certificates/use-cases';
import {
  GetInami,
  inamiCipherContext,
  type InamiSnapshot,
  type InamiStore,
  type StoredInami,
} from '../src/domain/inami-use-cases';
import type { FieldEncryptor } from '../src/domain/ports-crypto';
import {
  asUserRepository,
  MemoryCertificateFiles,
  MemoryCertificateRepository,
  MemoryTrainings,
  MemoryUsers,
  profile,
  training,
} from './certificate-fakes';

/** A learner with a completed profile and an approved diploma. */
const eligible = { missing: () => Promise.resolve([]) };

const userId = 'u_marie0001';
const key = (fill: number) => Buffer.alloc(32, fill);
const cipherV1 = new FieldCipher(keyringFromKeys(1, { 1: key(1) }));
/** Key version 1 retired too early: numbers written with it no longer decrypt. */
const cipherWithoutV1 = new FieldCipher(keyringFromKeys(2, { 2: key(2) }));

/** Only `read` is used by these paths; the rest of the port refuses. */
class ReadOnlyInamiStore implements InamiStore {
  reads = 0;
  constructor(readonly records: Map<string, StoredInami> = new Map()) {}
  read(id: string): Promise<InamiSnapshot> {
    this.reads++;
    const value = this.records.get(id);
    return Promise.resolve({ value, etag: value ? 'e1' : undefined });
  }
  write = () => Promise.reject(new Error('not used'));
  list = () => Promise.reject(new Error('not used'));
  indexOwner = () => Promise.reject(new Error('not used'));
  claimIndex = () => Promise.reject(new Error('not used'));
  releaseIndex = () => Promise.reject(new Error('not used'));
}

/** Counts decryptions, to prove presence checks never decrypt. */
class CountingCipher implements FieldEncryptor {
  decrypts = 0;
  constructor(private readonly inner: FieldEncryptor) {}
  get currentKeyVersion() {
    return this.inner.currentKeyVersion;
  }
  encrypt(plaintext: string, context: string) {
    return this.inner.encrypt(plaintext, context);
  }
  decrypt(token: string, context: string) {
    this.decrypts++;
    return this.inner.decrypt(token, context);
  }
  keyVersionOf(token: string) {
    return this.inner.keyVersionOf(token);
  }
  needsReencryption(token: string) {
    return this.inner.needsReencryption(token);
  }
}

function storedNumber(): StoredInami {
  return {
    ciphertext: cipherV1.encrypt('41234502401', inamiCipherContext(userId)),
    keyVersion: 1,
    blindIndex: 'idx',
    indexVersion: 1,
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

function lookupWith(cipher: FieldEncryptor, stored: boolean) {
  const store = new ReadOnlyInamiStore(new Map(stored ? [[userId, storedNumber()]] : []));
  const counting = new CountingCipher(cipher);
  return {
    store,
    cipher: counting,
    lookup: new StoredInamiLookup({ store, getInami: new GetInami(store, counting) }),
  };
}

describe('StoredInamiLookup', () => {
  it('no number stored: absent, printed as nothing', async () => {
    const { lookup } = lookupWith(cipherV1, false);
    expect(await lookup.has(userId)).toBe(false);
    expect(await lookup.formattedFor(userId)).toBeUndefined();
  });

  it('a readable number: present and formatted for printing', async () => {
    const { lookup } = lookupWith(cipherV1, true);
    expect(await lookup.has(userId)).toBe(true);
    expect(await lookup.formattedFor(userId)).toBe('4-12345-02-401');
  });

  it('a number that no longer decrypts throws (never silently undefined), naming no number', async () => {
    const { lookup } = lookupWith(cipherWithoutV1, true);
    const failure = lookup.formattedFor(userId);
    await expect(failure).rejects.toBeInstanceOf(InamiUnreadableError);
    await expect(failure).rejects.toThrow(/inami_unreadable/);
    await expect(failure).rejects.not.toThrow(/41234502401|12345/);
  });

  it('presence reads the store without decrypting, even when the number is unreadable', async () => {
    const { lookup, cipher, store } = lookupWith(cipherWithoutV1, true);
    expect(await lookup.has(userId)).toBe(true);
    expect(store.reads).toBe(1);
    expect(cipher.decrypts).toBe(0);
  });
});

describe('certificates and an unreadable INAMI number', () => {
  function world(cipher: FieldEncryptor) {
    const repository = new MemoryCertificateRepository();
    const files = new MemoryCertificateFiles();
    const users = new MemoryUsers(new Map([[userId, profile({ id: userId })]]));
    const trainings = new MemoryTrainings(new Map([['plaies-chroniques', training()]]));
    const clock = { now: () => new Date('2026-11-25T10:00:00Z') };
    const prints: CertificatePrint[] = [];
    const renderer: CertificateRenderer = {
      render: (print) => {
        prints.push(print);
        return Promise.resolve(Buffer.from('%PDF-1.3'));
      },
    };
    const { lookup, cipher: counting } = lookupWith(cipher, true);
    return {
      repository,
      files,
      prints,
      counting,
      issue: new IssueCertificate({
        repository,
        trainings,
        users: asUserRepository(users),
        clock,
        randomBytes: (n) => randomBytes(n),
        eligibility: eligible,
      }),
      store: new StoreCertificatePdf({
        repository,
        files,
        renderer,
        inami: lookup,
        clock,
        appUrl: 'https://app.soins.test',
      }),
      ledger: new GetHoursLedger({ repository, users: asUserRepository(users), inami: lookup, clock }),
    };
  }
  const passed = {
    userId,
    trainingId: 'plaies-chroniques',
    attemptId: 'attempt-1',
    passedAt: '2026-11-20T09:00:00Z',
    scorePercent: 90,
  };

  it('the PDF step fails (to be retried) and stores nothing rather than print without the number', async () => {
    const w = world(cipherWithoutV1);
    const certificate = await w.issue.execute(passed);
    const ref = { userId, certificateId: certificate.id };
    await expect(w.store.execute(ref)).rejects.toBeInstanceOf(InamiUnreadableError);
    expect(w.prints).toEqual([]);
    expect(w.files.puts).toBe(0);
    expect((await w.repository.get(userId, certificate.id))?.value.pdfStoredAt).toBeUndefined();
  });

  it('the PDF step prints the number once it is readable', async () => {
    const w = world(cipherV1);
    const certificate = await w.issue.execute(passed);
    await w.store.execute({ userId, certificateId: certificate.id });
    expect(w.prints.map((print) => print.inami)).toEqual(['4-12345-02-401']);
  });

  it('the hours ledger knows a nurse has a number without decrypting it', async () => {
    const w = world(cipherWithoutV1);
    const ledger = await w.ledger.execute(userId);
    expect(ledger.obligations.map((o) => o.kind)).toEqual(['nurse_inami_annual']);
    expect(w.counting.decrypts).toBe(0);
  });
});
