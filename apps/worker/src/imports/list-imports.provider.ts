import type Redis from 'ioredis';
import { join } from 'node:path';
import type { DesignationHandler } from '@app/application';
import type { AppConfig } from '@app/config';
import type { Policy } from '@app/domain';
import { releaseArchiveOf, type EventStore } from '@app/event-store';
import { ListImports, ReadModelReferenceIndex } from '@app/imports';
import { ReadModelKeys, ReadModelReader } from '@app/read-models';

/** The worker's ListImports: its store and archive, its designation handler, the read models as reference index. */
export const listImportsFor =
  (config: AppConfig) =>
  (store: EventStore, designations: DesignationHandler, policy: Policy, clock: () => Date, redis: Redis): ListImports =>
    new ListImports({
      store,
      archive: releaseArchiveOf(store, join(config.dataDir, 'release-archive')),
      designations,
      policy,
      clock,
      references: new ReadModelReferenceIndex(new ReadModelReader(redis, new ReadModelKeys(config.redisKeyPrefix), () => store.logId()), store),
      maxBytes: config.lists.uploadMaxBytes,
      watchedPrograms: config.lists.watchedPrograms,
    });
