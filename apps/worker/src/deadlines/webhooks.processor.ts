import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { deliverReminder, type DeliveryHandler, type DeliveryResult } from '@app/deadlines';
import type { DeliveryDoc } from '@app/read-models';
import { WORKER_CLOCK, WORKER_DELIVERIES } from '../worker.tokens';

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

  /**
   * The queue's connection failed or a job's keys vanished with a Redis that was restarted empty.
   * BullMQ reconnects by itself and the reconciler re-adds lost jobs; without a listener the error
   * event would be thrown.
   */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ message: 'queue error', error: error.name, detail: error.message.slice(0, 200) });
  }
}
