// Waits until the machine's CPUs are mostly idle, so that a page audit measures the page and not whatever the
// previous bench part or the stack's start left running (Lighthouse's own advice on variance: audit on a quiet
// machine). Reads Linux's /proc/stat; elsewhere it does not wait.
import { existsSync, readFileSync } from 'node:fs';

interface CpuTimes {
  readonly idle: number;
  readonly total: number;
}

function cpuTimes(): CpuTimes | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal…: idle and iowait are time the CPUs had nothing to run.
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total };
}

/** The idle share the bench waits for: the local stack alone idles at ~5 % of the CPUs. */
export const QUIET_IDLE_SHARE = 0.85;

/**
 * Seconds until one `windowMs` window had at least `idleShare` of the CPUs' time idle, or undefined when none did
 * within `timeoutMs`.
 */
export async function cpuQuiet({
  idleShare = QUIET_IDLE_SHARE,
  windowMs = 1_000,
  timeoutMs = 30_000,
}: {
  readonly idleShare?: number;
  readonly windowMs?: number;
  readonly timeoutMs?: number;
} = {}): Promise<number | undefined> {
  const started = performance.now();
  let before = cpuTimes();
  if (!before) return 0;
  while (performance.now() - started <= timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = cpuTimes();
    if (!after) return 0;
    const total = after.total - before.total;
    if (total > 0 && (after.idle - before.idle) / total >= idleShare) {
      return (performance.now() - started) / 1000;
    }
    before = after;
  }
  return undefined;
}
