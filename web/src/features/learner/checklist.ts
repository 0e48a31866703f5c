// The new learner's first steps, shown on the dashboard until every one is done (or optional): what each step
// is, whether it is done, waiting for someone else, to do, or optional for her, and where to do it.
import type { DiplomaStatus, Role } from '@soins/shared';
import type { MessageKey } from '../../i18n';

export const CHECKLIST_STEPS = ['terms', 'profile', 'inami', 'diploma', 'subscription', 'training'] as const;
export type ChecklistStepId = (typeof CHECKLIST_STEPS)[number];

/** done; pending: waiting for a check (the diploma's); todo; optional: not needed in her case. */
export type ChecklistState = 'done' | 'pending' | 'todo' | 'optional';

export interface ChecklistInput {
  readonly legalAccepted: boolean;
  readonly profileComplete: boolean;
  /** undefined while loading. */
  readonly inamiPresent: boolean | undefined;
  /** null: no diploma sent yet; undefined while loading. */
  readonly diplomaStatus: DiplomaStatus | null | undefined;
  readonly entitled: boolean | undefined;
  /** Whether the catalogue has free trainings (then a subscription is optional). */
  readonly freeTrainings: boolean | undefined;
  readonly enrolments: number | undefined;
}

export interface ChecklistStep {
  readonly id: ChecklistStepId;
  readonly state: ChecklistState | 'loading';
  readonly title: MessageKey;
  /** Why it is optional or pending, when it is. */
  readonly hint?: MessageKey;
  /** Where to do it. */
  readonly to: '/profile' | '/account/subscription' | '/catalogue' | '/legal';
}

export interface Checklist {
  readonly steps: readonly ChecklistStep[];
  readonly done: number;
  readonly total: number;
  /** Nothing left to do or to wait for: the dashboard no longer shows the list. */
  readonly complete: boolean;
}

function stateOf(id: ChecklistStepId, input: ChecklistInput): ChecklistState | 'loading' {
  switch (id) {
    case 'terms':
      return input.legalAccepted ? 'done' : 'todo';
    case 'profile':
      return input.profileComplete ? 'done' : 'todo';
    case 'inami':
      // Optional: hospital nurses often have none; home nurses need one.
      return input.inamiPresent === undefined ? 'loading' : input.inamiPresent ? 'done' : 'optional';
    case 'diploma':
      if (input.diplomaStatus === undefined) return 'loading';
      if (input.diplomaStatus === 'approved') return 'done';
      return input.diplomaStatus === 'scanning' || input.diplomaStatus === 'pending_review'
        ? 'pending'
        : 'todo';
    case 'subscription':
      if (input.entitled === undefined) return 'loading';
      if (input.entitled) return 'done';
      if (input.freeTrainings === undefined) return 'loading';
      return input.freeTrainings ? 'optional' : 'todo';
    case 'training':
      return input.enrolments === undefined ? 'loading' : input.enrolments > 0 ? 'done' : 'todo';
  }
}

const HINTS: Partial<Record<`${ChecklistStepId}:${ChecklistState}`, MessageKey>> = {
  'inami:optional': 'learner.checklist.hint.inami',
  'diploma:pending': 'learner.checklist.hint.diplomaPending',
  'diploma:todo': 'learner.checklist.hint.diploma',
  'subscription:optional': 'learner.checklist.hint.subscriptionOptional',
};

const DESTINATION: Readonly<Record<ChecklistStepId, ChecklistStep['to']>> = {
  terms: '/legal',
  profile: '/profile',
  inami: '/profile',
  diploma: '/profile',
  subscription: '/account/subscription',
  training: '/catalogue',
};

export function checklist(input: ChecklistInput): Checklist {
  const steps = CHECKLIST_STEPS.map((id): ChecklistStep => {
    const state = stateOf(id, input);
    const hint = state === 'loading' ? undefined : HINTS[`${id}:${state}`];
    return {
      id,
      state,
      title: `learner.checklist.step.${id}`,
      ...(hint ? { hint } : {}),
      to: DESTINATION[id],
    };
  });
  const done = steps.filter((step) => step.state === 'done').length;
  return {
    steps,
    done,
    total: steps.length,
    complete: steps.every((step) => step.state === 'done' || step.state === 'optional'),
  };
}

/** Roles worth showing: a learner is a learner, say nothing; other roles are news. */
export function visibleRoles(roles: readonly Role[]): readonly Role[] {
  return roles.some((role) => role !== 'learner') ? roles : [];
}
