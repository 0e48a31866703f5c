import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { checklist, visibleRoles, type ChecklistInput } from './checklist';

const newLearner: ChecklistInput = {
  legalAccepted: true,
  profileComplete: true,
  inamiPresent: false,
  diplomaStatus: null,
  entitled: false,
  freeTrainings: true,
  enrolments: 0,
};

const states = (input: ChecklistInput) =>
  Object.fromEntries(checklist(input).steps.map((step) => [step.id, step.state]));

describe('the new learner’s checklist', () => {
  it('lists terms, profile, INAMI, diploma, subscription and first training with what is done', () => {
    const list = checklist(newLearner);
    expect(list.steps.map((step) => step.id)).toEqual([
      'terms',
      'profile',
      'inami',
      'diploma',
      'subscription',
      'training',
    ]);
    expect(states(newLearner)).toEqual({
      terms: 'done',
      profile: 'done',
      inami: 'optional',
      diploma: 'todo',
      subscription: 'optional',
      training: 'todo',
    });
    expect({ done: list.done, total: list.total, complete: list.complete }).toEqual({
      done: 2,
      total: 6,
      complete: false,
    });
  });

  it('does not push a subscription while free trainings exist, and asks for one when none do', () => {
    expect(states(newLearner).subscription).toBe('optional');
    expect(checklist(newLearner).steps.find((s) => s.id === 'subscription')?.hint).toBe(
      'learner.checklist.hint.subscriptionOptional',
    );
    expect(states({ ...newLearner, freeTrainings: false }).subscription).toBe('todo');
    expect(states({ ...newLearner, entitled: true, freeTrainings: false }).subscription).toBe('done');
  });

  it('says a diploma under review is pending, and done once approved', () => {
    expect(states({ ...newLearner, diplomaStatus: 'pending_review' }).diploma).toBe('pending');
    expect(states({ ...newLearner, diplomaStatus: 'scanning' }).diploma).toBe('pending');
    expect(states({ ...newLearner, diplomaStatus: 'rejected' }).diploma).toBe('todo');
    expect(states({ ...newLearner, diplomaStatus: 'approved' }).diploma).toBe('done');
  });

  it('is complete (and no longer shown) once nothing is left to do or to wait for', () => {
    const ready = { ...newLearner, diplomaStatus: 'approved' as const, enrolments: 1 };
    expect(checklist(ready).complete).toBe(true);
    expect(checklist({ ...ready, diplomaStatus: 'pending_review' }).complete).toBe(false);
  });

  it('waits for what is still loading instead of calling it undone', () => {
    const loading = {
      ...newLearner,
      inamiPresent: undefined,
      diplomaStatus: undefined,
      enrolments: undefined,
    };
    expect(states(loading)).toMatchObject({ inami: 'loading', diploma: 'loading', training: 'loading' });
    expect(checklist(loading).complete).toBe(false);
  });

  it('has every title and hint in French and Dutch', () => {
    for (const step of checklist(newLearner).steps) {
      for (const lang of ['fr', 'nl'] as const) {
        expect(translate(lang, step.title)).not.toBe('');
        if (step.hint) expect(translate(lang, step.hint)).not.toBe('');
      }
    }
  });
});

describe('roles on the dashboard', () => {
  it('says nothing of the learner role alone, and names every role when there are others', () => {
    expect(visibleRoles(['learner'])).toEqual([]);
    expect(visibleRoles(['learner', 'trainer'])).toEqual(['learner', 'trainer']);
  });
});
