// Search params of the trainings list (free text and status). A plain function: route search validation runs in
// the initial bundle, which must stay free of zod.
import type { TrainingStatus } from '@soins/shared';

export interface TrainingsSearch {
  readonly q?: string;
  readonly status?: TrainingStatus;
}

const STATUSES: readonly TrainingStatus[] = ['draft', 'published', 'archived'];

export function validateTrainingsSearch(search: Record<string, unknown>): TrainingsSearch {
  const raw = typeof search.q === 'number' ? String(search.q) : search.q;
  const q = typeof raw === 'string' ? raw.trim().slice(0, 100) : '';
  const status = STATUSES.find((candidate) => candidate === search.status);
  return { ...(q ? { q } : {}), ...(status ? { status } : {}) };
}

/** Lower-case, without accents: the list is searched in the browser (a handful of trainings). */
export function normalized(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** Trainings whose id, titles or organiser contain every word of `q`, with the status asked for. */
export function filterTrainings<
  T extends { id: string; status: TrainingStatus; title: { fr?: string; nl?: string }; organiser: string },
>(items: readonly T[], search: TrainingsSearch): T[] {
  const words = normalized(search.q ?? '')
    .split(/\s+/)
    .filter(Boolean);
  return items.filter((item) => {
    if (search.status && item.status !== search.status) return false;
    const haystack = normalized(
      [item.id, item.title.fr ?? '', item.title.nl ?? '', item.organiser].join(' '),
    );
    return words.every((word) => haystack.includes(word));
  });
}
