import type { LoggerService } from '@nestjs/common';

/**
 * What a processor's `@OnWorkerEvent('error')` does: the queue's connection failed or a job's keys
 * vanished with a Redis that was restarted empty. BullMQ reconnects by itself and the reconciler
 * re-adds lost jobs, so a warning is enough; without a listener the error event would be thrown.
 */
export function logWorkerError(logger: LoggerService, error: Error): void {
  logger.warn({ message: 'queue error', error: error.name, detail: error.message.slice(0, 200) });
}
