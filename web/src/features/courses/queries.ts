// Server state of the courses: catalogue, enrolment, course view, video links and progress, quiz, certificates,
// hours and the public verification. Responses are typed with the shared types (the api validates them before
// sending); nothing here imports zod at run time.
import type {
  CertificatePdfLink,
  CatalogueList,
  ContentLanguage,
  CourseView,
  Dashboard,
  Enrolment,
  HoursLedger,
  MyCertificates,
  PreviewLink,
  QuizAttemptOrResult,
  QuizAttemptView,
  QuizResult,
  QuizStatusView,
  QuizSubmission,
  TrainingDetail,
  VerificationView,
  VideoLink,
} from '@soins/shared';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';
import { catalogueApiQuery, type CatalogueSearch } from './catalogue/search';
import { changesTrainingList, withChapterState, type ChapterUpdate } from './player/course-state';

const enc = encodeURIComponent;

export function contentLanguage(lang: string): ContentLanguage {
  return lang === 'nl' ? 'nl' : 'fr';
}

// ---- catalogue (anonymous) ----

export function catalogueQueryOptions(api: ApiClient, search: CatalogueSearch, lang: ContentLanguage) {
  return queryOptions({
    queryKey: ['catalogue', 'list', lang, search] as const,
    queryFn: ({ signal }) =>
      api.request<CatalogueList>('/catalogue', {
        query: catalogueApiQuery(search, lang),
        signal,
        anonymous: true,
      }),
    staleTime: 60_000,
  });
}

export function trainingDetailQueryOptions(api: ApiClient, trainingId: string, lang: ContentLanguage) {
  return queryOptions({
    queryKey: ['catalogue', 'detail', trainingId, lang] as const,
    queryFn: ({ signal }) =>
      api.request<TrainingDetail>(`/catalogue/${enc(trainingId)}`, {
        query: { lang },
        signal,
        anonymous: true,
      }),
    staleTime: 60_000,
  });
}

/** A free preview chapter's video link (anonymous; only for chapters marked `preview`). */
export function previewLink(
  api: ApiClient,
  trainingId: string,
  chapterId: string,
  lang: ContentLanguage,
): Promise<PreviewLink> {
  return api.request<PreviewLink>(`/catalogue/${enc(trainingId)}/chapters/${enc(chapterId)}/preview`, {
    query: { lang },
    anonymous: true,
  });
}

// ---- the learner's trainings ----
// Keys end with the language the titles are written in (`?lang=`): switching language fetches them again at once.

/** Prefix of the trainings list in every language (to invalidate them all). */
export const myTrainingsQueryKey = ['me', 'trainings', 'list'] as const;

export function myTrainingsQueryOptions(api: ApiClient, lang: ContentLanguage) {
  return queryOptions({
    queryKey: [...myTrainingsQueryKey, lang] as const,
    queryFn: ({ signal }) => api.request<Dashboard>('/me/trainings', { query: { lang }, signal }),
  });
}

/** Prefix of a course view in every language. */
export function courseQueryKey(trainingId: string) {
  return ['me', 'trainings', trainingId, 'course'] as const;
}

/** The course view (enrolment required), with the learner's progress. */
export function courseQueryOptions(api: ApiClient, trainingId: string, lang: ContentLanguage) {
  return queryOptions({
    queryKey: [...courseQueryKey(trainingId), lang] as const,
    queryFn: ({ signal }) =>
      api.request<CourseView>(`/me/trainings/${enc(trainingId)}`, { query: { lang }, signal }),
  });
}

export function enrol(api: ApiClient, trainingId: string): Promise<Enrolment> {
  return api.request<Enrolment>(`/me/trainings/${enc(trainingId)}/enrolment`, { method: 'POST' });
}

export function videoLink(
  api: ApiClient,
  trainingId: string,
  chapterId: string,
  lang: ContentLanguage,
  signal?: AbortSignal,
): Promise<VideoLink> {
  return api.request<VideoLink>(`/me/trainings/${enc(trainingId)}/chapters/${enc(chapterId)}/video`, {
    query: { lang },
    ...(signal ? { signal } : {}),
  });
}

export function progressPath(trainingId: string, chapterId: string): string {
  return `/me/trainings/${enc(trainingId)}/chapters/${enc(chapterId)}/progress`;
}

/**
 * Folds a chapter's new state (from a progress report or a video link) into the cached course view, with the
 * training's progress and next step; the learner's trainings list is refreshed when its progress changed.
 */
export function storeChapterState(queryClient: QueryClient, trainingId: string, update: ChapterUpdate): void {
  const before = queryClient.getQueriesData<CourseView>({ queryKey: courseQueryKey(trainingId) })[0]?.[1];
  queryClient.setQueriesData<CourseView>({ queryKey: courseQueryKey(trainingId) }, (course) =>
    course ? withChapterState(course, update) : course,
  );
  if (changesTrainingList(before, update)) {
    void queryClient.invalidateQueries({ queryKey: myTrainingsQueryKey });
  }
}

// ---- quiz ----

/** The quiz status in every language (not its attempts): to invalidate after a submission. */
export function quizStatusQueryKey(trainingId: string) {
  return ['me', 'trainings', trainingId, 'quiz', 'status'] as const;
}

