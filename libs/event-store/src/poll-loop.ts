import { setTimeout as sleep } from 'node:timers/promises';

export interface PollLoopOptions {
  /**
   * One pass of the work, run again from the start each time it returns or throws. A long pass
   * loops on `running` and calls `idle()` when there is nothing to do.
   */
  pass: () => Promise<void>;
  /** How long `idle()` waits. */
  pollMs: number;
  /** How long to wait after a pass threw; `failures` counts the passes in a row that did, from 1. */
  backoffMs: (failures: number) => number;
  /** Told of each failure before the wait (to log it, or not). */
  onError?: (error: unknown, failures: number) => void;
}

/**
 * The loop of a process that follows the log (a projection, a checkpointer): run a pass while
 * running; on failure (the store or Redis is away) back off and run it again; when idle, sleep a
 * poll interval. Nothing is lost by a failed pass, since the log is the truth.
 */
export class PollLoop {
  private active = false;
  private loop?: Promise<void>;

  constructor(private readonly options: PollLoopOptions) {}

  get running(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.loop = this.run();
  }

  /** Resolves once the pass (or wait) under way has ended. */
  async stop(): Promise<void> {
    this.active = false;
    await this.loop;
  }

  /** From inside a pass: no more passes after this one returns. */
  halt(): void {
    this.active = false;
  }

  /** Nothing to do for now: wait one poll interval. */
  idle(): Promise<void> {
    return sleep(this.options.pollMs);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.active) {
      try {
        await this.options.pass();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.options.onError?.(error, failures);
        await sleep(this.options.backoffMs(failures));
      }
    }
  }
}
