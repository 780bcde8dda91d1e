import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Checkpointer, checkpointSigner } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';

/** Issues signed checkpoints of the log for as long as the worker runs. */
@Injectable()
export class CheckpointsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Checkpoints');
  private readonly checkpointer: Checkpointer;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(EVENT_STORE) store: EventStore) {
    this.checkpointer = new Checkpointer({
      store,
      signer: checkpointSigner(config.audit.signingKeys, (message) => this.logger.warn(message)),
      origin: config.audit.origin,
      everyMs: config.audit.checkpointEveryMs,
      everyEvents: config.audit.checkpointEveryEvents,
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    this.checkpointer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.checkpointer.stop();
  }
}
