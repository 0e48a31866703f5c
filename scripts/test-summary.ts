// What `npm test` says at the end, as pure functions (scripts/test.ts runs the steps, this module judges
// them). One rule: the verdict on the last line and the exit code come from the same place, so the line
// says FAIL whenever the exit code is not 0, and every part that did not run is named, with why.

/** The parts `npm test -- <part>…` can ask for; no argument runs them all, in this order. */
export const PARTS = ['static', 'unit', 'integration', 'e2e'] as const;
export type Part = (typeof PARTS)[number];
/** Parts whose test runner writes a report with counts. */
export type Suite = Exclude<Part, 'static'>;
export const SUITES: readonly Suite[] = ['unit', 'integration', 'e2e'];

/** Which parts a command line asks for: `npm test` → all, `npm test -- unit e2e` → those two. */
export function partsFromArgs(args: readonly string[]): { parts: readonly Part[] } | { error: string } {
  const unknown = args.filter((arg) => !(PARTS as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    return {
      error: `unknown part ${unknown.map((u) => `"${u}"`).join(', ')}: choose among ${PARTS.join(', ')} (none = all)`,
    };
  }
  return { parts: args.length === 0 ? PARTS : PARTS.filter((part) => args.includes(part)) };
}

export type StepStatus = 'ok' | 'failed' | 'not run';

export interface StepResult {
  readonly name: string;
  /** `setup` steps (system packages, build) serve every part. */
  readonly part: Part | 'setup';
  readonly status: StepStatus;
  readonly seconds?: number;
  /** For a step that did not run: why (e.g. "after a failure"). */
  readonly reason?: string;
}

export interface Counts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Test files that could not run at all (import error, failing hook): their tests are not counted. */
  readonly brokenFiles: number;
  /** What failed, one line each (test and the start of its error), repeated in the summary. */
  readonly failures?: readonly string[];
}

/** At most this many failures are repeated in the summary, each cut to one line of this many characters. */
const MAX_FAILURES = 10;
const MAX_FAILURE_CHARS = 300;

/** One line out of a runner's error message: colours removed, blank lines dropped, the first lines joined. */
export function oneLine(message: string): string {
  const text = message
    // eslint-disable-next-line no-control-regex -- ANSI colour codes of the runners' messages
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('at '))
    .slice(0, 4)
    .join(' | ');
  return text.length > MAX_FAILURE_CHARS ? `${text.slice(0, MAX_FAILURE_CHARS - 1)}…` : text;
}

/** Counts from a vitest JSON report (`--reporter=json`). */
export function vitestCounts(report: unknown): Counts {
  const r = report as Partial<
    Record<
      | 'numPassedTests'
      | 'numFailedTests'
      | 'numPendingTests'
      | 'numTodoTests'
      | 'numFailedTestSuites'
      | 'numTotalTests',
      number
    >
  > & {
    testResults?: {
      name?: string;
      status?: string;
      message?: string;
      assertionResults?: { status?: string; fullName?: string; failureMessages?: string[] }[];
    }[];
  };
  // A file that failed without a failing test (import error, a hook throwing) did not run its tests.
  const brokenFiles =
    r.testResults?.filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length ??
    r.numFailedTestSuites ??
    0;
  const failures: string[] = [];
  for (const file of r.testResults ?? []) {
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    if (file.status === 'failed' && failed.length === 0)
      failures.push(`${file.name ?? 'a test file'}: ${oneLine(file.message ?? 'could not run')}`);
    for (const assertion of failed)
      failures.push(
        `${assertion.fullName ?? 'a test'}: ${oneLine(assertion.failureMessages?.join('\n') ?? '')}`,
      );
  }
  return {
    passed: r.numPassedTests ?? 0,
    failed: r.numFailedTests ?? 0,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    brokenFiles,
    ...(failures.length > 0 ? { failures } : {}),
  };
}

/** Counts from a Playwright JSON report; errors outside tests (global setup) count as a broken file. */
interface PlaywrightSuite {
  readonly specs?: readonly {
    readonly title?: string;
    readonly file?: string;
    readonly line?: number;
    readonly tests?: readonly {
      readonly status?: string;
      readonly results?: readonly {
        readonly status?: string;
        readonly error?: { readonly message?: string };
      }[];
    }[];
  }[];
  readonly suites?: readonly PlaywrightSuite[];
}

function playwrightFailures(suites: readonly PlaywrightSuite[], into: string[]): void {
  for (const suite of suites) {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected' && test.status !== 'flaky') continue;
        const failed = test.results?.find(
          (result) => result.status !== 'passed' && result.status !== 'skipped',
        );
        const where = `${spec.file ?? '?'}:${String(spec.line ?? '?')} ${spec.title ?? ''}`;
        into.push(`${where}: ${oneLine(failed?.error?.message ?? failed?.status ?? 'failed')}`);
      }
    playwrightFailures(suite.suites ?? [], into);
  }
}

