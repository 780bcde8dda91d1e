import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, eventStoreConfig, type AppConfig } from '@app/config';
import { EVENT_STORE, openEventStore, type EventStore } from '@app/event-store';
import { ProjectionsService } from './projections/projections.service';

const OWNS_STORE = Symbol('OWNS_STORE');

/**
 * Projections (and, as they arrive, deadline schedulers and BullMQ processors). On its own the
 * worker opens the event store from configuration; embedded beside the api (PGlite, one process)
 * it is handed the api's store, since PGlite is a single in-process database.
 */
@Module({})
export class WorkerModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(OWNS_STORE) private readonly ownsStore: boolean,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ownsStore) await this.store.close();
  }

  static forRoot(config: AppConfig, options: { store?: EventStore } = {}): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: OWNS_STORE, useValue: options.store === undefined },
        options.store
          ? { provide: EVENT_STORE, useValue: options.store }
          : { provide: EVENT_STORE, useFactory: () => openEventStore(eventStoreConfig(config)) },
        ProjectionsService,
      ],
    };
  }
}
