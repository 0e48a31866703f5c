import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazySchema } from './lazy-schema';

describe('lazySchema', () => {
  it('builds the schema at its first use, once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds += 1;
      return z.object({ name: z.string().min(1) });
    });
    expect(builds).toBe(0);
    expect(schema.parse({ name: 'Marie' })).toEqual({ name: 'Marie' });
    expect(schema.safeParse({ name: '' }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('is the schema wherever zod takes one: nested, extended, in a discriminated union, instanceof', () => {
    const title = lazySchema(() => z.object({ fr: z.string(), nl: z.string() }));
    const event = lazySchema(() =>
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('a'), title }),
        z.object({ kind: z.literal('b'), count: z.number().int() }),
      ]),
    );
    const list = lazySchema(() => z.object({ items: z.array(event) }));
    const extended = lazySchema(() => title.extend({ de: z.string().optional() }));

    expect(
      list.parse({
        items: [
          { kind: 'a', title: { fr: 'x', nl: 'y' } },
          { kind: 'b', count: 2 },
        ],
      }),
    ).toEqual({
      items: [
        { kind: 'a', title: { fr: 'x', nl: 'y' } },
        { kind: 'b', count: 2 },
      ],
    });
    expect(list.safeParse({ items: [{ kind: 'b', count: 1.5 }] }).success).toBe(false);
    expect(list.safeParse({ items: [{ kind: 'c' }] }).success).toBe(false);
    expect(extended.parse({ fr: 'x', nl: 'y', de: 'z' })).toEqual({ fr: 'x', nl: 'y', de: 'z' });
    expect(title).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(title.shape)).toEqual(['fr', 'nl']);
  });

  it('reports the same issues as the schema it stands for', () => {
    const eager = z.object({ age: z.number().int().min(0) });
    const lazy = lazySchema(() => z.object({ age: z.number().int().min(0) }));
    expect(lazy.safeParse({ age: -1 }).error?.issues).toEqual(eager.safeParse({ age: -1 }).error?.issues);
  });
});
