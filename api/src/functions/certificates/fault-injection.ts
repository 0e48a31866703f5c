// Test-only fault injection for the certificate workflow's activities: `FAULT_INJECTION=
// certificate-store:2,certificate-email:1` makes the PDF store fail its first 2 attempts and the email
// its first attempt, per certificate. Config refuses the setting in Azure; compose.ts honours it only
// when SOINS_ENV is local or test.

export type FaultPlan = ReadonlyMap<string, number>;

export function parseFaultPlan(setting: string | undefined): FaultPlan {
  const plan = new Map<string, number>();
  for (const pair of (setting ?? '').split(',').filter(Boolean)) {
    const [name, count] = pair.split(':');
    if (name && count) plan.set(name.trim(), Number(count));
  }
  return plan;
}

export class InjectedFault extends Error {
  constructor(point: string, attempt: number) {
    super(`injected fault at ${point} (attempt ${attempt})`);
    this.name = 'InjectedFault';
  }
}

/**
 * Wraps a step so it throws on its first calls per key (process memory: reset on restart):
 * `<point>:n` fails n times before the step runs, `<point>-after:n` n times after it ran (its side
 * effect happened, the activity still fails: the retry must not repeat the effect).
 */
export function withFaults<I, O>(
  plan: FaultPlan,
  point: string,
  keyOf: (input: I) => string,
  step: (input: I) => Promise<O>,
): (input: I) => Promise<O> {
  const before = plan.get(point) ?? 0;
  const after = plan.get(`${point}-after`) ?? 0;
  if (before <= 0 && after <= 0) return step;
  const attempts = new Map<string, number>();
  return async (input) => {
    const key = keyOf(input);
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    if (attempt <= before) throw new InjectedFault(point, attempt);
    const output = await step(input);
    if (attempt <= before + after) throw new InjectedFault(`${point}-after`, attempt);
    return output;
  };
}
