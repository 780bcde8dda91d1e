import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { DesignationHandler } from '@app/application';
import { belongsToLog, DeadlineRejectedError, issueDeadlineCommand, type DeadlineOutcome, type OfLog } from '@app/deadlines';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { Deadline } from '@app/read-models';
import { WORKER_CLOCK, WORKER_DESIGNATIONS } from '../worker.tokens';
import { logWorkerError } from './worker-errors';

/**
 * Runs due deadlines: issues the system command, nothing else. Registered as the `deadlines` queue's
 * processor in WorkerModule.forRoot, where the worker options (lock, concurrency) come from config.
 */
@Injectable()
export class DeadlinesProcessor extends WorkerHost {
  private readonly logger = new Logger('Deadlines');

  constructor(
    @Inject(WORKER_DESIGNATIONS) private readonly designations: DesignationHandler,
    @Inject(WORKER_CLOCK) private readonly clock: () => Date,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async process(job: Job<OfLog<Deadline>>): Promise<DeadlineOutcome> {
    if (!belongsToLog(job.data, await this.store.logId())) {
      // Scheduled from another log's read models (a shared Redis prefix): never run against this one.
      this.logger.warn({ message: 'deadline job of another log: not run', deadline: job.data.id, log: job.data.logId });
      return { appended: [], duplicate: false };
    }
    try {
      const outcome = await issueDeadlineCommand(this.designations, job.data, this.clock);
      if (outcome.appended.length > 0) this.logger.log({ message: 'deadline applied', deadline: job.data.id, events: outcome.appended });
      return outcome;
    } catch (error) {
      if (error instanceof DeadlineRejectedError) {
        // The decider refused: retrying would be refused again. Kept failed, visible to operators.
        this.logger.warn({ message: 'deadline refused by the decider', deadline: job.data.id, code: error.code });
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    logWorkerError(this.logger, error);
  }
}
