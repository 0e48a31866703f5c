// The learner record (`GET /api/manage/users/{userId}`) and what an admin does from it: INAMI reveal (audited),
// manual enrolment, reset of quiz attempts and revocation of a certificate (reasons required), re-drive of a
// certificate's delivery. Pure helpers beside the api calls, so the page stays thin and they are unit-tested.
import type {
  AdminCertificate,
  AdminQuizAttempt,
  Enrolment,
  LearnerRecord,
  QuizResetResult,
} from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const recordQueryKey = (userId: string) => ['admin', 'user-record', userId] as const;

const userPath = (userId: string): string => `/manage/users/${encodeURIComponent(userId)}`;

export function recordQueryOptions(api: ApiClient, userId: string) {
  return queryOptions({
    queryKey: recordQueryKey(userId),
    queryFn: ({ signal }) => api.request<LearnerRecord>(userPath(userId), { signal }),
  });
}

export function revealInami(api: ApiClient, userId: string): Promise<{ number: string }> {
  return api.request(`${userPath(userId)}/inami/reveal`, { method: 'POST' });
}

export function enrolLearner(api: ApiClient, userId: string, trainingId: string): Promise<Enrolment> {
  return api.request(`${userPath(userId)}/enrolments`, { method: 'POST', body: { trainingId } });
}

export function resetQuizAttempts(
  api: ApiClient,
  userId: string,
  trainingId: string,
  reason: string,
): Promise<QuizResetResult> {
  return api.request(`${userPath(userId)}/trainings/${encodeURIComponent(trainingId)}/quiz-reset`, {
    method: 'POST',
    body: { reason },
  });
}

const certificatePath = (userId: string, id: string): string =>
  `/manage/certificates/${encodeURIComponent(userId)}/${encodeURIComponent(id)}`;

export function revokeCertificate(
  api: ApiClient,
  userId: string,
  certificateId: string,
  reason: string,
): Promise<unknown> {
  return api.request(`${certificatePath(userId, certificateId)}/revocation`, {
    method: 'POST',
    body: { reason },
  });
}

export function redriveCertificate(api: ApiClient, userId: string, trainingId: string): Promise<unknown> {
  return api.request(`${certificatePath(userId, trainingId)}/retry`, { method: 'POST' });
}

export interface QuizGroup {
  readonly trainingId: string;
  readonly attempts: readonly AdminQuizAttempt[];
  /** Finished, failed and not yet reset: what a reset would give back. */
  readonly resettable: number;
  readonly passed: boolean;
}

/** The attempts per training (in the record's order), with what a reset would change. */
export function quizGroups(attempts: readonly AdminQuizAttempt[]): QuizGroup[] {
  const groups = new Map<string, AdminQuizAttempt[]>();
  for (const attempt of attempts) {
    groups.set(attempt.trainingId, [...(groups.get(attempt.trainingId) ?? []), attempt]);
  }
  return [...groups.entries()].map(([trainingId, list]) => ({
    trainingId,
    attempts: list,
    resettable: list.filter((a) => !a.reset && (a.status === 'failed' || a.status === 'expired')).length,
    passed: list.some((a) => a.status === 'passed'),
  }));
}

/** Trainings whose quiz is passed but whose certificate is missing or not ready: a re-drive may help. */
export function redrivable(
  attempts: readonly AdminQuizAttempt[],
  certificates: readonly AdminCertificate[],
): string[] {
  const passed = [...new Set(attempts.filter((a) => a.status === 'passed').map((a) => a.trainingId))];
  return passed.filter((trainingId) => {
    const certificate = certificates.find((c) => c.trainingId === trainingId);
    return !certificate || !certificate.pdfReady;
  });
}

/** A training's title as the record knows it (enrolments, then certificates), else its id. */
export function trainingTitle(record: LearnerRecord, trainingId: string): string {
  return (
    record.enrolments.find((e) => e.trainingId === trainingId)?.title ??
    record.certificates.find((c) => c.trainingId === trainingId)?.trainingTitle ??
    trainingId
  );
}
