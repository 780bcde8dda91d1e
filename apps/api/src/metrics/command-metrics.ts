import { Counter, Histogram, type Registry } from 'prom-client';
import type { DesignationHandler } from '@app/application';
import { problemSpecFor } from '../problem/error-table';

/** accepted: decided (and its events appended); duplicate: answered from the log; rejected: a 4xx; failed: a 5xx. */
export type CommandOutcome = 'accepted' | 'duplicate' | 'rejected' | 'failed';

/**
 * What this api process did with the commands it was sent: process metrics, counted here and nowhere
 * else (each api instance its own; sum them). Labels stay bounded: the DOMAIN.md command types, four
 * outcomes, the event types, and the family of a refusal's problem code (`DESIGNATION`, `REVISION`…).
 */
export class CommandMetrics {
  private readonly duration: Histogram<'command' | 'outcome' | 'error'>;
  private readonly appended: Counter<'type'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'sanctions_command_duration_seconds',
      help: 'Time to decide and record a designation command (read, decide, append), by command type and outcome; `error` is the family of the problem code of a refusal',
      labelNames: ['command', 'outcome', 'error'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.appended = new Counter({
      name: 'sanctions_events_appended_total',
      help: 'Events this api process appended to the log for the commands it ran, by event type',
      labelNames: ['type'],
      registers: [registry],
    });
  }

  done(command: string, seconds: number, result: { duplicate: boolean; events: readonly { type: string }[] }): void {
    this.duration.observe({ command, outcome: result.duplicate ? 'duplicate' : 'accepted' }, seconds);
    if (result.duplicate) return;
    for (const event of result.events) this.appended.inc({ type: event.type });
  }

  refused(command: string, seconds: number, error: unknown): void {
    const { status, code } = problemSpecFor(error);
    this.duration.observe({ command, outcome: status >= 500 ? 'failed' : 'rejected', error: code.split('.')[0] }, seconds);
  }
}

/**
 * The designation handler with every command timed. It wraps the handler the HTTP use case runs
 * (libs/application's Designations, which stays free of metrics), not the one shared with the
 * worker: the worker's system commands are not this process's requests.
 */
export function timedHandler(handler: DesignationHandler, metrics: CommandMetrics): DesignationHandler {
  return {
    load: (id) => handler.load(id),
    async handle(command, options) {
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const result = await handler.handle(command, options);
        metrics.done(command.type, seconds(), result);
        return result;
      } catch (error) {
        metrics.refused(command.type, seconds(), error);
        throw error;
      }
    },
  };
}
