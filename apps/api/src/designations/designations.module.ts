import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { designationHandler, Designations, type DesignationHandler } from '@app/application';
import { APP_CONFIG, eventStoreConfig, loadPolicy, type AppConfig } from '@app/config';
import { deliveryHandler } from '@app/deadlines';
import { EVENT_STORE, openEventStore, type EventStore } from '@app/event-store';
import { AccessLogService } from '../audit/access-log.service';
import { CommandMetrics, timedHandler } from '../metrics/command-metrics';
import { DesignationQueriesController } from './designation-queries.controller';
import { DesignationsController } from './designations.controller';
import { CLOCK, DELIVERY_HANDLER, DESIGNATION_HANDLER, GIVEN_EVENT_STORE, SANCTIONS_POLICY } from './designations.tokens';

@Module({
  controllers: [DesignationsController, DesignationQueriesController],
  providers: [
    AccessLogService,
    { provide: SANCTIONS_POLICY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadPolicy(config.policyFile) },
    { provide: CLOCK, useValue: () => new Date() },
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG, GIVEN_EVENT_STORE],
      useFactory: async (config: AppConfig, given: EventStore | null): Promise<EventStore> => given ?? openEventStore(eventStoreConfig(config)),
    },
    { provide: DESIGNATION_HANDLER, inject: [EVENT_STORE, SANCTIONS_POLICY], useFactory: designationHandler },
    { provide: DELIVERY_HANDLER, inject: [EVENT_STORE], useFactory: deliveryHandler },
    {
      // Every HTTP command runs through this one use case, so this is where commands are timed.
      provide: Designations,
      inject: [EVENT_STORE, DESIGNATION_HANDLER, CLOCK, CommandMetrics],
      useFactory: (store: EventStore, handler: DesignationHandler, clock: () => Date, metrics: CommandMetrics) =>
        new Designations(store, timedHandler(handler, metrics), clock),
    },
  ],
  exports: [EVENT_STORE, SANCTIONS_POLICY, CLOCK, DESIGNATION_HANDLER, DELIVERY_HANDLER, Designations, AccessLogService],
})
export class DesignationsModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(GIVEN_EVENT_STORE) private readonly given: EventStore | null,
  ) {}

  /** A store the api opened is closed with it; one it was given is its owner's to close. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.given) await this.store.close();
  }
}
