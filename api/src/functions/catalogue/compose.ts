// Builds the catalogue, the course builder (admin publishing, quiz bank, chapter files) and news (cache
// adapter, use cases, routes) for main.ts.
import type { CosmosClient } from '@azure/cosmos';
import { MemoryJsonCache } from '../../adapters/cache/memory-cache';
import { RedisJsonCache } from '../../adapters/cache/redis-cache';
import { CosmosNewsRepository } from '../../adapters/cosmos/news-repository';
import type { Config } from '../../config';
import type { AuditLog } from '../../domain/audit';
import { cachePrefixes, ReadThroughCache, type JsonCache } from '../../domain/catalogue/cache';
import { BrowseCatalogue } from '../../domain/catalogue/catalogue';
import { ChapterMediaLinks, CompleteUpload, ResumeUpload, StartUpload } from '../../domain/catalogue/media';
import {
  CreateNews,
  DeleteNews,
  GetAdminNews,
  ListAdminNews,
  ListNews,
  SetNewsPublication,
  UpdateNews,
} from '../../domain/catalogue/news';
import type { MediaFiles, TrainingStore } from '../../domain/catalogue/ports';
import { OpenPreviewVideo } from '../../domain/catalogue/preview';
import {
  ChangeTrainingStatus,
  GetQuestionBank,
  ListAdminTrainings,
  ReplaceQuestionBank,
  UpsertTraining,
} from '../../domain/catalogue/publishing';
import type { Clock, Logger } from '../../domain/ports';
import { TokenBucketLimiter } from '../rate-limit';
import type { RouteSpec } from '../http-kit';
import { makeBuilderRoutes } from './builder-routes';
import { makeNewsRoutes } from './news-routes';
import { makeCatalogueRoutes } from './routes';

export interface Catalogue {
  readonly routes: RouteSpec[];
  /** News: the public list and the admin editor (cached with the catalogue, through the same cache). */
  readonly newsRoutes: RouteSpec[];
  /** Drops the cached catalogue, news and legal versions (after content is changed outside the admin routes, e.g. seeding). */
  readonly invalidate: () => Promise<void>;
}

/** Redis when REDIS_URL is set (shared by every instance), else an in-process LRU per instance. */
export function makeJsonCache(config: Pick<Config, 'REDIS_URL'>, logger: Logger): JsonCache {
  return config.REDIS_URL
    ? new RedisJsonCache({ url: config.REDIS_URL, logger })
    : new MemoryJsonCache({ maxEntries: 500 });
}

export function makeCatalogue(deps: {
  config: Config;
  cosmos: CosmosClient;
  /** The api's one read-through cache (main.ts; the legal gate reads through it too). */
  cache: ReadThroughCache;
  trainings: TrainingStore;
  /** The `videos` container: chapter files, and the free preview chapters' links. */
  media: MediaFiles;
  audit: AuditLog;
  clock: Clock;
}): Catalogue {
  const { config, cosmos, cache, trainings, media, audit, clock } = deps;
  const news = new CosmosNewsRepository(cosmos, config.COSMOS_DATABASE);
  const newId = (): string => crypto.randomUUID();
  const publishing = { trainings, files: media, cache, audit, clock, newId };
  const mediaDeps = {
    trainings,
    files: media,
    cache,
    audit,
    clock,
    newId,
    videoMaxBytes: config.VIDEO_UPLOAD_MAX_MB * 1024 * 1024,
  };
  const newsDeps = { news, cache, clock, audit };
  return {
    routes: [
      ...makeCatalogueRoutes({
        browse: new BrowseCatalogue({ trainings, cache }),
        preview: new OpenPreviewVideo({ trainings, files: media }),
        // A visitor watching previews asks for a few links a minute; a scraper is held to one every 5 s.
        previewLimiter: new TokenBucketLimiter({ capacity: 20, refillPerSecond: 0.2 }),
      }),
      ...makeBuilderRoutes({
        trainings,
        listAdmin: new ListAdminTrainings({ trainings }),
        upsert: new UpsertTraining(publishing),
        getQuestions: new GetQuestionBank({ trainings }),
        replaceQuestions: new ReplaceQuestionBank(publishing),
        changeStatus: new ChangeTrainingStatus(publishing),
        startUpload: new StartUpload(mediaDeps),
        resumeUpload: new ResumeUpload(mediaDeps),
        completeUpload: new CompleteUpload(mediaDeps),
        mediaLinks: new ChapterMediaLinks(mediaDeps),
      }),
    ],
    newsRoutes: makeNewsRoutes({
      list: new ListNews(newsDeps),
      listAdmin: new ListAdminNews(newsDeps),
      get: new GetAdminNews(newsDeps),
      create: new CreateNews({ ...newsDeps, newId }),
      update: new UpdateNews(newsDeps),
      publication: new SetNewsPublication(newsDeps),
      remove: new DeleteNews(newsDeps),
    }),
    invalidate: async () => {
      await cache.invalidatePrefix(cachePrefixes.catalogue);
      await cache.invalidatePrefix(cachePrefixes.news);
      await cache.invalidatePrefix(cachePrefixes.legal);
    },
  };
}
