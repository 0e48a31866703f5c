// `npm test`: every check a change must pass, with one summary line at the end (scripts/test-summary.ts
// judges the run: the line says FAIL whenever the exit code is not 0 and names every part that did not run).
// system packages → [lint | format, typecheck, build, unit] side by side → [integration (real emulators) |
// e2e (Chromium)] side by side. `npm test -- unit e2e` runs only those parts (the build always runs).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  partsFromArgs,
  playwrightCounts,
  summarize,
  vitestCounts,
  type Counts,
  type Part,
  type StepResult,
  type Suite,
} from './test-summary';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, '.tmp', 'test-reports');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

interface Step {
  readonly name: string;
  readonly part: Part | 'setup';
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Where the step's runner writes its report, read once it exits. */
  readonly report?: {
    readonly suite: Suite;
    readonly file: string;
    readonly read: (json: unknown) => Counts;
  };
}

const vitestStep = (suite: 'unit' | 'integration', name: string): Step => {
  const file = join(reports, `${suite}.json`);
  return {
    name,
    part: suite,
    command: bin('vitest'),
    args: ['run', '--project', suite, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`],
    report: { suite, file, read: vitestCounts },
  };
};
const e2eReport = join(reports, 'e2e.json');

const steps = {
  system: {
    name: 'system packages',
    part: 'setup',
    command: 'bash',
    args: [join(root, 'scripts', 'ensure-system-deps.sh')],
  },
  lint: { name: 'lint', part: 'static', command: bin('eslint'), args: ['.', '--max-warnings=0'] },
  format: {
    name: 'format',
    part: 'static',
    command: bin('prettier'),
    args: ['--check', '.', '--log-level=warn'],
  },
  typecheck: { name: 'typecheck', part: 'static', command: bin('tsc'), args: ['-p', 'tsconfig.check.json'] },
  typecheckWeb: {
    name: 'typecheck web',
    part: 'static',
    command: bin('tsc'),
    args: ['-p', 'web/tsconfig.json', '--noEmit'],
  },
  build: { name: 'build', part: 'setup', command: 'npm', args: ['run', 'build', '--silent'] },
  unit: vitestStep('unit', 'unit tests'),
  integration: vitestStep('integration', 'integration tests'),
  e2e: {
    name: 'e2e tests (Chromium)',
    part: 'e2e',
    command: bin('playwright'),
    args: ['test'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
    report: { suite: 'e2e', file: e2eReport, read: playwrightCounts },
  },
} satisfies Record<string, Step>;

const results = new Map<Step, StepResult>();
const counts: Partial<Record<Suite, Counts | undefined>> = {};

/**
 * Runs one step. `streamed` steps write straight to the terminal; steps running beside another are
 * buffered and printed in one piece when they end, so two lanes never interleave.
 */
async function run(step: Step, streamed: boolean): Promise<boolean> {
  if (streamed) process.stdout.write(`\n=== ${step.name} ===\n`);
  const started = performance.now();
  const child = spawn(step.command, step.args, {
    cwd: root,
    stdio: streamed ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...step.env },
  });
  const output: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => {
      resolve(null);
    });
    child.once('close', (exitCode) => {
      resolve(exitCode);
    });
  });
  const ok = code === 0;
  const seconds = (performance.now() - started) / 1000;
  if (!streamed) {
    process.stdout.write(`\n=== ${step.name} (${seconds.toFixed(1)} s, ${ok ? 'ok' : 'FAILED'}) ===\n`);
    process.stdout.write(Buffer.concat(output));
  }
  results.set(step, { name: step.name, part: step.part, status: ok ? 'ok' : 'failed', seconds });
  if (step.report) {
    counts[step.report.suite] = existsSync(step.report.file)
      ? step.report.read(JSON.parse(readFileSync(step.report.file, 'utf8')))
      : undefined;
  }
  return ok;
}

/** Steps of a lane, in order; a failed step stops its lane. */
async function lane(laneSteps: readonly Step[], streamed: boolean): Promise<boolean> {
  for (const step of laneSteps) if (!(await run(step, streamed))) return false;
  return true;
}

const parsed = partsFromArgs(process.argv.slice(2));
if ('error' in parsed) {
  process.stderr.write(`npm test: ${parsed.error}\n`);
  process.exit(2);
}
const selected = parsed.parts;
const wanted = (part: Part): boolean => selected.includes(part);
const startedAt = performance.now();
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

/** Lanes side by side, each stopping at its first failure; a lane's output is printed in one piece per step. */
async function sideBySide(lanes: readonly (readonly Step[])[]): Promise<boolean> {
  const running = lanes.filter((l) => l.length > 0);
  if (running.length > 1) {
    process.stdout.write(
      `\n=== running side by side: ${running.map((l) => l.map((step) => step.name).join(' → ')).join(' | ')} ===\n`,
    );
  }
  return (await Promise.all(running.map((l) => lane(l, running.length === 1)))).every(Boolean);
}

// The summary judges the run from what each step did (a failed or missing step fails it).
if (await run(steps.system, true)) {
  // First the CPU-bound checks and the build (then the unit tests), two lanes for two cores. Then the two
  // suites that mostly wait (on emulators, on the browser, on a quiz's pause), side by side: each alone
  // left a core idle half the time. The browser specs need the build and run only if everything before
  // passed; the integration tests build their own api package and run whatever the static checks said.
  const checked = await sideBySide([
    wanted('static') ? [steps.lint] : [],
    [
      ...(wanted('static') ? [steps.format, steps.typecheck, steps.typecheckWeb] : []),
      steps.build,
      ...(wanted('unit') ? [steps.unit] : []),
    ],
  ]);
  const built = results.get(steps.build)?.status === 'ok';
  await sideBySide([
    wanted('integration') && built ? [steps.integration] : [],
    wanted('e2e') && checked ? [steps.e2e] : [],
  ]);
}

const ordered: Step[] = [
  steps.system,
  steps.lint,
  steps.format,
  steps.typecheck,
  steps.typecheckWeb,
  steps.build,
  steps.unit,
  steps.integration,
  steps.e2e,
];
const stepResults = ordered.flatMap((step): StepResult[] => {
  const result = results.get(step);
  if (result) return [result];
  if (step.part !== 'setup' && !wanted(step.part)) return [];
  return [{ name: step.name, part: step.part, status: 'not run', reason: 'after a failure' }];
});
const summary = summarize({
  selected,
  steps: stepResults,
  reports: counts,
  minutes: (performance.now() - startedAt) / 60_000,
});
process.stdout.write(`\n=== summary ===\n${summary.lines.join('\n')}\n`);
process.exit(summary.exitCode);
