// `npm test`: every check a change must pass, in order, with one summary line at the end.
// lint → format → typecheck → build → unit → integration (real emulators) → e2e (Chromium).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, '.tmp', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const started = Date.now();
const results = [];

function step(name, command, args, env = {}) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const t = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = run.status === 0;
  results.push({ name, ok, seconds: (Date.now() - t) / 1000 });
  return ok;
}

function vitestCounts(file) {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightCounts(file) {
  if (!existsSync(file)) return undefined;
  const stats = JSON.parse(readFileSync(file, 'utf8')).stats;
  return { passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped };
}

const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);
let ok = step('system packages', 'bash', [join(root, 'scripts', 'ensure-system-deps.sh')]);
if (ok && wanted('static')) {
  ok = step('lint', bin('eslint'), ['.', '--max-warnings=0']) && ok;
  ok = step('format', bin('prettier'), ['--check', '.', '--log-level=warn']) && ok;
  ok = step('typecheck', bin('tsc'), ['-p', 'tsconfig.check.json']) && ok;
  ok = step('typecheck web', bin('tsc'), ['-p', 'web/tsconfig.json', '--noEmit']) && ok;
}
if (ok) ok = step('build', 'npm', ['run', 'build', '--silent']) && ok;
const counts = {};
if (ok && wanted('unit')) {
  const out = join(reports, 'unit.json');
  ok =
    step('unit tests', bin('vitest'), [
      'run',
      '--project',
      'unit',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ]) && ok;
  counts.unit = vitestCounts(out);
}
if (ok && wanted('integration')) {
  const out = join(reports, 'integration.json');
  ok =
    step('integration tests', bin('vitest'), [
      'run',
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ]) && ok;
  counts.integration = vitestCounts(out);
}
if (ok && wanted('e2e')) {
  const out = join(reports, 'e2e.json');
  ok = step('e2e tests (Chromium)', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out }) && ok;
  counts.e2e = playwrightCounts(out);
}

process.stdout.write('\n=== summary ===\n');
for (const r of results)
  process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name} (${r.seconds.toFixed(1)} s)\n`);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [suite, c] of Object.entries(counts)) {
  if (!c) continue;
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
  process.stdout.write(`${suite}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped\n`);
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);
process.stdout.write(
  `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped (${minutes} min) — ${ok && passed > 0 ? 'PASS' : 'FAIL'}\n`,
);
process.exit(ok && passed > 0 && failed === 0 && skipped === 0 ? 0 : 1);
