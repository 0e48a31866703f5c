// The wall clock of an integration test process, moved on instead of waited for. The api stack runs in
// this process (the local host loads the bundle here), so the api's clock is this process's `Date`.
// `Date` runs at real speed, shifted by what `advance` added, or stands still while frozen; timers, the
// emulators and the identity provider keep real time (a few seconds apart: tokens and SAS links
// tolerate that).

export interface ShiftedClock {
  /** Moves this process's `Date` forward by `ms`. */
  advance(ms: number): void;
  /** Stops this process's `Date` where it is (until `resume`): a burst of requests takes no time. */
  freeze(): void;
  /** Lets `Date` run again from where it stood. */
  resume(): void;
  /** Back to the real `Date`. */
  restore(): void;
}

export function shiftApiClock(): ShiftedClock {
  const RealDate = globalThis.Date;
  let offset = 0;
  let frozenAt: number | undefined;
  const now = (): number => (frozenAt ?? RealDate.now()) + offset;
  const Shifted = new Proxy(RealDate, {
    construct: (target, args: unknown[], newTarget: NewableFunction) =>
      Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget) as object,
    // `Date()` called as a function: the current time as a string.
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) =>
      property === 'now' ? now : (Reflect.get(target, property, receiver) as unknown),
  });
  globalThis.Date = Shifted;
  return {
    advance: (ms) => {
      offset += ms;
    },
    freeze: () => {
      frozenAt ??= RealDate.now();
    },
    resume: () => {
      if (frozenAt === undefined) return;
      offset += frozenAt - RealDate.now();
      frozenAt = undefined;
    },
    restore: () => {
      globalThis.Date = RealDate;
    },
  };
}
