import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { belongsToLog, deliverReminder, type DeliveryHandler, type DeliveryResult, type OfLog } from '@app/deadlines';
import { EVENT_STORE, type EventStore } from '@app/event-store';
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
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async process(job: Job<OfLog<DeliveryDoc>>): Promise<DeliveryResult | 'other-log'> {
    const delivery = job.data;
    if (!belongsToLog(delivery, await this.store.logId())) {
      // Scheduled from another log's read models: nothing of that log is sent from this one.
      this.logger.warn({ message: 'delivery job of another log: not sent', deliveryId: delivery.deliveryId, log: delivery.logId });
      return 'other-log';
    }
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
