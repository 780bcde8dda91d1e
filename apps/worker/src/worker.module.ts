import { BullModule, Processor } from '@nestjs/bullmq';
import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, eventStoreConfig, loadPolicy, redisOptionsFrom, type AppConfig } from '@app/config';
import { designationHandler, type DesignationHandler } from '@app/application';
import { cappedBackoff, DEADLINES_QUEUE, deliveryHandler, WEBHOOKS_QUEUE, type DeliveryHandler } from '@app/deadlines';
import { EVENT_STORE, openEventStore, type EventStore } from '@app/event-store';
import { openListImports } from '@app/imports';
import type { Policy } from '@app/domain';
import { CheckpointsService } from './audit/checkpoints.service';
import { DeadlineSchedulerService } from './deadlines/deadline-scheduler.service';
import { DEADLINE_CONCURRENCY, DeadlinesProcessor } from './deadlines/deadlines.processor';
import { WebhooksProcessor } from './deadlines/webhooks.processor';
import { ImportsService } from './imports/imports.service';
import { PartnerFeedsService } from './imports/partner-feeds.service';
import { ProjectionsService } from './projections/projections.service';
import { WORKER_CLOCK, WORKER_DELIVERIES, WORKER_DESIGNATIONS, WORKER_LIST_IMPORTS, WORKER_POLICY, WORKER_REDIS } from './worker.tokens';

const OWNS_STORE = Symbol('OWNS_STORE');

/**
 * Projections, signed checkpoints of the log, the deadline scheduler and reconciler, and the BullMQ processors. On its own the
 * worker opens the event store from configuration; embedded beside the api (PGlite, one process)
 * it is handed the api's store, since PGlite is a single in-process database.
 */
@Module({})
export class WorkerModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(OWNS_STORE) private readonly ownsStore: boolean,
    @Inject(WORKER_REDIS) private readonly redis: Redis,
    private readonly deadlines: DeadlinesProcessor,
    private readonly webhooks: WebhooksProcessor,
  ) {}

  /**
   * Jobs in flight finish before the event store closes: a job waiting for a pool connection when
   * the pool ends would never settle, and the BullMQ worker's close would wait for it forever.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.deadlines, this.webhooks].map((processor) => processor.worker?.close()));
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    if (this.ownsStore) await this.store.close();
  }

  /**
   * Embedded beside the api, the worker is handed the api's store and the handlers bound to it, so
   * that one process binds each decider once.
   */
  static forRoot(config: AppConfig, options: { store?: EventStore; designations?: DesignationHandler; deliveries?: DeliveryHandler } = {}): DynamicModule {
    const { jobLockMs, webhookBackoffMs } = config.deadlines;
    // Worker options come from configuration, so the processors are registered here, not by a
    // decorator fixed at compile time. A crashed worker's job is taken over after `jobLockMs`.
    const crashRecovery = { lockDuration: jobLockMs, stalledInterval: Math.max(250, Math.floor(jobLockMs / 2)), maxStalledCount: 5 };
    Processor(DEADLINES_QUEUE, { ...crashRecovery, concurrency: DEADLINE_CONCURRENCY, settings: { backoffStrategy: cappedBackoff(1_000, 60_000) } })(DeadlinesProcessor);
    Processor(WEBHOOKS_QUEUE, { ...crashRecovery, concurrency: 8, settings: { backoffStrategy: cappedBackoff(webhookBackoffMs, 600_000) } })(WebhooksProcessor);
    return {
      module: WorkerModule,
      imports: [
        BullModule.forRoot({ connection: { ...redisOptionsFrom(config.redisUrl), maxRetriesPerRequest: null }, prefix: `${config.redisKeyPrefix}bull` }),
        BullModule.registerQueue({ name: DEADLINES_QUEUE }, { name: WEBHOOKS_QUEUE }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: OWNS_STORE, useValue: options.store === undefined },
        options.store
          ? { provide: EVENT_STORE, useValue: options.store }
          : { provide: EVENT_STORE, useFactory: () => openEventStore(eventStoreConfig(config)) },
        { provide: WORKER_POLICY, useFactory: () => loadPolicy(config.policyFile) },
        options.designations
          ? { provide: WORKER_DESIGNATIONS, useValue: options.designations }
          : { provide: WORKER_DESIGNATIONS, inject: [EVENT_STORE, WORKER_POLICY], useFactory: designationHandler },
        options.deliveries
          ? { provide: WORKER_DELIVERIES, useValue: options.deliveries }
          : { provide: WORKER_DELIVERIES, inject: [EVENT_STORE], useFactory: deliveryHandler },
        { provide: WORKER_CLOCK, useValue: () => new Date() },
        {
          provide: WORKER_REDIS,
          useFactory: () => {
            const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
            // Errors surface through the callers, which wait and retry; this keeps them off stderr.
            redis.on('error', () => undefined);
            return redis;
          },
        },
        { provide: WORKER_LIST_IMPORTS, inject: [EVENT_STORE, WORKER_DESIGNATIONS, WORKER_POLICY, WORKER_CLOCK, WORKER_REDIS], useFactory: (store: EventStore, designations: DesignationHandler, policy: Policy, clock: () => Date, redis: Redis) => openListImports(config, { store, designations, policy, clock, redis }) },
        DeadlineSchedulerService,
        ProjectionsService,
        CheckpointsService,
        ImportsService,
        PartnerFeedsService,
        DeadlinesProcessor,
        WebhooksProcessor,
      ],
    };
  }
}
