import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ProjectionRunner, ReadModelKeys } from '@app/read-models';

/** Runs the read-model projection for as long as the worker runs. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly redis: Redis;
  private readonly runner: ProjectionRunner;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(EVENT_STORE) store: EventStore) {
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    // Errors surface through the runner, which waits and retries; this only keeps them off stderr.
    this.redis.on('error', () => undefined);
    this.runner = new ProjectionRunner({ store, redis: this.redis, keys: new ReadModelKeys(config.redisKeyPrefix), logger: this.logger });
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    this.redis.disconnect();
  }
}
