// Timer triggers on their NCRONTAB schedules (six fields, seconds first), plus firing by hand.
import { Cron } from 'croner';
import type { RegisteredFunction } from './registry';
import { buildContext } from './http-trigger';

export interface TimerScheduler {
  /** Fires a timer function now (what `POST /admin/functions/<name>` does). */
  fire(name: string): Promise<void>;
  stop(): void;
  readonly names: readonly string[];
}

export function resolveSchedule(schedule: string, env: Readonly<Record<string, string | undefined>>): string {
  // `%SETTING%` schedules are read from app settings, as the Functions host does.
  const setting = /^%([^%]+)%$/.exec(schedule);
  if (!setting?.[1]) return schedule;
  const value = env[setting[1]];
  if (!value) throw new Error(`Timer schedule setting ${setting[1]} is not set`);
  return value;
}

export function startTimers(options: {
  functions: readonly RegisteredFunction[];
  env: Readonly<Record<string, string | undefined>>;
  extraInputFor: (fn: RegisteredFunction, bindingType: string) => unknown;
  log: (line: string) => void;
  /** When false, schedules are not armed (tests fire timers by hand). */
  schedule: boolean;
}): TimerScheduler {
  // Azure runs schedules in UTC unless WEBSITE_TIME_ZONE says otherwise; so does the local host.
  const timezone = options.env.WEBSITE_TIME_ZONE ?? 'UTC';
  const byName = new Map(options.functions.map((fn) => [fn.name.toLowerCase(), fn]));
  const lastRun = new Map<string, Date>();
  const jobs: Cron[] = [];

  const run = async (fn: RegisteredFunction, isPastDue: boolean): Promise<void> => {
    const now = new Date();
    const schedule = resolveSchedule(String(fn.trigger.schedule), options.env);
    const next = new Cron(schedule, { paused: true, timezone }).nextRun(now) ?? now;
    const timer = {
      isPastDue,
      schedule: { adjustForDST: true },
      scheduleStatus: {
        last: (lastRun.get(fn.name) ?? now).toISOString(),
        next: next.toISOString(),
        lastUpdated: now.toISOString(),
      },
    };
    lastRun.set(fn.name, now);
    try {
      await fn.handler(timer, buildContext(fn, options.extraInputFor));
      options.log(`timer ${fn.name} ran`);
    } catch (error) {
      options.log(`timer ${fn.name} failed: ${error instanceof Error ? error.name : 'error'}`);
      throw error;
    }
  };

  if (options.schedule) {
    for (const fn of options.functions) {
      const schedule = resolveSchedule(String(fn.trigger.schedule), options.env);
      jobs.push(
        new Cron(schedule, { protect: true, catch: true, timezone }, async () => {
          await run(fn, false).catch(() => undefined);
        }),
      );
    }
  }

  return {
    names: options.functions.map((fn) => fn.name),
    async fire(name) {
      const fn = byName.get(name.toLowerCase());
      if (!fn) throw new Error(`No timer function named ${name}`);
      await run(fn, false);
    },
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}
