// French texts of the admin and trainer spaces. Their layout routes fetch them (core.ts loadSpaceTexts): they are
// not in the first chunk a visitor or a learner downloads.
import { frAdmin } from './fr-admin';
import { frBuilder } from './fr-builder';
import { frOperations } from './fr-operations';
import { frPeople } from './fr-people';
import { frReporting } from './fr-reporting';
import { frSessions } from './fr-sessions';

export const frStaff = {
  ...frAdmin,
  ...frBuilder,
  ...frOperations,
  ...frPeople,
  ...frReporting,
  ...frSessions,
} as const satisfies Record<string, string>;

export type StaffMessageKey = keyof typeof frStaff;
