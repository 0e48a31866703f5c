// `npm test`: every check a change must pass, with one summary line at the end (scripts/test-summary.ts
// judges the run: the line says FAIL whenever the exit code is not 0 and names every part that did not run).
// system packages → [format, typecheck, build, unit | integration (real emulators)] side by side → e2e
// (Chromium), with the lint beside all of it at low priority. `npm test -- unit e2e` runs only those parts
// (the build always runs).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { setPriority } from 'node:os';
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
// The type check runs on TypeScript 7's native compiler (a fifth of the CPU of tsc 6 on this repo); ESLint's
// type-aware rules still use TypeScript 6's API (typescript-eslint does not support 7 yet). Both packages
// install a `tsc` command, so the native one is called by its path.
const nativeTsc = join(root, 'node_modules', 'typescript-native', 'bin', 'tsc');

interface Step {
  readonly name: string;
  readonly part: Part | 'setup';
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** A nice value: the step then only gets the CPU the others leave idle (its children inherit it). */
  readonly niceness?: number;
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
  lint: {
    name: 'lint',
    part: 'static',
    command: bin('eslint'),
    args: ['.', '--max-warnings=0'],
    niceness: 19,
  },
  format: {
    name: 'format',
    part: 'static',
    command: bin('prettier'),
    args: ['--check', '.', '--log-level=warn'],
  },
  typecheck: {
    name: 'typecheck',
    part: 'static',
    command: process.execPath,
    args: [nativeTsc, '-p', 'tsconfig.check.json'],
  },
  typecheckWeb: {
    name: 'typecheck web',
    part: 'static',
    command: process.execPath,
    args: [nativeTsc, '-p', 'web/tsconfig.json', '--noEmit'],
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
  if (step.niceness !== undefined && child.pid !== undefined) {
    try {
      setPriority(child.pid, step.niceness);
    } catch {
      // Not allowed here: the step runs at normal priority, only slower for the others.
    }
  }
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

let ok = await run(steps.system, true);
let lintEnded: Promise<unknown> = Promise.resolve();
if (ok) {
  // The type-aware lint is the longest single-threaded step and nothing waits for it: it runs from the start
  // to its end at the lowest priority, on the CPU the other parts leave idle (the e2e specs leave ~20 %).
  if (wanted('static')) lintEnded = lane([steps.lint], false);
  // Side by side: the static checks and the build (then the unit tests) are CPU-bound, the integration
  // tests mostly wait on emulators (their setup builds its own api package). Each lane stops at its first
  // failure; the output of a lane is printed in one piece when its step ends.
  const lanes = [
    [
      ...(wanted('static') ? [steps.format, steps.typecheck, steps.typecheckWeb] : []),
      steps.build,
      ...(wanted('unit') ? [steps.unit] : []),
    ],
    wanted('integration') ? [steps.integration] : [],
  ].filter((l) => l.length > 0);
  const together = [
    ...lanes.map((l) => l.map((step) => step.name).join(' → ')),
    ...(wanted('static') ? ['lint (low priority, until it ends)'] : []),
  ];
  const streamed = together.length === 1;
  if (!streamed) process.stdout.write(`\n=== running side by side: ${together.join(' | ')} ===\n`);
  ok = (await Promise.all(lanes.map((l) => lane(l, streamed)))).every(Boolean);
}
// The browser specs need the build and no emulator stack but their own: they run once the lanes passed,
// beside what is left of the lint (which yields to them).
if (ok && wanted('e2e')) await run(steps.e2e, true);
// The summary judges every step, the lint included, once it has ended.
await lintEnded;

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
