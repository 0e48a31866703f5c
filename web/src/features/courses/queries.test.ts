// Content written in a language is cached per language: switching language refetches it at once instead of
// showing the previous language's titles until a reload.
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client';
import {
  catalogueQueryOptions,
  courseQueryOptions,
  myTrainingsQueryOptions,
  quizAttemptQueryOptions,
  quizStatusQueryOptions,
  trainingDetailQueryOptions,
  verificationQueryOptions,
} from './queries';

const calls: { path: string; query: unknown }[] = [];
const api = {
  request: (path: string, options: { query?: unknown } = {}) => {
    calls.push({ path, query: options.query });
    return Promise.resolve({});
  },
} as unknown as ApiClient;

const keysIn = (lang: 'fr' | 'nl') => [
  catalogueQueryOptions(api, {}, lang).queryKey,
  trainingDetailQueryOptions(api, 'hand-hygiene', lang).queryKey,
  myTrainingsQueryOptions(api, lang).queryKey,
  courseQueryOptions(api, 'hand-hygiene', lang).queryKey,
  quizStatusQueryOptions(api, 'hand-hygiene', lang).queryKey,
  quizAttemptQueryOptions(api, 'hand-hygiene', 'a1', lang).queryKey,
  verificationQueryOptions(api, 'CODE', lang).queryKey,
];

describe('content query keys include the language', () => {
  it('gives every content query a different key in French and in Dutch', () => {
    const french = keysIn('fr');
    const dutch = keysIn('nl');
    french.forEach((key, index) => {
      expect(key, JSON.stringify(key)).toContain('fr');
      expect(key).not.toEqual(dutch[index]);
    });
  });

  it('asks the api for the titles in that language', async () => {
    calls.length = 0;
    const signal = new AbortController().signal;
    const context = (queryKey: readonly unknown[]) => ({ queryKey, signal, meta: undefined }) as never;
    const list = myTrainingsQueryOptions(api, 'nl');
    await list.queryFn?.(context(list.queryKey));
    const course = courseQueryOptions(api, 'hand-hygiene', 'nl');
    await course.queryFn?.(context(course.queryKey));
    expect(calls).toEqual([
      { path: '/me/trainings', query: { lang: 'nl' } },
      { path: '/me/trainings/hand-hygiene', query: { lang: 'nl' } },
    ]);
  });
});
