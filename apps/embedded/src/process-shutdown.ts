import { Logger } from '@nestjs/common';
import { constants } from 'node:os';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** A shutdown that has not finished by then is cut short (exit code 1). */
const DEADLINE_MS = 15_000;

/**
 * Stops what the embedded process started, on SIGTERM or SIGINT, in the reverse order of starting:
 * the worker before the api whose event store it uses, the api before the redis-server both talk
 * to; then the process exits (0, or 1 if a step failed). Nest's own shutdown hooks would close the
 * two applications each on its own and at the same time, so the api could close the store under
 * the worker's checkpointer, and, re-raising the signal, they would leave a redis-server this
 * process started running. A second signal exits at once.
 */
export class ProcessShutdown {
  private readonly steps: { name: string; stop: () => Promise<unknown> }[] = [];
  private stopping = false;

  constructor(private readonly logger = new Logger('Shutdown')) {
    for (const signal of SIGNALS) process.on(signal, () => void this.run(signal));
  }

  /** `stop` runs before every step added earlier. */
  add(name: string, stop: () => Promise<unknown>): void {
    this.steps.unshift({ name, stop });
  }

  private async run(signal: NodeJS.Signals): Promise<void> {
    if (this.stopping) process.exit(128 + constants.signals[signal]);
    this.stopping = true;
    this.logger.log({ message: 'shutting down', signal });
    setTimeout(() => {
      this.logger.error({ message: 'shutdown did not finish in time', deadlineMs: DEADLINE_MS });
      process.exit(1);
    }, DEADLINE_MS).unref();
    let failed = false;
    for (const step of this.steps) {
      try {
        await step.stop();
      } catch (error) {
        failed = true;
        this.logger.error({ message: 'shutdown step failed', step: step.name, error: String(error) });
      }
    }
    process.exit(failed ? 1 : 0);
  }
}
