import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { DesignationHandler } from '@app/application';
import { DeadlineRejectedError, issueDeadlineCommand, type DeadlineOutcome } from '@app/deadlines';
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
  ) {
    super();
  }

  async process(job: Job<Deadline>): Promise<DeadlineOutcome> {
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
