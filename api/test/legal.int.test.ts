// Versioned legal documents and their acceptance, against the real stack (no acceptance up front).
import { legalStatusSchema, problemSchema, type LegalContent } from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack } from '../../tests/support/api-stack';

const emulators = inject('emulators');
let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack(emulators, 'soins-legal', { acceptLegal: false });
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const pdf = Buffer.from('%PDF-1.4\n% diploma\n%%EOF\n');

async function status() {
  return legalStatusSchema.parse(await (await stack.call('learner', 'GET', 'me/legal')).json());
}

const content = (version: string): LegalContent => ({
  fr: { title: `Conditions ${version}`, body: 'Nouvelles conditions applicables à tous les utilisateurs.' },
  nl: { title: `Voorwaarden ${version}`, body: 'Nieuwe voorwaarden die voor alle gebruikers gelden.' },
});

describe('legal documents', () => {
  it('publishes fr and nl versions that anyone can read', async () => {
    const current = (await (await stack.call('anonymous', 'GET', 'legal/current')).json()) as {
      documents: { type: string; version: number; content: LegalContent }[];
    };
    expect(current.documents.map((d) => `${d.type}@${d.version}`).sort()).toEqual(['privacy@1', 'terms@1']);
    expect(current.documents.every((d) => d.content.fr.title && d.content.nl.title)).toBe(true);
  });

  it('blocks product use until the current versions are accepted, then records each acceptance', async () => {
    expect((await status()).pending.map((p) => p.type).sort()).toEqual(['privacy', 'terms']);
    const blocked = await stack.call('learner', 'PUT', 'me/diploma', { raw: pdf });
    expect(blocked.status).toBe(403);
    expect(problemSchema.parse(await blocked.json()).code).toBe('legal_acceptance_required');

    const stale = await stack.call('learner', 'POST', 'me/legal/acceptances', {
      json: { type: 'terms', version: 7 },
    });
    expect(stale.status).toBe(409);
    expect(problemSchema.parse(await stale.json()).code).toBe('legal_version_outdated');

    for (const type of ['terms', 'privacy']) {
      const accepted = await stack.call('learner', 'POST', 'me/legal/acceptances', {
        json: { type, version: 1 },
      });
      expect(accepted.status).toBe(201);
    }
    // Accepting twice is harmless.
    expect(
      (await stack.call('learner', 'POST', 'me/legal/acceptances', { json: { type: 'terms', version: 1 } }))
        .status,
    ).toBe(201);
    expect((await status()).pending).toEqual([]);
    expect((await stack.call('learner', 'PUT', 'me/diploma', { raw: pdf })).status).toBe(202);
  });

  it('takes no personal data (details, INAMI number) before the current versions are accepted', async () => {
    const details = {
      firstName: 'Jan',
      lastName: 'Peeters',
      profession: 'nurse',
      specialistTitle: false,
      phone: '0470 12 34 56',
    };
    const before = await stack.call('otherLearner', 'PUT', 'me/details', { json: details });
    expect(before.status).toBe(403);
    expect(problemSchema.parse(await before.json()).code).toBe('legal_acceptance_required');
    const inami = await stack.call('otherLearner', 'PUT', 'me/inami', { json: { inami: '41234581401' } });
    expect(inami.status).toBe(403);
    expect(problemSchema.parse(await inami.json()).code).toBe('legal_acceptance_required');
    // Nothing was stored.
    const me = (await (await stack.call('otherLearner', 'GET', 'me')).json()) as { phone?: string };
    expect(me.phone).toBeUndefined();
    expect(await (await stack.call('otherLearner', 'GET', 'me/inami')).json()).toEqual({ present: false });

    // The legal gate the SPA shows first: accepting the current versions opens both.
    for (const type of ['terms', 'privacy']) {
      const accepted = await stack.call('otherLearner', 'POST', 'me/legal/acceptances', {
        json: { type, version: 1 },
      });
      expect(accepted.status).toBe(201);
    }
    expect((await stack.call('otherLearner', 'PUT', 'me/details', { json: details })).status).toBe(200);
    expect(
      (await stack.call('otherLearner', 'PUT', 'me/inami', { json: { inami: '41234581401' } })).status,
    ).toBe(200);
  });

  it('asks again when an admin publishes a new version, and keeps the history', async () => {
    const published = await stack.call('admin', 'POST', 'manage/legal/terms/versions', {
      json: { content: content('v2') },
    });
    expect(published.status).toBe(201);
    expect(((await published.json()) as { version: number }).version).toBe(2);
    expect((await status()).pending).toEqual([{ type: 'terms', version: 2 }]);
    expect(
      (await stack.call('learner', 'POST', 'me/legal/acceptances', { json: { type: 'terms', version: 1 } }))
        .status,
    ).toBe(409);
    expect(
      (await stack.call('learner', 'POST', 'me/legal/acceptances', { json: { type: 'terms', version: 2 } }))
        .status,
    ).toBe(201);
    expect((await status()).pending).toEqual([]);

    const versions = (await (await stack.call('admin', 'GET', 'manage/legal/terms/versions')).json()) as {
      items: { version: number }[];
    };
    expect(versions.items.map((v) => v.version)).toEqual([2, 1]);
  });

  it('refuses a publication without both languages, and from non-admins', async () => {
    const missingNl = await stack.call('admin', 'POST', 'manage/legal/privacy/versions', {
      json: { content: { fr: content('x').fr } },
    });
    expect(missingNl.status).toBe(400);
    expect(problemSchema.parse(await missingNl.json()).errors?.[0]?.path).toContain('nl');
    expect(
      (
        await stack.call('learner', 'POST', 'manage/legal/privacy/versions', {
          json: { content: content('x') },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await stack.call('admin', 'POST', 'manage/legal/cookies/versions', {
          json: { content: content('x') },
        })
      ).status,
    ).toBe(404);
  });
});
