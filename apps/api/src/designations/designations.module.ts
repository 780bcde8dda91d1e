import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, openEventStore, type EventStore } from '@app/event-store';
import { APP_CONFIG, eventStoreConfig, loadPolicy, type AppConfig } from '@app/config';
import { AccessLogService } from '../audit/access-log.service';
import { DesignationQueriesController } from './designation-queries.controller';
import { DesignationsController } from './designations.controller';
import { CLOCK, DesignationsService, SANCTIONS_POLICY } from './designations.service';

@Module({
  controllers: [DesignationsController, DesignationQueriesController],
  providers: [
    DesignationsService,
    AccessLogService,
    { provide: SANCTIONS_POLICY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadPolicy(config.policyFile) },
    { provide: CLOCK, useValue: () => new Date() },
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Promise<EventStore> => openEventStore(eventStoreConfig(config)),
    },
  ],
  exports: [EVENT_STORE, SANCTIONS_POLICY, CLOCK, AccessLogService],
})
export class DesignationsModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}
