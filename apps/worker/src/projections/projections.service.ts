import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { Policy } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ProjectionRunner, ReadModelKeys } from '@app/read-models';
import { DeadlineSchedulerService } from '../deadlines/deadline-scheduler.service';
import { WORKER_POLICY, WORKER_REDIS } from '../worker.tokens';

/** Runs the read-model projection (including the deadlines projection) for as long as the worker runs. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly runner: ProjectionRunner;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(WORKER_REDIS) redis: Redis,
    @Inject(WORKER_POLICY) policy: Policy,
    scheduler: DeadlineSchedulerService,
  ) {
    this.runner = new ProjectionRunner({
      store,
      redis,
      keys: new ReadModelKeys(config.redisKeyPrefix),
      settings: { policy, webhookMinistries: new Set(Object.keys(config.deadlines.webhooks)) },
      onApplied: (work) => scheduler.schedule(work),
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