export function quizStatusQueryOptions(api: ApiClient, trainingId: string, lang: ContentLanguage) {
  return queryOptions({
    queryKey: [...quizStatusQueryKey(trainingId), lang] as const,
    queryFn: ({ signal }) => api.request<QuizStatusView>(`/me/trainings/${enc(trainingId)}/quiz`, { signal }),
  });
}

export function quizAttemptQueryOptions(
  api: ApiClient,
  trainingId: string,
  attemptId: string,
  lang: ContentLanguage,
) {
  return queryOptions({
    queryKey: ['me', 'trainings', trainingId, 'quiz', 'attempt', attemptId, lang] as const,
    queryFn: ({ signal }) =>
      api.request<QuizAttemptOrResult>(`/me/trainings/${enc(trainingId)}/quiz/attempts/${enc(attemptId)}`, {
        signal,
      }),
  });
}

export function startQuizAttempt(api: ApiClient, trainingId: string): Promise<QuizAttemptView> {
  return api.request<QuizAttemptView>(`/me/trainings/${enc(trainingId)}/quiz/attempts`, { method: 'POST' });
}

export function submitQuizAttempt(
  api: ApiClient,
  trainingId: string,
  attemptId: string,
  submission: QuizSubmission,
): Promise<QuizResult> {
  return api.request<QuizResult>(
    `/me/trainings/${enc(trainingId)}/quiz/attempts/${enc(attemptId)}/submission`,
    { method: 'POST', body: submission },
  );
}

// ---- certificates and hours ----

export const certificatesQueryKey = ['me', 'certificates'] as const;

/** How long the certificates page keeps looking for a certificate the learner has just earned. */
export const AWAIT_CERTIFICATE_MS = 3 * 60_000;

/**
 * The learner's certificates. A certificate just issued has its PDF rendered a moment later: look again until every
 * one is ready; `awaiting` (a training whose quiz was just passed) also polls until its certificate appears.
 */
export function certificatesQueryOptions(
  api: ApiClient,
  awaiting?: { readonly trainingId: string; readonly since: number },
) {
  return queryOptions({
    queryKey: certificatesQueryKey,
    queryFn: ({ signal }) => api.request<MyCertificates>('/me/certificates', { signal }),
    refetchInterval: (query) => {
      const items = query.state.data?.items;
      if (!items) return false;
      if (items.some((item) => !item.pdfReady)) return 5_000;
      // A pass that waits for a complete profile or an approved diploma will not turn up by polling.
      if (query.state.data?.missing.length) return false;
      const missing = awaiting && !items.some((item) => item.trainingId === awaiting.trainingId);
      return missing && Date.now() - awaiting.since < AWAIT_CERTIFICATE_MS ? 3_000 : false;
    },
  });
}

export function hoursQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ['me', 'hours'] as const,
    queryFn: ({ signal }) => api.request<HoursLedger>('/me/hours', { signal }),
  });
}

export function certificatePdfLink(api: ApiClient, certificateId: string): Promise<CertificatePdfLink> {
  return api.request<CertificatePdfLink>(`/me/certificates/${enc(certificateId)}/pdf`);
}

// ---- public verification ----

export function verificationQueryOptions(api: ApiClient, code: string, lang: string) {
  return queryOptions({
    queryKey: ['verify', code, lang] as const,
    queryFn: ({ signal }) =>
      api.request<VerificationView>(`/verify/${enc(code)}`, { signal, anonymous: true }),
    retry: false,
    staleTime: 60_000,
  });
}

/** Loaders prefetch and let the page show its own loading and error states: a failed prefetch is not an error here. */
export function ignoreError(): undefined {
  return undefined;
}

// ---- what each course page asks for first ----
// Called by the page's loader, and earlier by its layout beside the sign-in checks (routes/catalogue.tsx,
// routes/_learner.tsx): the loader then finds the requests in flight.

/** What the pages' data needs from the router's context. */
export interface PageDataContext {
  readonly api: ApiClient;
  readonly queryClient: QueryClient;
  readonly i18n: { readonly lang: string };
}

/** The catalogue's list, with its filters. */
export function askCataloguePage(context: PageDataContext, search: CatalogueSearch): Promise<unknown> {
  const lang = contentLanguage(context.i18n.lang);
  return context.queryClient.query(catalogueQueryOptions(context.api, search, lang)).catch(ignoreError);
}

/** A training's public page. */
export function askTrainingPage(context: PageDataContext, trainingId: string): Promise<unknown> {
  const lang = contentLanguage(context.i18n.lang);
  return context.queryClient
    .query(trainingDetailQueryOptions(context.api, trainingId, lang))
    .catch(ignoreError);
}

/** The player: the training. */
export function askPlayerPage(context: PageDataContext, trainingId: string): Promise<unknown> {
  const lang = contentLanguage(context.i18n.lang);
  return context.queryClient.query(courseQueryOptions(context.api, trainingId, lang)).catch(ignoreError);
}

/** The quiz page: the training, and the quiz's status unless an attempt is shown (`?attempt=`). */
export function askQuizPage(
  context: PageDataContext,
  trainingId: string,
  attempt: string | undefined,
): Promise<unknown> {
  const lang = contentLanguage(context.i18n.lang);
  return Promise.all([
    askPlayerPage(context, trainingId),
    attempt === undefined
      ? context.queryClient.query(quizStatusQueryOptions(context.api, trainingId, lang)).catch(ignoreError)
      : undefined,
  ]);
}
