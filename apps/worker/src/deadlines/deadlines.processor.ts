import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { DesignationHandler } from '@app/application';
import { belongsToLog, DeadlineRejectedError, issueDeadlineCommands, MicroBatch, type DeadlineOutcome, type OfLog } from '@app/deadlines';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { Deadline } from '@app/read-models';
import { WORKER_CLOCK, WORKER_DESIGNATIONS } from '../worker.tokens';
import { logWorkerError } from './worker-errors';

/**
 * Deadlines due together (a burst of sunsets at one instant) are issued together: up to 200 jobs
 * share one read of their streams and one append (issueDeadlineCommands), while each job still
 * succeeds, fails and is retried on its own. Two batches run at a time (one reading while the other
 * appends); what arrives meanwhile gathers for the next, and a lone job waits at most 2 ms.
 */
export const DEADLINE_BATCH = { maxSize: 200, maxWaitMs: 2, maxRunning: 2 };

/**
 * Jobs of the `deadlines` queue running at once per worker (WorkerModule.forRoot; the bench's
 * baseline uses the same). A job waiting in a batch costs a promise, not a connection: enough slots
 * to fill the batches, while the event store's pool (10) serves two batches at a time.
 */
export const DEADLINE_CONCURRENCY = 256;

/**
 * Runs due deadlines: issues the system command, nothing else. Registered as the `deadlines` queue's
 * processor in WorkerModule.forRoot, where the worker options (lock, concurrency) come from config.
 */
@Injectable()
export class DeadlinesProcessor extends WorkerHost {
  private readonly logger = new Logger('Deadlines');
  private readonly due: MicroBatch<Deadline, DeadlineOutcome>;

  constructor(
    @Inject(WORKER_DESIGNATIONS) designations: DesignationHandler,
    @Inject(WORKER_CLOCK) clock: () => Date,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
    this.due = new MicroBatch((deadlines) => issueDeadlineCommands(designations, deadlines, clock), DEADLINE_BATCH);
  }

  async process(job: Job<OfLog<Deadline>>): Promise<DeadlineOutcome> {
    if (!belongsToLog(job.data, await this.store.logId())) {
      // Scheduled from another log's read models (a shared Redis prefix): never run against this one.
      this.logger.warn({ message: 'deadline job of another log: not run', deadline: job.data.id, log: job.data.logId });
      return { appended: [], duplicate: false };
    }
    try {
      const outcome = await this.due.add(job.data);
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
