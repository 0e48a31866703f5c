// The INAMI/RIZIV number through the api: validated with localized field errors, unique across
// accounts, encrypted at rest, masked for admins unless revealed (and each reveal audited).
import { problemSchema } from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack } from '../../tests/support/api-stack';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
let stack: ApiStack;
const database = 'soins-inami-api';

beforeAll(async () => {
  stack = await startApiStack(emulators, database);
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const cosmos = () => emulatorCosmosClient(emulators);

describe('INAMI number', () => {
  it('stores a valid number encrypted, shows it to its owner and masked to admins', async () => {
    const saved = await stack.call('learner', 'PUT', 'me/inami', { json: { inami: '4.12345.81.401' } });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ present: true, number: '4-12345-81-401' });

    const mine = (await (await stack.call('learner', 'GET', 'me/inami')).json()) as { number?: string };
    expect(mine.number).toBe('4-12345-81-401');

    const adminView = (await (
      await stack.call('admin', 'GET', `manage/users/${stack.idOf('learner')}/inami`)
    ).json()) as {
      number?: string;
      masked?: string;
    };
    expect(adminView.number).toBeUndefined();
    expect(adminView.masked).toMatch(/401$/);
    expect(adminView.masked).not.toContain('12345');

    // At rest: no digit sequence of the number in any stored document.
    const { resources } = await cosmos().database(database).container('pii').items.readAll().fetchAll();
    const stored = JSON.stringify(resources);
    expect(stored).not.toContain('41234581401');
    expect(stored).not.toContain('12345');
  });

  it('reveals the full number to an admin and audits the reveal', async () => {
    const revealed = await stack.call('admin', 'POST', `manage/users/${stack.idOf('learner')}/inami/reveal`);
    expect(revealed.status).toBe(200);
    expect(await revealed.json()).toEqual({ number: '4-12345-81-401' });
    const { resources } = await cosmos()
      .database(database)
      .container('audit')
      .items.query({
        query: 'SELECT * FROM c WHERE c.action = @a',
        parameters: [{ name: '@a', value: 'inami.reveal' }],
      })
      .fetchAll();
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({
      actorId: stack.idOf('admin'),
      userId: stack.idOf('learner'),
    });
    expect(JSON.stringify(resources)).not.toContain('12345');
  });

  it('refuses the same number on another account with a clear message in the caller’s language', async () => {
    const taken = await stack.call('otherLearner', 'PUT', 'me/inami', {
      json: { inami: '41234581401' },
      headers: { 'accept-language': 'nl-BE' },
    });
    expect(taken.status).toBe(409);
    const problem = problemSchema.parse(await taken.json());
    expect(problem.errors?.[0]?.path).toBe('inami');
    expect(problem.errors?.[0]?.message).toMatch(/RIZIV/);
  });

  it('answers an invalid number with a localized field error', async () => {
    const fr = problemSchema.parse(
      await (await stack.call('trainer', 'PUT', 'me/inami', { json: { inami: '41234582401' } })).json(),
    );
    const nl = problemSchema.parse(
      await (
        await stack.call('trainer', 'PUT', 'me/inami', {
          json: { inami: '41234582401' },
          headers: { 'accept-language': 'nl' },
        })
      ).json(),
    );
    expect(fr.code).toBe('validation_failed');
    expect(fr.errors?.[0]?.path).toBe('inami');
    expect(fr.errors?.[0]?.message).not.toBe(nl.errors?.[0]?.message);
    expect((await stack.call('trainer', 'PUT', 'me/inami', { json: { inami: 'abc' } })).status).toBe(400);
  });

  it('frees the number when its owner removes it', async () => {
    expect((await stack.call('learner', 'DELETE', 'me/inami')).status).toBe(204);
    expect(
      (await stack.call('otherLearner', 'PUT', 'me/inami', { json: { inami: '41234581401' } })).status,
    ).toBe(200);
  });

  it('keeps reveals for admins and owners', async () => {
    expect(
      (await stack.call('learner', 'POST', `manage/users/${stack.idOf('otherLearner')}/inami/reveal`)).status,
    ).toBe(403);
  });

  it('limits each person to a few lookups a day, whatever the number, stored across instances', async () => {
    // Valid numbers (mod-97 check on the first six digits), each one a lookup against every account.
    const valid = (six: number) => {
      const check = 97 - (six % 97);
      return `${String(six)}${String(check).padStart(2, '0')}401`;
    };
    const statuses: number[] = [];
    for (let n = 0; n < 10; n++) {
      const response = await stack.call('admin', 'PUT', 'me/inami', { json: { inami: valid(300_000 + n) } });
      statuses.push(response.status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    // A malformed number is refused before any lookup and is not counted: still 400, not 429.
    expect((await stack.call('admin', 'PUT', 'me/inami', { json: { inami: '12' } })).status).toBe(400);
    const refused = await stack.call('admin', 'PUT', 'me/inami', { json: { inami: valid(300_100) } });
    expect(refused.status).toBe(429);
    expect(problemSchema.parse(await refused.json()).code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Someone else still has their own budget.
    expect((await stack.call('trainer', 'PUT', 'me/inami', { json: { inami: valid(300_200) } })).status).toBe(
      200,
    );
  });
});
