import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { localizedTextSchema } from './trainings';

// News: shown to learners on their home page and on the news page while their publish window is open
// (`GET /api/news`, public and cached with the catalogue), written by admins (`/api/manage/news`).

/** One news item as the public list shows it: `publishedAt` is when its window opened. */
export const newsItemSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    title: localizedTextSchema,
    body: localizedTextSchema,
    publishedAt: z.string(),
  }),
);
export type NewsItem = z.infer<typeof newsItemSchema>;

export const newsPageSize = 20;

/** Query of `GET /api/news`: at most 20 items per page, newest first. */
export const newsQuerySchema = lazySchema(() =>
  z.object({
    continuationToken: z.string().min(1).max(4000).optional(),
    limit: z.coerce.number().int().min(1).max(newsPageSize).optional(),
  }),
);
export type NewsQuery = z.infer<typeof newsQuerySchema>;

export const newsListSchema = lazySchema(() =>
  z.object({
    items: z.array(newsItemSchema),
    continuationToken: z.string().optional(),
  }),
);
export type NewsList = z.infer<typeof newsListSchema>;

// ---- admin ----

export const newsTitleMaxLength = 200;
export const newsBodyMaxLength = 20_000;

/** News are written in French and Dutch: every learner reads them in their language. */
const bilingual = (max: number) =>
  z.strictObject({
    fr: z.string().trim().min(1, 'required').max(max),
    nl: z.string().trim().min(1, 'required').max(max),
  });

const instantSchema = lazySchema(() => z.iso.datetime({ offset: true }));

const windowIssues = (
  input: { publishFrom?: string | undefined; publishUntil?: string | null | undefined },
  ctx: z.RefinementCtx,
): void => {
  if (
    input.publishFrom &&
    input.publishUntil &&
    Date.parse(input.publishUntil) <= Date.parse(input.publishFrom)
  ) {
    ctx.addIssue({ code: 'custom', path: ['publishUntil'], message: 'must be after publishFrom' });
  }
};

// A function, not a constant: built with the schemas that use it, on their first use (lazySchema).
const newsFields = () => ({
  title: bilingual(newsTitleMaxLength),
  body: bilingual(newsBodyMaxLength),
  /** End of the publish window (excluded); absent or null: shown until unpublished. */
  publishUntil: instantSchema.nullable().optional(),
});

/** `POST /api/manage/news`: the window opens at `publishFrom` (default: now). */
export const adminNewsCreateSchema = lazySchema(() =>
  z.strictObject({ ...newsFields(), publishFrom: instantSchema.optional() }).superRefine(windowIssues),
);
export type AdminNewsCreate = z.infer<typeof adminNewsCreateSchema>;

/** `PUT /api/manage/news/{newsId}` with `If-Match: <etag>`: replaces the texts and the window. */
export const adminNewsUpdateSchema = lazySchema(() =>
  z.strictObject({ ...newsFields(), publishFrom: instantSchema }).superRefine(windowIssues),
);
export type AdminNewsUpdate = z.infer<typeof adminNewsUpdateSchema>;

/** Where an item stands now: before, inside or after its window, or taken down by an admin. */
export const newsStatusSchema = lazySchema(() => z.enum(['scheduled', 'live', 'ended', 'unpublished']));
export type NewsStatus = z.infer<typeof newsStatusSchema>;

export const adminNewsItemSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    title: z.object({ fr: z.string(), nl: z.string() }),
    body: z.object({ fr: z.string(), nl: z.string() }),
    publishFrom: z.string(),
    publishUntil: z.string().optional(),
    status: newsStatusSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The version to send back as `If-Match` with a change. */
    etag: z.string(),
  }),
);
export type AdminNewsItem = z.infer<typeof adminNewsItemSchema>;

export const adminNewsListSchema = lazySchema(() =>
  z.object({
    items: z.array(adminNewsItemSchema),
    continuationToken: z.string().optional(),
  }),
);
export type AdminNewsList = z.infer<typeof adminNewsListSchema>;
