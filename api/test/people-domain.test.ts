import type { Diploma, LegalDocument, LegalDocumentType } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { DiplomaReviewQueue, type DiplomaRepository } from '../src/domain/diplomas';
import type { UserProfile } from '../src/domain/identity/model';
import { EnrolOnBehalf } from '../src/domain/learning/manual-enrolment';
import { MemoryJsonCache } from '../src/adapters/cache/memory-cache';
import { ReadThroughCache } from '../src/domain/catalogue/cache';
import {
  LegalGate,
  PublishLegalVersion,
  type Acceptance,
  type AcceptanceRepository,
  type LegalRepository,
} from '../src/domain/legal';
import { MemoryAuditLog } from './fakes/audit-fakes';
import { ManualClock } from './fakes/email-fakes';
import { MemoryLearningRepository, MemoryTrainingRepository, sampleTraining } from './fakes/learning-fakes';
import { RecordingLogger } from './fakes/logger';

const person = (id: string, over: Partial<UserProfile> = {}): UserProfile => ({
  id,
  issuer: 'https://idp',
  subject: id,
  email: `${id}@example.be`,
  displayName: `Person ${id}`,
  roles: ['learner'],
  language: 'fr',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

function usersOf(...profiles: UserProfile[]) {
  return {
    get: (id: string) => {
      const found = profiles.find((p) => p.id === id);
      return Promise.resolve(found ? { value: found, etag: '1' } : undefined);
    },
  };
}

describe('diploma review queue', () => {
  it('names the learner and says which language to write a refusal in (theirs)', async () => {
    const diploma = (id: string, userId: string): Diploma => ({
      id,
      userId,
      status: 'pending_review',
      contentType: 'application/pdf',
      sizeBytes: 10,
      uploadedAt: '2026-11-25T10:00:00.000Z',
    });
    const diplomas = {
      pendingReview: () =>
        Promise.resolve({
          items: [diploma('d1', 'u_jan'), diploma('d2', 'u_gone')],
          continuationToken: 't2',
        }),
    } as unknown as DiplomaRepository;
    const jan = person('u_jan', { displayName: 'Jan Peeters', language: 'nl', profession: 'midwife' });
    const page = await new DiplomaReviewQueue({ diplomas, users: usersOf(jan) }).execute('t1');
    expect(page.continuationToken).toBe('t2');
    expect(page.items.map((item) => item.learner)).toEqual([
      {
        displayName: 'Jan Peeters',
        email: 'u_jan@example.be',
        profession: 'midwife',
        language: 'nl',
        writeIn: 'nl',
      },
      null,
    ]);
  });
});

describe('manual enrolment', () => {
  function world() {
    const learning = new MemoryLearningRepository();
    const trainings = new MemoryTrainingRepository([
      sampleTraining({ trainingId: 'wound-care' }),
      sampleTraining({ trainingId: 'draft-one', status: 'draft' }),
    ]);
    const audit = new MemoryAuditLog();
    const enrol = new EnrolOnBehalf({
      learning,
      trainings,
      clock: new ManualClock(),
      users: usersOf(person('u_marie'), person('u_gone', { status: 'deleted' })),
      audit,
    });
    return { learning, audit, enrol };
  }

  it('enrols a learner in a published training once, audited once, whatever the subscription', async () => {
    const { audit, enrol } = world();
    const input = { actorId: 'u_admin', userId: 'u_marie', trainingId: 'wound-care' };
    expect(await enrol.execute(input)).toEqual({
      ok: true,
      value: {
        enrolment: { trainingId: 'wound-care', enrolledAt: '2026-11-25T10:00:00.000Z' },
        created: true,
      },
    });
    expect(await enrol.execute(input)).toMatchObject({ ok: true, value: { created: false } });
    expect(audit.entries).toEqual([
      {
        actor: 'u_admin',
        action: 'enrolment.create',
        target: { type: 'training', id: 'wound-care' },
        subjectUserId: 'u_marie',
        at: '2026-11-25T10:00:00.000Z',
      },
    ]);
  });

  it('refuses a draft or unknown training and a deleted or unknown learner', async () => {
    const { learning, enrol } = world();
    for (const input of [
      { actorId: 'a', userId: 'u_marie', trainingId: 'draft-one' },
      { actorId: 'a', userId: 'u_marie', trainingId: 'nope' },
      { actorId: 'a', userId: 'u_gone', trainingId: 'wound-care' },
      { actorId: 'a', userId: 'u_ghost', trainingId: 'wound-care' },
    ]) {
      expect(await enrol.execute(input)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(learning.docs.size).toBe(0);
  });
});

describe('legal publishing', () => {
  class MemoryLegal implements LegalRepository {
    readonly docs: LegalDocument[] = [];
    current(type: LegalDocumentType) {
      return Promise.resolve(
        this.docs.filter((d) => d.type === type).sort((a, b) => b.version - a.version)[0],
      );
    }
    publish(document: LegalDocument) {
      if (this.docs.some((d) => d.type === document.type && d.version === document.version)) {
        return Promise.resolve(false);
      }
      this.docs.push(document);
      return Promise.resolve(true);
    }
    versions(type: LegalDocumentType) {
      return Promise.resolve(this.docs.filter((d) => d.type === type));
    }
    version(type: LegalDocumentType, version: number) {
      return Promise.resolve(this.docs.find((d) => d.type === type && d.version === version));
    }
  }
  const content = {
    fr: { title: 'Conditions', body: 'Le texte des conditions, assez long.' },
    nl: { title: 'Voorwaarden', body: 'De tekst van de voorwaarden, lang genoeg.' },
  };

  it('publishes a draft based on the current version, and refuses one based on an older (412)', async () => {
    const legal = new MemoryLegal();
    const audit = new MemoryAuditLog();
    const cache = new ReadThroughCache(new MemoryJsonCache({ maxEntries: 10 }), new RecordingLogger());
    const publish = new PublishLegalVersion({ legal, clock: new ManualClock(), audit, cache });
    const first = { actorId: 'u_a', type: 'terms' as const, content, basedOn: 0 };
    expect(await publish.execute(first)).toMatchObject({ ok: true, value: { version: 1 } });
    // A second admin drafted from "nothing published" too: their publication would hide the first.
    expect(await publish.execute({ ...first, actorId: 'u_b' })).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed' },
    });
    expect(await publish.execute({ ...first, basedOn: 1 })).toMatchObject({
      ok: true,
      value: { version: 2 },
    });
    expect(legal.docs).toHaveLength(2);
    expect(audit.entries.map((e) => [e.action, e.target.id, e.before, e.after])).toEqual([
      ['legal.publish', 'terms', { version: null }, { version: 1 }],
      ['legal.publish', 'terms', { version: 1 }, { version: 2 }],
    ]);
  });
  class MemoryAcceptances implements AcceptanceRepository {
    readonly records: Acceptance[] = [];
    listed = 0;
    acceptedBy(userId: string) {
      this.listed += 1;
      return Promise.resolve(this.records.filter((a) => a.userId === userId));
    }
    reads = 0;
    hasAccepted(userId: string, type: LegalDocumentType, version: number) {
      this.reads += 1;
      return Promise.resolve(
        this.records.some((a) => a.userId === userId && a.type === type && a.version === version),
      );
    }
    record(acceptance: Acceptance) {
      this.records.push(acceptance);
      return Promise.resolve();
    }
  }
  const accept = (acceptances: MemoryAcceptances, type: LegalDocumentType, version: number) =>
    acceptances.record({ userId: 'u_l', type, version, acceptedAt: '2026-12-07T10:00:00Z' });

  it('gates until the current version of each document is accepted, on point reads when accepted', async () => {
    const legal = new MemoryLegal();
    const acceptances = new MemoryAcceptances();
    const clock = new ManualClock();
    const cache = new ReadThroughCache(new MemoryJsonCache({ maxEntries: 10, clock }), new RecordingLogger());
    const accepted = new ReadThroughCache(
      new MemoryJsonCache({ maxEntries: 10, clock }),
      new RecordingLogger(),
    );
    const gate = new LegalGate({ legal, acceptances, cache, accepted });
    const learner = { id: 'u_l', createdAt: '2026-12-01T08:00:00.000Z' };
    // Nothing published: nothing to accept, and that is not cached, so the first publication gates at once.
    expect(await gate.hasPending(learner)).toBe(false);
    await legal.publish({ type: 'terms', version: 1, publishedAt: '2026-12-07T09:00:00Z', content });
    await legal.publish({ type: 'privacy', version: 1, publishedAt: '2026-12-07T09:00:00Z', content });
    expect(await gate.hasPending(learner)).toBe(true);
    await accept(acceptances, 'terms', 1);
    expect(await gate.hasPending(learner)).toBe(true);
    await accept(acceptances, 'privacy', 1);
    // A learner who accepted passes on point reads: acceptances are listed only to confirm a refusal.
    const listed = acceptances.listed;
    expect(await gate.hasPending(learner)).toBe(false);
    expect(acceptances.listed).toBe(listed);
    // Acceptances seen are remembered (never withdrawn): no read on the next request…
    const reads = acceptances.reads;
    expect(await gate.hasPending(learner)).toBe(false);
    expect(acceptances.reads).toBe(reads);
    // …but an account erased and created again under the same id has accepted nothing yet.
    const recreated = { ...learner, createdAt: '2026-12-07T09:30:00.000Z' };
    acceptances.records.length = 0;
    expect(await gate.hasPending(recreated)).toBe(true);
    await accept(acceptances, 'terms', 1);
    await accept(acceptances, 'privacy', 1);

    // A publication through the api drops the cached versions: the gate asks again at once.
    const publish = new PublishLegalVersion({ legal, clock, audit: new MemoryAuditLog(), cache });
    expect(await publish.execute({ actorId: 'u_a', type: 'terms', content })).toMatchObject({ ok: true });
    expect(await gate.hasPending(learner)).toBe(true);
    await accept(acceptances, 'terms', 2);
    expect(await gate.hasPending(learner)).toBe(false);

    // Published elsewhere (another instance with its own in-process cache): seen within 15 s.
    await legal.publish({ type: 'privacy', version: 2, publishedAt: '2026-12-07T11:00:00Z', content });
    expect(await gate.hasPending(learner)).toBe(false);
    // A newcomer shown (and accepting) the new version is not refused meanwhile: a refusal is checked
    // against the store itself.
    const newcomer = { id: 'u_n', createdAt: '2026-12-07T11:00:01.000Z' };
    for (const [type, version] of [
      ['terms', 2],
      ['privacy', 2],
    ] as const) {
      await acceptances.record({ userId: 'u_n', type, version, acceptedAt: '2026-12-07T11:00:02Z' });
    }
    expect(await gate.hasPending(newcomer)).toBe(false);
    clock.advance(15_000 + 1);
    expect(await gate.hasPending(learner)).toBe(true);
    expect(await gate.hasPending(newcomer)).toBe(false);
  });
});