export function playwrightCounts(report: unknown): Counts {
  const r = report as {
    stats?: Partial<Record<'expected' | 'unexpected' | 'flaky' | 'skipped', number>>;
    errors?: { message?: string }[];
    suites?: PlaywrightSuite[];
  };
  const stats = r.stats ?? {};
  const failures = (r.errors ?? []).map((error) => `outside a test: ${oneLine(error.message ?? '')}`);
  playwrightFailures(r.suites ?? [], failures);
  return {
    passed: stats.expected ?? 0,
    // A flaky test failed once: with retries off it cannot happen, and it is not a pass.
    failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0),
    skipped: stats.skipped ?? 0,
    brokenFiles: r.errors?.length ?? 0,
    ...(failures.length > 0 ? { failures } : {}),
  };
}

export interface RunOutcome {
  /** The parts asked for on the command line. */
  readonly selected: readonly Part[];
  /** Every step of the runner, in order, including those that did not run. */
  readonly steps: readonly StepResult[];
  /** Per suite that was asked for and whose step ran: its counts, or `undefined` when no report was written. */
  readonly reports: Readonly<Partial<Record<Suite, Counts | undefined>>>;
  readonly minutes: number;
}

export interface Summary {
  readonly lines: readonly string[];
  readonly verdict: 'PASS' | 'FAIL';
  readonly exitCode: 0 | 1;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function summarize(outcome: RunOutcome): Summary {
  const lines: string[] = [];
  for (const step of outcome.steps) {
    const mark = step.status === 'ok' ? 'ok  ' : step.status === 'failed' ? 'FAIL' : '--  ';
    const detail =
      step.status === 'not run'
        ? `not run${step.reason ? ` (${step.reason})` : ''}`
        : `${(step.seconds ?? 0).toFixed(1)} s`;
    lines.push(`${mark}  ${step.name} (${detail})`);
  }

  const problems: string[] = [];
  for (const step of outcome.steps) if (step.status === 'failed') problems.push(`${step.name} failed`);

  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const suite of SUITES) {
    if (!outcome.selected.includes(suite) || !(suite in outcome.reports)) continue;
    const counts = outcome.reports[suite];
    if (!counts) {
      lines.push(`${suite}: no report (the runner stopped before writing it)`);
      problems.push(`${suite} wrote no report`);
      continue;
    }
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    const broken = counts.brokenFiles > 0 ? `, ${plural(counts.brokenFiles, 'file')} that could not run` : '';
    lines.push(
      `${suite}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${broken}`,
    );
    if (counts.failed > 0) problems.push(`${suite}: ${plural(counts.failed, 'test')} failed`);
    if (counts.skipped > 0) problems.push(`${suite}: ${plural(counts.skipped, 'test')} skipped`);
    if (counts.brokenFiles > 0)
      problems.push(`${suite}: ${plural(counts.brokenFiles, 'file')} could not run`);
    if (counts.passed === 0 && counts.failed === 0) problems.push(`${suite} ran no test`);
    // The end of the log is often all a CI page shows: what failed, and why, is repeated here.
    const failures = counts.failures ?? [];
    for (const failure of failures.slice(0, MAX_FAILURES)) lines.push(`  ✗ ${failure}`);
    if (failures.length > MAX_FAILURES) lines.push(`  … and ${failures.length - MAX_FAILURES} more`);
  }

  // Every part asked for that did not run to the end is named, with the steps that did not run.
  const notRun: string[] = [];
  for (const part of PARTS) {
    const skippedSteps = outcome.steps.filter((s) => s.part === part && s.status === 'not run');
    if (!outcome.selected.includes(part)) {
      notRun.push(`${part} (not asked)`);
    } else if (skippedSteps.length > 0) {
      const reasons = [...new Set(skippedSteps.map((s) => s.reason ?? 'not started'))].join(', ');
      notRun.push(`${part} (${reasons})`);
      problems.push(`${part} did not run`);
    }
  }
  const setupNotRun = outcome.steps.filter((s) => s.part === 'setup' && s.status === 'not run');
  for (const step of setupNotRun) problems.push(`${step.name} did not run`);

  const verdict = problems.length === 0 ? 'PASS' : 'FAIL';
  const partial = outcome.selected.length < PARTS.length;
  const tail = [
    verdict === 'FAIL'
      ? `FAIL: ${[...new Set(problems)].join('; ')}`
      : partial
        ? 'PASS (partial run)'
        : 'PASS',
    ...(notRun.length > 0 ? [`not run: ${notRun.join(', ')}`] : []),
  ].join(' — ');
  lines.push(
    `Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped (${outcome.minutes.toFixed(1)} min) — ${tail}`,
  );
  return { lines, verdict, exitCode: verdict === 'PASS' ? 0 : 1 };
}
