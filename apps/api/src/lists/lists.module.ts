import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { type DesignationHandler } from '@app/application';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { Policy } from '@app/domain';
import { EVENT_STORE, releaseArchiveOf, type EventStore } from '@app/event-store';
import { ListImports, ReadModelReferenceIndex } from '@app/imports';
import { ReadModelKeys, ReadModelReader } from '@app/read-models';
import { DesignationsModule } from '../designations/designations.module';
import { CLOCK, DESIGNATION_HANDLER, SANCTIONS_POLICY } from '../designations/designations.tokens';
import { REDIS } from '../health/redis.provider';
import { ImportsController } from './imports.controller';
import { LIST_IMPORTS } from './lists.tokens';
import { PartnersController } from './partners.controller';
import { ReleasesController } from './releases.controller';

@Module({
  imports: [DesignationsModule],
  controllers: [ReleasesController, ImportsController, PartnersController],
  providers: [
    {
      provide: LIST_IMPORTS,
      inject: [EVENT_STORE, DESIGNATION_HANDLER, SANCTIONS_POLICY, CLOCK, APP_CONFIG, REDIS],
      useFactory: (store: EventStore, designations: DesignationHandler, policy: Policy, clock: () => Date, config: AppConfig, redis: Redis) =>
        new ListImports({
          store,
          archive: releaseArchiveOf(store, join(config.dataDir, 'release-archive')),
          designations,
          policy,
          clock,
          references: new ReadModelReferenceIndex(new ReadModelReader(redis, new ReadModelKeys(config.redisKeyPrefix), () => store.logId()), store),
          maxBytes: config.lists.uploadMaxBytes,
          watchedPrograms: config.lists.watchedPrograms,
        }),
    },
  ],
  exports: [LIST_IMPORTS],
})
export class ListsModule {}
