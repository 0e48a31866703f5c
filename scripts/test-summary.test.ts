// The verdict of `npm test`: the summary line says FAIL whenever the exit code is 1, and names every part
// that did not run (a failure earlier on, a missing report, a partial run such as `npm test -- unit`).
import { describe, expect, it } from 'vitest';
import {
  PARTS,
  partsFromArgs,
  playwrightCounts,
  summarize,
  vitestCounts,
  type Counts,
  type Part,
  type RunOutcome,
  type StepResult,
} from './test-summary';

const counts = (passed: number, extra: Partial<Counts> = {}): Counts => ({
  passed,
  failed: 0,
  skipped: 0,
  brokenFiles: 0,
  ...extra,
});
const ok = (name: string, part: StepResult['part']): StepResult => ({ name, part, status: 'ok', seconds: 1 });
const allSteps: StepResult[] = [
  ok('system packages', 'setup'),
  ok('lint', 'static'),
  ok('format', 'static'),
  ok('typecheck', 'static'),
  ok('typecheck web', 'static'),
  ok('build', 'setup'),
  ok('unit tests', 'unit'),
  ok('integration tests', 'integration'),
  ok('e2e tests (Chromium)', 'e2e'),
];
const fullRun = (overrides: Partial<RunOutcome> = {}): RunOutcome => ({
  selected: PARTS,
  steps: allSteps,
  reports: { unit: counts(1000), integration: counts(300), e2e: counts(30) },
  minutes: 9.5,
  ...overrides,
});
const lastLine = (outcome: RunOutcome): string => summarize(outcome).lines.at(-1) ?? '';

