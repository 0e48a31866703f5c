import type { DataStoreView } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { makeTranslate } from '../../i18n/core';
import { retentionText } from './register-text';

const store = (overrides: Partial<DataStoreView>): DataStoreView => ({
  kind: 'blob',
  name: 'exports',
  personalData: true,
  activities: ['privacy-requests'],
  description: { fr: 'archives', nl: 'archieven' },
  ...overrides,
});

describe('retention of a store on the register page', () => {
  it('names the period and the job in French and in Dutch', () => {
    const exports = store({
      retention: { kind: 'job', job: 'privacy-exports-expire' },
      retentionPeriod: 'P1D',
    });
    expect(retentionText(makeTranslate('fr'), exports)).toBe('1 jour (tâche privacy-exports-expire)');
    expect(retentionText(makeTranslate('nl'), exports)).toBe('1 dag (taak privacy-exports-expire)');
  });

  it('says what each kind of rule means, without English', () => {
    const fr = makeTranslate('fr');
    expect(retentionText(fr, store({ retention: { kind: 'account' } }))).toBe(
      'Durée du compte, puis effacement',
    );
    expect(retentionText(fr, store({ retention: { kind: 'in-transit' } }))).toBe(
      'Jusqu’au traitement du message',
    );
    expect(
      retentionText(
        makeTranslate('nl'),
        store({ retention: { kind: 'container-ttl' }, retentionPeriod: 'P90D' }),
      ),
    ).toBe('90 dagen (levensduur van de container)');
    expect(retentionText(fr, store({ retention: { kind: 'item-ttl' }, retentionPeriod: 'P365D' }))).toBe(
      '365 jours (durée de vie de chaque élément)',
    );
  });

  it('shows a dash for a store that holds nothing personal', () => {
    expect(retentionText(makeTranslate('fr'), store({ personalData: false, activities: [] }))).toBe('—');
  });
});
