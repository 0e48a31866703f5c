// Dutch texts of the admin and trainer spaces, fetched with them (see fr-staff.ts).
import type { StaffMessageKey } from './fr-staff';
import { nlAdmin } from './nl-admin';
import { nlBuilder } from './nl-builder';
import { nlOperations } from './nl-operations';
import { nlPeople } from './nl-people';
import { nlReporting } from './nl-reporting';
import { nlSessions } from './nl-sessions';

export const nlStaff: Readonly<Record<StaffMessageKey, string>> = {
  ...nlAdmin,
  ...nlBuilder,
  ...nlOperations,
  ...nlPeople,
  ...nlReporting,
  ...nlSessions,
};
