// What the SPA's first load is made of, read from a real production build (in memory: nothing is written). The
// first load is the entry chunk and every chunk it imports statically (index.html preloads them all); what only
// some pages need must stay out of it. Structural only: the sizes are measured by `npm run bench -- spa`.
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

interface FirstLoad {
  /** File names of the chunks: the entry and what it imports statically. */
  readonly chunks: readonly string[];
  /** The entry chunk's code, as written to dist. */
  readonly entryCode: string;
  /** Source paths relative to the repository (`web/src/…`, `node_modules/zod/…`) of their modules. */
  readonly modules: readonly string[];
}

async function firstLoad(): Promise<FirstLoad> {
  const result = (await build({
    configFile: here('../vite.config.ts'),
    logLevel: 'silent',
    build: { write: false, outDir: here('../dist'), reportCompressedSize: false },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunks = (Array.isArray(result) ? result : [result])
    .flatMap((output) => output.output)
    .filter((item): item is Rolldown.OutputChunk => item.type === 'chunk');
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const entry = chunks.find((chunk) => chunk.isEntry);
  if (!entry) throw new Error('the build has no entry chunk');
  const seen = new Set<Rolldown.OutputChunk>();
  const visit = (chunk: Rolldown.OutputChunk): void => {
    if (seen.has(chunk)) return;
    seen.add(chunk);
    for (const name of chunk.imports) {
      const imported = byName.get(name);
      if (imported) visit(imported);
    }
  };
  visit(entry);
  const root = here('../../');
  return {
    chunks: [...seen].map((chunk) => chunk.fileName),
    entryCode: entry.code,
    modules: [...seen]
      .flatMap((chunk) => chunk.moduleIds)
      .map((id) => id.replace(root, '').replace(/^.*\/node_modules\//, 'node_modules/')),
  };
}

describe('the SPA first load', () => {
  let chunks: readonly string[] = [];
  let modules: readonly string[] = [];
  let entryCode = '';
  beforeAll(async () => {
    ({ chunks, modules, entryCode } = await firstLoad());
  }, 120_000);

  it('is a real build (the check below would pass on an empty list)', () => {
    expect(modules).toContain('web/src/main.tsx');
    expect(modules.some((id) => id.startsWith('node_modules/react-dom/'))).toBe(true);
  });

  it('is one script (no modulepreload chain competing for the first connections)', () => {
    expect(chunks).toHaveLength(1);
  });

  it('asks V8 to compile its functions while it downloads (the hint is only read on the first line)', () => {
    expect(entryCode.split('\n', 1)[0]).toBe('//# allFunctionsCalledOnLoad');
  });

  it('has no zod and no shared schema (responses are typed, validated by the api; schemas load with their page)', () => {
    expect(modules.filter((id) => id.startsWith('node_modules/zod/'))).toEqual([]);
    expect(
      modules.filter((id) => id.startsWith('shared/src/') && id !== 'shared/src/return-path.ts'),
    ).toEqual([]);
  });
});
