import { chronicWoundCare } from './chronic-wound-care';
import { handHygiene } from './hand-hygiene';
import type { SeedTraining } from './types';

export type { SeedTraining } from './types';
export { videoBlobName } from './types';

/** The demo trainings, both in French and Dutch, published by the seed. */
export const demoTrainings: readonly SeedTraining[] = [handHygiene, chronicWoundCare];
