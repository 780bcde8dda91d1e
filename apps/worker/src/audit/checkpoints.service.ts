import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { Checkpointer, checkpointSigner, redisCheckpointWitness } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { WORKER_REDIS } from '../worker.tokens';

/** Issues signed checkpoints of the log for as long as the worker runs. */
@Injectable()
export class CheckpointsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Checkpoints');
  private readonly checkpointer: Checkpointer;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(EVENT_STORE) store: EventStore, @Inject(WORKER_REDIS) redis: Redis) {
    this.checkpointer = new Checkpointer({
      store,
      signer: checkpointSigner(config.audit.signingKeys, (message) => this.logger.warn(message), config.dataDir),
      origin: config.audit.origin,
      everyMs: config.audit.checkpointEveryMs,
      everyEvents: config.audit.checkpointEveryEvents,
      logger: this.logger,
      witness: redisCheckpointWitness(redis, config.redisKeyPrefix),
    });
  }

  onApplicationBootstrap(): void {
    this.checkpointer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.checkpointer.stop();
  }
}
