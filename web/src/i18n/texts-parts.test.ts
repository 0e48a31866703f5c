// The learner space's texts (fr-learner-space.ts) and the admin and trainer spaces' (fr-staff.ts) are not in the first
// chunk: a page outside the space that showed one would show its key. This reads the SPA's sources: every text of a
// space must be used only by modules that only the space's routes reach (their layouts wait for the texts, see
// routes/_learner.tsx and routes/admin.tsx).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fr } from './fr';
import { frLearnerSpace } from './fr-learner-space';
import { frStaff } from './fr-staff';

const source = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SPACES = {
  learner: {
    routes: /^routes\/(_learner|onboarding|legal)(\/|\.tsx$)/,
    layouts: ['routes/_learner.tsx', 'routes/onboarding.tsx', 'routes/legal.tsx'],
    texts: frLearnerSpace,
  },
  staff: {
    routes: /^routes\/(admin|trainer)(\/|\.tsx$)/,
    layouts: ['routes/admin.tsx', 'routes/trainer.tsx'],
    texts: frStaff,
  },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(source);
const text = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
const name = (file: string): string => relative(source, file).split('\\').join('/');

/** Relative specifiers a module imports (statically or with `import()`), and those that name no source file. */
const unresolved: string[] = [];
const importsOf = new Map<string, string[]>();
function localImports(file: string): string[] {
  const known = importsOf.get(file);
  if (known) return known;
  const code = text.get(file) ?? '';
  if (/import\(\s*`/.test(code)) unresolved.push(`${name(file)}: import() of a computed path`);
  const specifiers = [...code.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]*)['"]/g)];
  const imported = specifiers.flatMap(([, specifier = '']) => {
    if (/\.(css|svg|png|json)$/.test(specifier)) return [];
    const base = resolve(dirname(file), specifier).replace(/\.(js|ts|tsx)$/, '');
    const found = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((p) =>
      existsSync(p),
    );
    if (!found) unresolved.push(`${name(file)}: ${specifier}`);
    return found ? [found] : [];
  });
  importsOf.set(file, imported);
  return imported;
}

/** Modules reached from a route file (or main.tsx) without going through another route file. */
function reachedFrom(root: string): Set<string> {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const file = stack.pop() ?? '';
    if (seen.has(file) || name(file) === 'routeTree.gen.ts') continue;
    seen.add(file);
    const isRoute = name(file).startsWith('routes/') && !name(file).startsWith('routes/-');
    if (file === root || !isRoute) stack.push(...localImports(file));
  }
  return seen;
}

/** Modules that only the space's routes reach. */
function spaceOnlyModules(routes: RegExp): Set<string> {
  const roots = files.filter((file) => name(file).startsWith('routes/') || name(file) === 'main.tsx');
  const reachedByOthers = new Set<string>();
  const reachedBySpace = new Set<string>();
  for (const root of roots) {
    const reached = routes.test(name(root)) ? reachedBySpace : reachedByOthers;
    for (const file of reachedFrom(root)) reached.add(file);
  }
  return new Set([...reachedBySpace].filter((file) => !reachedByOthers.has(file)));
}

/**
 * Per module, the dotted names it quotes (`'admin.nav.users'`) and the key prefixes it completes in templates
 * (`` t(`status.${status}`) ``).
 */
const namedKeys = files
  .filter((file) => !name(file).startsWith('i18n/'))
  .map((file) => {
    const code = text.get(file) ?? '';
    const literals = new Set(
      [...code.matchAll(/['"`]([\w-]+(?:\.[\w-]+)+)['"`]/g)].map(([, key = '']) => key),
    );
    const prefixes = [...code.matchAll(/`([\w.-]+)\$\{/g)].map(([, prefix = '']) => prefix);
    return { file, literals, prefixes };
  });

function modulesUsing(key: string): string[] {
  return namedKeys
    .filter(
      ({ literals, prefixes }) => literals.has(key) || prefixes.some((prefix) => key.startsWith(prefix)),
    )
    .map(({ file }) => file);
}

describe('the spaces’ texts', () => {
  const learnerOnly = spaceOnlyModules(SPACES.learner.routes);
  const staffOnly = spaceOnlyModules(SPACES.staff.routes);
  const onlyReachedBy: Readonly<Record<string, Set<string>>> = { learner: learnerOnly, staff: staffOnly };
  const allKeys = [...Object.keys(fr), ...Object.keys(frLearnerSpace), ...Object.keys(frStaff)];

  it('finds each space’s modules (the analysis sees the routes)', () => {
    const staff = [...staffOnly].map(name);
    expect(staff).toContain('routes/admin.tsx');
    expect(staff).toContain('features/admin/UsersPage.tsx');
    expect(staff).toContain('features/trainer/SheetPage.tsx');
    expect(staff).not.toContain('features/courses/catalogue/CataloguePage.tsx');
    const learner = [...learnerOnly].map(name);
    expect(learner).toContain('features/courses/quiz/QuizPage.tsx');
    expect(learner).not.toContain('features/courses/catalogue/CataloguePage.tsx');
    expect(learner).not.toContain('features/admin/UsersPage.tsx');
    expect([...learnerOnly, ...staffOnly].map(name)).not.toContain('api/problem-message.ts');
  });

  it.each(Object.entries(SPACES))(
    'of the %s space are used only by modules that only its routes reach',
    (spaceName, space) => {
      const only = onlyReachedBy[spaceName] ?? new Set();
      const misplaced = Object.keys(space.texts).flatMap((key) =>
        modulesUsing(key)
          .filter((file) => !only.has(file))
          .map((file) => `${key} (${name(file)})`),
      );
      expect(misplaced).toEqual([]);
    },
  );

  it('are read from sources the analysis follows (every relative import resolves, no computed import path)', () => {
    expect(unresolved).toEqual([]);
  });

  it.each(Object.entries(SPACES))(
    'of the %s space are awaited by its layouts, which show the default pending and error pages',
    (space, { layouts }) => {
      for (const layout of layouts) {
        const code = text.get(join(source, layout)) ?? '';
        expect(code, layout).toContain(`loadSpaceTexts(context.i18n.lang, '${space}')`);
        // Their own would render before (or without) the space's texts.
        expect(code, layout).not.toMatch(/\b(pendingComponent|errorComponent|notFoundComponent)\b/);
      }
    },
  );

  it('are in one part only', () => {
    expect(allKeys.filter((key, index) => allKeys.indexOf(key) !== index)).toEqual([]);
  });

  it('are each used by some module', () => {
    expect(allKeys.filter((key) => modulesUsing(key).length === 0)).toEqual([]);
  });
});
