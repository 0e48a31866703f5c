import type { ErasureStatus } from '@soins/shared';
import type { MessageKey } from '../../i18n';

/** The name of an erasure's status (texts in the first chunk: the learner's profile and the admins' list show it). */
export const ERASURE_STATUS: Readonly<Record<ErasureStatus, MessageKey>> = {
  pending: 'erasure.status.pending',
  running: 'erasure.status.running',
  cancelled: 'erasure.status.cancelled',
  completed: 'erasure.status.completed',
};
