import type Redis from 'ioredis';
import { join } from 'node:path';
import type { DesignationHandler } from '@app/application';
import type { AppConfig } from '@app/config';
import type { Policy } from '@app/domain';
import { releaseArchiveOf, type EventStore } from '@app/event-store';
import { ReadModelKeys, ReadModelReader } from '@app/read-models';
import { ListImports } from './list-imports';
import { ReadModelReferenceIndex } from './reference-index';

/**
 * A process's ListImports, as the api and the worker each bind it once: the store and its release
 * archive (for a store without one, `$DATA_DIR/release-archive`), the designation handler, the read
 * models as the reference index, and the lists settings.
 */
export function openListImports(
  config: Pick<AppConfig, 'dataDir' | 'redisKeyPrefix' | 'lists'>,
  parts: { store: EventStore; designations: DesignationHandler; policy: Policy; clock: () => Date; redis: Redis },
): ListImports {
  const { store, designations, policy, clock, redis } = parts;
  return new ListImports({
    store,
    archive: releaseArchiveOf(store, join(config.dataDir, 'release-archive')),
    designations,
    policy,
    clock,
    references: new ReadModelReferenceIndex(new ReadModelReader(redis, new ReadModelKeys(config.redisKeyPrefix), () => store.logId()), store),
    maxBytes: config.lists.uploadMaxBytes,
    watchedPrograms: config.lists.watchedPrograms,
  });
}
