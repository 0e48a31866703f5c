// A focused test (`it.only` / `test.only`) fails the run whether or not CI is set: the repo's vitest
// projects and Playwright config are run on a focused test, with CI unset, through their real CLIs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the repo (git-ignored) so the fixtures resolve vitest and @playwright/test from its node_modules.
mkdirSync(join(root, '.tmp'), { recursive: true });
const dir = mkdtempSync(join(root, '.tmp', 'focused-'));
const fromDir = (path: string): string => relative(dir, path).replaceAll('\\', '/');
const { CI: _ci, ...envWithoutCi } = process.env;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(bin: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(join(root, 'node_modules', '.bin', bin), args, {
    cwd: dir,
    env: envWithoutCi,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('focused tests fail the run without CI set', { timeout: 60_000 }, () => {
  it.each(['unit', 'integration'])('in the vitest %s project', (project) => {
    writeFileSync(
      join(dir, `${project}.focused.test.ts`),
      `import { expect, it } from 'vitest';\nit.only('focused', () => { expect(1).toBe(1); });\nit('other', () => { expect(1).toBe(1); });\n`,
    );
    // The project's own options (allowOnly among them), pointed at this folder instead of the repo's tests.
    writeFileSync(
      join(dir, `${project}.vitest.config.ts`),
      `import base from '${fromDir(join(root, 'vitest.config'))}';
const projects = (base.test?.projects ?? []) as { test?: Record<string, unknown> }[];
const found = projects.find((p) => p.test?.name === '${project}');
if (!found?.test) throw new Error('no ${project} project');
const { name: _name, include: _include, globalSetup: _setup, ...options } = found.test;
export default { test: { ...options, root: '.', include: ['${project}.focused.test.ts'] } };
`,
    );
    const { status, output } = run('vitest', ['run', '--config', `${project}.vitest.config.ts`]);
    expect(output).toContain('Unexpected .only modifier');
    expect(status).not.toBe(0);
  });

  it('in Playwright', () => {
    writeFileSync(
      join(dir, 'focused.spec.ts'),
      `import { test } from '@playwright/test';\ntest.only('focused', () => {});\ntest('other', () => {});\n`,
    );
    writeFileSync(
      join(dir, 'playwright.config.ts'),
      `import base from '${fromDir(join(root, 'playwright.config'))}';
export default { ...base, testDir: '.', testMatch: 'focused.spec.ts', globalSetup: undefined, reporter: 'list' };
`,
    );
    const { status, output } = run('playwright', ['test', '--list', '--config', 'playwright.config.ts']);
    expect(output).toContain("not allowed due to the 'forbidOnly' option");
    expect(status).not.toBe(0);
  });
});
