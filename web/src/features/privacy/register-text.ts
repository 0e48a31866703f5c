// How long a store of the data inventory keeps data, in the reader's language: the api sends the kind
// of rule and its ISO 8601 period; the words live in the fr/nl catalogues.
import type { DataStoreView } from '@soins/shared';
import type { MessageKey, Translate } from '../../i18n/core';

const RETENTION_KEYS: Readonly<Record<NonNullable<DataStoreView['retention']>['kind'], MessageKey>> = {
  account: 'register.retention.account',
  'in-transit': 'register.retention.inTransit',
  'container-ttl': 'register.retention.containerTtl',
  'item-ttl': 'register.retention.itemTtl',
  job: 'register.retention.job',
};

/** A store's retention, e.g. "1 jour (tâche privacy-exports-expire)"; "—" when it holds nothing personal. */
export function retentionText(t: Translate, store: DataStoreView): string {
  if (!store.retention) return '—';
  const days = Number(/^P(\d+)D$/.exec(store.retentionPeriod ?? '')?.[1] ?? 0);
  return t(RETENTION_KEYS[store.retention.kind], { days, job: store.retention.job ?? '' });
}
