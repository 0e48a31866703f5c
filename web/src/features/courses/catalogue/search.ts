// Search params of the catalogue page, with the rules of the api's `catalogueQuerySchema` (q trimmed, at most 200
// characters; profession and language from their lists; hours between 0 and 200, min ≤ max). A plain function, not
// zod: route search validation runs in the initial bundle, which must stay free of zod (the unit test checks that
// every value this keeps is one the shared schema accepts).
import type { ContentLanguage, Profession } from '@soins/shared';

export const PROFESSIONS = ['nurse', 'midwife', 'other'] as const satisfies readonly Profession[];
export const CONTENT_LANGUAGES = ['fr', 'nl'] as const satisfies readonly ContentLanguage[];
export const MAX_QUERY_LENGTH = 200;
export const MAX_HOURS = 200;

export interface CatalogueSearch {
  readonly q?: string;
  readonly profession?: Profession;
  readonly language?: ContentLanguage;
  readonly minHours?: number;
  readonly maxHours?: number;
}

function oneOf<T extends string>(values: readonly T[], raw: unknown): T | undefined {
  return typeof raw === 'string' && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

function hours(raw: unknown): number | undefined {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_HOURS)
    return undefined;
  return value;
}

/** Keeps the valid params and drops the others (a bad link shows the unfiltered catalogue, never an error). */
export function validateCatalogueSearch(search: Record<string, unknown>): CatalogueSearch {
  const rawQ = typeof search.q === 'number' ? String(search.q) : search.q;
  const q = typeof rawQ === 'string' ? rawQ.trim().slice(0, MAX_QUERY_LENGTH) : '';
  const profession = oneOf(PROFESSIONS, search.profession);
  const language = oneOf(CONTENT_LANGUAGES, search.language);
  let minHours = hours(search.minHours);
  let maxHours = hours(search.maxHours);
  if (minHours !== undefined && maxHours !== undefined && minHours > maxHours) {
    [minHours, maxHours] = [maxHours, minHours];
  }
  return {
    ...(q ? { q } : {}),
    ...(profession ? { profession } : {}),
    ...(language ? { language } : {}),
    ...(minHours !== undefined ? { minHours } : {}),
    ...(maxHours !== undefined ? { maxHours } : {}),
  };
}

/** The query string of `GET /api/catalogue` for these params and the reader's language. */
export function catalogueApiQuery(search: CatalogueSearch, lang: ContentLanguage): Record<string, string> {
  const query: Record<string, string> = { lang };
  if (search.q) query.q = search.q;
  if (search.profession) query.profession = search.profession;
  if (search.language) query.language = search.language;
  if (search.minHours !== undefined) query.minHours = String(search.minHours);
  if (search.maxHours !== undefined) query.maxHours = String(search.maxHours);
  return query;
}

/** Hours ranges the filter offers (a select is easier to use than two number inputs). */
export const HOURS_RANGES = [
  { id: 'upTo1', minHours: undefined, maxHours: 1 },
  { id: '1to3', minHours: 1, maxHours: 3 },
  { id: 'over3', minHours: 3, maxHours: undefined },
] as const;
export type HoursRangeId = (typeof HOURS_RANGES)[number]['id'];

/** The range matching the params, `custom` for other values (from a shared link), `any` without. */
export function hoursRangeOf(search: CatalogueSearch): HoursRangeId | 'any' | 'custom' {
  if (search.minHours === undefined && search.maxHours === undefined) return 'any';
  const range = HOURS_RANGES.find((r) => r.minHours === search.minHours && r.maxHours === search.maxHours);
  return range ? range.id : 'custom';
}

/** The params with the hours range replaced. */
export function withHoursRange(search: CatalogueSearch, id: string): CatalogueSearch {
  const { minHours: _min, maxHours: _max, ...rest } = search;
  const range = HOURS_RANGES.find((r) => r.id === id);
  if (!range) return rest;
  return {
    ...rest,
    ...(range.minHours !== undefined ? { minHours: range.minHours } : {}),
    ...(range.maxHours !== undefined ? { maxHours: range.maxHours } : {}),
  };
}

export function hasFilters(search: CatalogueSearch): boolean {
  return Object.keys(search).length > 0;
}