describe('the summary line', () => {
  it('says PASS, with the totals, when every part ran and every test passed', () => {
    const summary = summarize(fullRun());
    expect(summary.exitCode).toBe(0);
    expect(summary.lines.at(-1)).toBe('Tests: 1330 passed, 0 failed, 0 skipped (9.5 min) — PASS');
    expect(summary.lines).toContain('ok    unit tests (1.0 s)');
  });

  it('says FAIL when tests were skipped, although others passed', () => {
    const outcome = fullRun({
      reports: { unit: counts(1000, { skipped: 2 }), integration: counts(300), e2e: counts(30) },
    });
    expect(summarize(outcome).exitCode).toBe(1);
    expect(lastLine(outcome)).toMatch(/— FAIL: unit: 2 tests skipped$/);
  });

  it('says FAIL when a step failed although every test passed (e.g. an unhandled error in vitest)', () => {
    const steps = allSteps.map((s) => (s.name === 'unit tests' ? { ...s, status: 'failed' as const } : s));
    const outcome = fullRun({ steps });
    expect(summarize(outcome).exitCode).toBe(1);
    expect(lastLine(outcome)).toContain('FAIL: unit tests failed');
    expect(summarize(outcome).lines).toContain('FAIL  unit tests (1.0 s)');
  });

  it('names a suite whose report is missing instead of leaving it out', () => {
    const outcome = fullRun({ reports: { unit: counts(1000), integration: undefined, e2e: counts(30) } });
    expect(summarize(outcome).exitCode).toBe(1);
    expect(lastLine(outcome)).toContain('integration wrote no report');
    expect(summarize(outcome).lines).toContain(
      'integration: no report (the runner stopped before writing it)',
    );
    expect(lastLine(outcome)).toMatch(/^Tests: 1030 passed/);
  });

  it('names the parts that did not run after a failure', () => {
    const steps: StepResult[] = [
      ...allSteps.slice(0, 6),
      { ...ok('unit tests', 'unit'), status: 'failed' },
      { name: 'integration tests', part: 'integration', status: 'not run', reason: 'after a failure' },
      { name: 'e2e tests (Chromium)', part: 'e2e', status: 'not run', reason: 'after a failure' },
    ];
    const outcome = fullRun({ steps, reports: { unit: counts(990, { failed: 10 }) } });
    const summary = summarize(outcome);
    expect(summary.exitCode).toBe(1);
    expect(summary.lines.at(-1)).toBe(
      'Tests: 990 passed, 10 failed, 0 skipped (9.5 min) — FAIL: unit tests failed; unit: 10 tests failed; ' +
        'integration did not run; e2e did not run — not run: integration (after a failure), e2e (after a failure)',
    );
    expect(summary.lines).toContain('--    e2e tests (Chromium) (not run (after a failure))');
  });

  it('says FAIL when the build did not run', () => {
    const steps: StepResult[] = allSteps.map((s) =>
      s.part === 'static' && s.name === 'lint' ? { ...s, status: 'failed' } : s,
    );
    const outcome = fullRun({
      steps: [
        ...steps.slice(0, 5),
        { name: 'build', part: 'setup', status: 'not run', reason: 'after a failure' },
      ],
      reports: {},
    });
    expect(summarize(outcome).exitCode).toBe(1);
    expect(lastLine(outcome)).toContain('build did not run');
  });

  it('says which parts a partial run left out, and passes it when what ran passed', () => {
    const outcome: RunOutcome = {
      selected: ['unit'],
      steps: [ok('system packages', 'setup'), ok('build', 'setup'), ok('unit tests', 'unit')],
      reports: { unit: counts(1000) },
      minutes: 1.2,
    };
    const summary = summarize(outcome);
    expect(summary.exitCode).toBe(0);
    expect(summary.lines.at(-1)).toBe(
      'Tests: 1000 passed, 0 failed, 0 skipped (1.2 min) — PASS (partial run) — ' +
        'not run: static (not asked), integration (not asked), e2e (not asked)',
    );
  });

  it('says FAIL for a suite that ran no test, and for files that could not run', () => {
    const empty = fullRun({ reports: { unit: counts(1000), integration: counts(0), e2e: counts(30) } });
    expect(lastLine(empty)).toContain('FAIL: integration ran no test');
    const broken = fullRun({
      reports: { unit: counts(1000, { brokenFiles: 1 }), integration: counts(300), e2e: counts(30) },
    });
    expect(lastLine(broken)).toContain('FAIL: unit: 1 file could not run');
    expect(summarize(broken).exitCode).toBe(1);
  });

  it('never says PASS with a non-zero exit code, nor FAIL with 0, whatever the outcome', () => {
    const choices = {
      status: ['ok', 'failed', 'not run'] as const,
      report: [undefined, counts(5), counts(0), counts(5, { failed: 1 }), counts(5, { skipped: 1 })],
    };
    let checked = 0;
    for (const selected of [PARTS, ['unit'], ['integration', 'e2e']] as readonly (readonly Part[])[]) {
      for (const status of choices.status) {
        for (const report of choices.report) {
          for (const failing of allSteps.map((s) => s.name)) {
            const steps = allSteps
              .filter((s) => s.part === 'setup' || selected.includes(s.part))
              .map((s) => (s.name === failing ? { ...s, status } : s));
            const reports = Object.fromEntries(
              selected.filter((p) => p !== 'static').map((p) => [p, p === 'unit' ? report : counts(3)]),
            );
            const summary = summarize({ selected, steps, reports, minutes: 1 });
            const line = summary.lines.at(-1) ?? '';
            expect(line.includes('— FAIL'), line).toBe(summary.exitCode === 1);
            expect(line.includes('— PASS'), line).toBe(summary.exitCode === 0);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('reports', () => {
  it('reads vitest counts, with a file that failed to import as a file that could not run', () => {
    expect(
      vitestCounts({
        numPassedTests: 10,
        numFailedTests: 1,
        numPendingTests: 2,
        numTodoTests: 1,
        numFailedTestSuites: 2,
        testResults: [
          { status: 'failed', assertionResults: [] },
          { status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }] },
          { status: 'passed', assertionResults: [{ status: 'passed' }] },
        ],
      }),
    ).toMatchObject({ passed: 10, failed: 1, skipped: 3, brokenFiles: 1 });
  });

  it('reads Playwright counts: a flaky test is not a pass, a global setup error is a broken run', () => {
    expect(
      playwrightCounts({ stats: { expected: 20, unexpected: 1, flaky: 1, skipped: 0 }, errors: [{}] }),
    ).toEqual({ passed: 20, failed: 2, skipped: 0, brokenFiles: 1, failures: ['outside a test: '] });
  });

  it('repeats what failed, and why, at the end of the summary (a CI page often shows only the end)', () => {
    const e2e = playwrightCounts({
      stats: { expected: 1, unexpected: 1 },
      suites: [
        {
          suites: [
            {
              specs: [
                {
                  title: 'the admin exports',
                  file: 'reporting.spec.ts',
                  line: 92,
                  tests: [
                    {
                      status: 'unexpected',
                      results: [
                        {
                          status: 'failed',
                          error: {
                            message:
                              '\u001b[31mError: expect(locator).toBeVisible()\u001b[39m\n\nLocator: x\n    at y',
                          },
                        },
                      ],
                    },
                  ],
                },
                { title: 'passes', tests: [{ status: 'expected', results: [{ status: 'passed' }] }] },
              ],
            },
          ],
        },
      ],
    });
    const unit = vitestCounts({
      numFailedTests: 1,
      testResults: [
        { name: 'a.test.ts', status: 'failed', message: 'Cannot find module x', assertionResults: [] },
        {
          name: 'b.test.ts',
          status: 'failed',
          assertionResults: [
            { status: 'failed', fullName: 'b works', failureMessages: ['AssertionError: 1 !== 2'] },
          ],
        },
      ],
    });
    const lines = summarize(fullRun({ reports: { unit, integration: counts(1), e2e } })).lines;
    expect(lines).toContain('  ✗ a.test.ts: Cannot find module x');
    expect(lines).toContain('  ✗ b works: AssertionError: 1 !== 2');
    expect(lines).toContain(
      '  ✗ reporting.spec.ts:92 the admin exports: Error: expect(locator).toBeVisible() | Locator: x',
    );
    expect(lines.at(-1)).toMatch(/FAIL/);
  });
});

describe('parts on the command line', () => {
  it('runs every part by default and keeps the usual order otherwise', () => {
    expect(partsFromArgs([])).toEqual({ parts: PARTS });
    expect(partsFromArgs(['e2e', 'unit'])).toEqual({ parts: ['unit', 'e2e'] });
  });

  it('refuses a part it does not know instead of running nothing', () => {
    expect(partsFromArgs(['units'])).toEqual({
      error: 'unknown part "units": choose among static, unit, integration, e2e (none = all)',
    });
  });
});
