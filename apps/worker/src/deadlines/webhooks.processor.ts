import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { deliverReminder, type DeliveryHandler, type DeliveryResult } from '@app/deadlines';
import type { DeliveryDoc } from '@app/read-models';
import { WORKER_CLOCK, WORKER_DELIVERIES } from '../worker.tokens';
import { logWorkerError } from './worker-errors';

/** Delivers review reminders to ministries' webhooks; registered in WorkerModule.forRoot. */
@Injectable()
export class WebhooksProcessor extends WorkerHost {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(WORKER_DELIVERIES) private readonly deliveries: DeliveryHandler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_CLOCK) private readonly clock: () => Date,
  ) {
    super();
  }

  async process(job: Job<DeliveryDoc>): Promise<DeliveryResult> {
    const delivery = job.data;
    const target = this.config.deadlines.webhooks[delivery.ministry];
    if (!target) throw new UnrecoverableError(`no webhook is configured for ${delivery.ministry}`);
    const result = await deliverReminder(
      this.deliveries,
      target,
      delivery,
      { attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 },
      { timeoutMs: this.config.deadlines.webhookTimeoutMs, now: this.clock },
    );
    if (result === 'dead-lettered') this.logger.warn({ message: 'reminder delivery dead-lettered', deliveryId: delivery.deliveryId, ministry: delivery.ministry });
    return result;
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    logWorkerError(this.logger, error);
  }
}
