import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DEADLINES_QUEUE, DeadlineScheduler, WEBHOOKS_QUEUE } from '@app/deadlines';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ReadModelKeys, type AppliedWork } from '@app/read-models';
import { WORKER_REDIS } from '../worker.tokens';

/** Adds the jobs of new deadlines as the projection finds them, and re-adds all of them periodically. */
@Injectable()
export class DeadlineSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Deadlines');
  private readonly scheduler: DeadlineScheduler;
  private readonly keys: ReadModelKeys;
  private timer?: NodeJS.Timeout;
  private reconciling?: Promise<void>;

  constructor(
    @InjectQueue(DEADLINES_QUEUE) deadlines: Queue,
    @InjectQueue(WEBHOOKS_QUEUE) webhooks: Queue,
    @Inject(WORKER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.scheduler = new DeadlineScheduler(deadlines, webhooks, { webhookAttempts: config.deadlines.webhookAttempts, logId: () => store.logId() });
    this.keys = new ReadModelKeys(config.redisKeyPrefix);
  }

  schedule(work: AppliedWork): Promise<void> {
    return this.scheduler.schedule(work);
  }

  onApplicationBootstrap(): void {
    const tick = () => {
      this.reconciling ??= this.reconcile().finally(() => (this.reconciling = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.config.deadlines.reconcileIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.reconciling;
  }

  private async reconcile(): Promise<void> {
    try {
      const counts = await this.scheduler.reconcile(this.redis, this.keys);
      this.logger.debug?.({ message: 'reconciled deadline jobs', ...counts });
    } catch (error) {
      this.logger.warn({ message: 'could not reconcile deadline jobs now; will try again', error: String(error) });
    }
  }
}
