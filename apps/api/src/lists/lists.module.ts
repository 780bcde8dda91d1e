import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { type DesignationHandler } from '@app/application';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { Policy } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { openListImports } from '@app/imports';
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
        openListImports(config, { store, designations, policy, clock, redis }),
    },
  ],
  exports: [LIST_IMPORTS],
})
export class ListsModule {}
