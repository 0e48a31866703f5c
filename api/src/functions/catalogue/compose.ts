// Builds the catalogue, admin publishing and news (cache adapter, use cases, routes) for main.ts.
import type { CosmosClient } from '@azure/cosmos';
import { MemoryJsonCache } from '../../adapters/cache/memory-cache';
import { RedisJsonCache } from '../../adapters/cache/redis-cache';
import { CosmosNewsRepository } from '../../adapters/cosmos/news-repository';
import type { BlobStorage } from '../../adapters/storage/connection';
import { BlobVideoFiles } from '../../adapters/storage/video-files';
import type { Config } from '../../config';
import { cachePrefixes, ReadThroughCache, type JsonCache } from '../../domain/catalogue/cache';
import { BrowseCatalogue } from '../../domain/catalogue/catalogue';
import { DeleteNews, ListNews, PublishNews } from '../../domain/catalogue/news';
import { OpenPreviewVideo } from '../../domain/catalogue/preview';
import type { TrainingRepository } from '../../domain/catalogue/ports';
import {
  GetQuestionBank,
  ListAdminTrainings,
  PublishTraining,
  ReplaceQuestionBank,
  UnpublishTraining,
  UpsertTraining,
} from '../../domain/catalogue/publishing';
import type { Clock, Logger } from '../../domain/ports';
import { TokenBucketLimiter } from '../certificates/rate-limit';
import type { RouteSpec } from '../http-kit';
import { makeCatalogueRoutes } from './routes';

export interface Catalogue {
  readonly routes: RouteSpec[];
  /** Drops the cached catalogue and news (after content is changed outside the admin routes, e.g. seeding). */
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
  trainings: TrainingRepository;
  /** The `videos` container, for the free preview chapters' links. */
  blobStorage: BlobStorage;
  clock: Clock;
  logger: Logger;
}): Catalogue {
  const { config, cosmos, trainings, clock, logger } = deps;
  const cache = new ReadThroughCache(makeJsonCache(config, logger), logger);
  const news = new CosmosNewsRepository(cosmos, config.COSMOS_DATABASE);
  const publishing = { trainings, cache, clock };
  return {
    routes: makeCatalogueRoutes({
      browse: new BrowseCatalogue({ trainings, cache }),
      trainings,
      listAdmin: new ListAdminTrainings({ trainings }),
      upsert: new UpsertTraining(publishing),
      getQuestions: new GetQuestionBank({ trainings }),
      replaceQuestions: new ReplaceQuestionBank(publishing),
      publish: new PublishTraining(publishing),
      unpublish: new UnpublishTraining(publishing),
      listNews: new ListNews({ news, cache }),
      publishNews: new PublishNews({ news, cache, clock, newId: () => crypto.randomUUID() }),
      deleteNews: new DeleteNews({ news, cache }),
      preview: new OpenPreviewVideo({ trainings, files: new BlobVideoFiles(deps.blobStorage) }),
      // A visitor watching previews asks for a few links a minute; a scraper is held to one every 5 s.
      previewLimiter: new TokenBucketLimiter({ capacity: 20, refillPerSecond: 0.2 }),
    }),
    invalidate: async () => {
      await cache.invalidatePrefix(cachePrefixes.catalogue);
      await cache.invalidatePrefix(cachePrefixes.news);
    },
  };
}
