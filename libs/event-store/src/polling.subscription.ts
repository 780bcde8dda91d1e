import type { GlobalPosition, RecordedEvent, Subscription } from './event-store.port';

export interface PollingSource {
  /** Up to `max` events from `from` (inclusive), in global order, never past an in-flight append. */
  readBatch(from: GlobalPosition, max: number): Promise<RecordedEvent[]>;
  /** Calls `listener` after each local append commits; returns the unsubscribe function. */
  onAppended(listener: () => void): () => void;
}

export interface PollingOptions {
  fromPosition: GlobalPosition;
  /** How long to wait when caught up before looking again (appends from other processes). */
  pollIntervalMs: number;
  batchSize: number;
}

/**
 * Catch-up and live are the same loop over the same gap-safe query, so there is no handover to get
 * wrong: the next read always starts just after the last delivered position. Local appends wake it
 * early; other processes' appends are seen within one poll interval.
 */
export function pollingSubscription(source: PollingSource, options: PollingOptions): Subscription {
  let closed = false;
  let changed = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    changed = true;
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  const idle = () =>
    new Promise<void>((resolve) => {
      if (changed || closed) return resolve();
      const timer = setTimeout(signal, options.pollIntervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function* deliver(): AsyncGenerator<RecordedEvent> {
    const unsubscribe = source.onAppended(signal);
    let next = options.fromPosition;
    try {
      while (!closed) {
        changed = false;
        const batch = await source.readBatch(next, options.batchSize);
        for (const event of batch) {
          if (closed) return;
          yield event;
          next = event.position + 1;
        }
        if (batch.length < options.batchSize) await idle();
      }
    } finally {
      unsubscribe();
    }
  }

  const iterator = deliver();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      closed = true;
      signal();
      await iterator.return(undefined);
    },
  };
}
