// Server state of the course builder (`/api/manage/trainings/...`): the list, one training with its ETag, the
// quiz bank, status changes, the preview and chapter files. Every edit sends the ETag it was made against.
import type {
  AdminQuestion,
  AdminQuestionBankResponse,
  AdminTrainingList,
  AdminTrainingUpsert,
  ChapterMedia,
  ContentLanguage,
  QuizSettings,
  Training,
  TrainingDetail,
  TrainingTransition,
  UploadCompletion,
  UploadKind,
  UploadTicket,
} from '@soins/shared';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../api/client';

const enc = encodeURIComponent;
const path = (trainingId: string): string => `/manage/trainings/${enc(trainingId)}`;

/** A training as the editor holds it: the stored value and the version (ETag) edits are made against. */
export interface EditedTraining {
  readonly training: Training;
  readonly etag: string;
}

export const trainingsQueryKey = ['admin', 'trainings'] as const;
export const trainingQueryKey = (trainingId: string) => [...trainingsQueryKey, 'one', trainingId] as const;
export const bankQueryKey = (trainingId: string) => [...trainingsQueryKey, 'bank', trainingId] as const;

export function trainingsQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: [...trainingsQueryKey, 'list'] as const,
    queryFn: ({ signal }) => api.request<AdminTrainingList>('/manage/trainings', { signal }),
  });
}

export function trainingQueryOptions(api: ApiClient, trainingId: string) {
  return queryOptions({
    queryKey: trainingQueryKey(trainingId),
    queryFn: async ({ signal }): Promise<EditedTraining> => {
      const { data, etag } = await api.exchange<Training>(path(trainingId), { signal });
      return { training: data, etag: etag ?? '' };
    },
  });
}

export interface EditedBank {
  readonly bank: AdminQuestionBankResponse;
  readonly etag: string;
}

export function bankQueryOptions(api: ApiClient, trainingId: string) {
  return queryOptions({
    queryKey: bankQueryKey(trainingId),
    queryFn: async ({ signal }): Promise<EditedBank> => {
      const { data, etag } = await api.exchange<AdminQuestionBankResponse>(`${path(trainingId)}/questions`, {
        signal,
      });
      return { bank: data, etag: etag ?? '' };
    },
  });
}

export function previewQueryOptions(api: ApiClient, trainingId: string, lang: ContentLanguage) {
  return queryOptions({
    queryKey: [...trainingsQueryKey, 'preview', trainingId, lang] as const,
    queryFn: ({ signal }) =>
      api.request<TrainingDetail>(`${path(trainingId)}/preview`, { query: { lang }, signal }),
    staleTime: 0,
  });
}

export function chapterMediaQueryOptions(
  api: ApiClient,
  trainingId: string,
  chapterId: string,
  lang: ContentLanguage,
) {
  return queryOptions({
    queryKey: [...trainingsQueryKey, 'media', trainingId, chapterId, lang] as const,
    queryFn: ({ signal }) =>
      api.request<ChapterMedia>(`${path(trainingId)}/chapters/${enc(chapterId)}/media`, {
        query: { lang },
        signal,
      }),
    // Links live 10 minutes.
    staleTime: 5 * 60_000,
  });
}

/** Creates (If-None-Match: *) or replaces (If-Match) a training. */
export async function saveTraining(
  api: ApiClient,
  trainingId: string,
  body: AdminTrainingUpsert,
  etag: string | undefined,
): Promise<EditedTraining> {
  const { data, etag: next } = await api.exchange<Training>(path(trainingId), {
    method: 'PUT',
    body,
    headers: etag ? { 'If-Match': etag } : { 'If-None-Match': '*' },
  });
  return { training: data, etag: next ?? '' };
}

export async function changeStatus(
  api: ApiClient,
  trainingId: string,
  transition: TrainingTransition,
  etag: string,
): Promise<EditedTraining> {
  const { data, etag: next } = await api.exchange<Training>(`${path(trainingId)}/${transition}`, {
    method: 'POST',
    headers: { 'If-Match': etag },
  });
  return { training: data, etag: next ?? '' };
}

export async function saveBank(
  api: ApiClient,
  trainingId: string,
  body: { questions: AdminQuestion[]; settings: QuizSettings },
  etag: string,
): Promise<EditedBank> {
  const { data, etag: next } = await api.exchange<AdminQuestionBankResponse>(
    `${path(trainingId)}/questions`,
    {
      method: 'PUT',
      body,
      headers: { 'If-Match': etag },
    },
  );
  return { bank: data, etag: next ?? '' };
}

/** The api's side of one chapter file upload (see uploader.ts). */
export function uploadEndpoints(
  api: ApiClient,
  target: {
    trainingId: string;
    chapterId: string;
    kind: UploadKind;
    language: ContentLanguage;
    extension: string;
    file: Blob;
  },
) {
  const uploads = `${path(target.trainingId)}/chapters/${enc(target.chapterId)}/uploads`;
  return {
    start: () =>
      api.request<UploadTicket>(uploads, {
        method: 'POST',
        body: {
          kind: target.kind,
          language: target.language,
          extension: target.extension,
          contentType: target.file.type,
          size: target.file.size,
        },
      }),
    resume: (uploadId: string) => api.request<UploadTicket>(`${uploads}/${enc(uploadId)}`),
    complete: async (uploadId: string): Promise<UploadCompletion & { etag: string }> => {
      const { data, etag } = await api.exchange<UploadCompletion>(`${uploads}/${enc(uploadId)}/completion`, {
        method: 'POST',
      });
      return { ...data, etag: etag ?? '' };
    },
  };
}

/** After a change: the edited training in the cache, the list and previews refreshed. */
export function storeTraining(queryClient: QueryClient, edited: EditedTraining): void {
  queryClient.setQueryData(trainingQueryKey(edited.training.id), edited);
  void queryClient.invalidateQueries({ queryKey: [...trainingsQueryKey, 'list'] });
  void queryClient.invalidateQueries({ queryKey: [...trainingsQueryKey, 'preview', edited.training.id] });
  void queryClient.invalidateQueries({ queryKey: [...trainingsQueryKey, 'media', edited.training.id] });
  void queryClient.invalidateQueries({ queryKey: ['catalogue'] });
}
