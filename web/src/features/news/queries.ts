// News: the public list (learner home and news page) and the admin editor. Responses are typed with the shared types
// (the api validates them before sending); nothing here imports zod at run time.
import type {
  AdminNewsCreate,
  AdminNewsItem,
  AdminNewsList,
  AdminNewsUpdate,
  NewsItem,
  NewsList,
} from '@soins/shared';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const newsQueryKey = ['news'] as const;

/** The first `limit` items shown now (the learner's home shows the latest few). */
export function latestNewsQueryOptions(api: ApiClient, limit: number) {
  return queryOptions({
    queryKey: [...newsQueryKey, 'latest', limit] as const,
    queryFn: ({ signal }) =>
      api.request<NewsList>('/news', { query: { limit: String(limit) }, signal, anonymous: true }),
    staleTime: 60_000,
  });
}

/** The news page: 20 per page, "show more" appends the next. */
export function newsPagesQueryOptions(api: ApiClient) {
  return infiniteQueryOptions({
    queryKey: [...newsQueryKey, 'pages'] as const,
    queryFn: ({ pageParam, signal }) =>
      api.request<NewsList>('/news', { query: { continuationToken: pageParam }, signal, anonymous: true }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
    staleTime: 60_000,
  });
}

/** A text in the reader's language, else the other one (older items may exist in one language only). */
export function newsText(text: NewsItem['title'], lang: string): { text: string; lang: 'fr' | 'nl' } {
  const wanted = lang === 'nl' ? 'nl' : 'fr';
  const other = wanted === 'nl' ? 'fr' : 'nl';
  const found = text[wanted];
  return found ? { text: found, lang: wanted } : { text: text[other] ?? '', lang: other };
}

// ---- admin ----

export const adminNewsQueryKey = ['admin', 'news'] as const;

export function adminNewsQueryOptions(api: ApiClient) {
  return infiniteQueryOptions({
    queryKey: adminNewsQueryKey,
    queryFn: ({ pageParam, signal }) =>
      api.request<AdminNewsList>('/manage/news', { query: { continuationToken: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
  });
}

const newsPath = (id: string): string => `/manage/news/${encodeURIComponent(id)}`;

export function getAdminNews(api: ApiClient, id: string): Promise<AdminNewsItem> {
  return api.request<AdminNewsItem>(newsPath(id));
}

export function createNews(api: ApiClient, content: AdminNewsCreate): Promise<AdminNewsItem> {
  return api.request<AdminNewsItem>('/manage/news', { method: 'POST', body: content });
}

/** Saves over the version read (`etag`): a change made meanwhile makes it a 412 `precondition_failed`. */
export function updateNews(
  api: ApiClient,
  id: string,
  etag: string,
  content: AdminNewsUpdate,
): Promise<AdminNewsItem> {
  return api.request<AdminNewsItem>(newsPath(id), {
    method: 'PUT',
    body: content,
    headers: { 'If-Match': etag },
  });
}

export function setNewsPublished(api: ApiClient, id: string, published: boolean): Promise<AdminNewsItem> {
  return api.request<AdminNewsItem>(`${newsPath(id)}/${published ? 'publish' : 'unpublish'}`, {
    method: 'POST',
  });
}

export function deleteNews(api: ApiClient, id: string): Promise<unknown> {
  return api.request(newsPath(id), { method: 'DELETE' });
}
