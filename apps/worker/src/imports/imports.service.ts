import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PollLoop } from '@app/event-store';
import { writeProgress, type ListImports } from '@app/imports';
import { WORKER_LIST_IMPORTS, WORKER_REDIS } from '../worker.tokens';

/** Progress is written at most this often (and at the end): the bar needs no more. */
const PROGRESS_EVERY_MS = 250;

/**
 * Applies approved import batches. It finds them in the log (the own lists' streams), not in
 * Redis, so a batch approved while no worker ran, or interrupted by a crash, is applied on the
 * next pass: each entry's command id is derived from the batch, so nothing is applied twice.
 */
@Injectable()
export class ImportsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Imports');
  private readonly loop: PollLoop;
  private readonly stopping = new AbortController();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_LIST_IMPORTS) private readonly imports: ListImports,
    @Inject(WORKER_REDIS) private readonly redis: Redis,
  ) {
    this.loop = new PollLoop({
      pass: () => this.pass(),
      pollMs: config.lists.importPollMs,
      backoffMs: (failures) => Math.min(30_000, 500 * 2 ** Math.min(failures, 6)),
      onError: (error, failures) => {
        if (failures === 1 || failures % 20 === 0) this.logger.warn(`Applying import batches failed (${failures} in a row): ${(error as Error).message}`);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loop.stop();
  }

  private async pass(): Promise<void> {
    const pending = await this.imports.approvedBatches();
    for (const { listId, batch } of pending) {
      if (this.stopping.signal.aborted) return;
      const started = Date.now();
      this.logger.log(`Applying import batch ${batch.batchId} of ${listId} (${batch.counts.added} added, ${batch.counts.amended} amended, ${batch.counts.removed} removed)`);
      let written = 0;
      const { batch: after } = await this.imports.apply(batch.batchId, {
        signal: this.stopping.signal,
        onProgress: (progress) => {
          if (progress.done < progress.total && Date.now() - written < PROGRESS_EVERY_MS) return;
          written = Date.now();
          void writeProgress(this.redis, this.config.redisKeyPrefix, batch.batchId, progress).catch(() => undefined);
        },
      });
      if (after.status === 'applied' && after.applied) {
        const { added, lifted, amended } = after.applied.applied;
        this.logger.log(`Applied import batch ${batch.batchId}: ${added} added, ${amended} amended, ${lifted} lifted, ${after.applied.skipped.length} skipped, in ${Date.now() - started} ms`);
      }
    }
    if (this.stopping.signal.aborted) return;
    await this.loop.idle();
  }
}
