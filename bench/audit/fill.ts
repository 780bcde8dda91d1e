import type { EventStore } from '@app/event-store';

/**
 * Grows the log around the measured streams quickly: `events` small events appended straight
 * through the store, `batch` per append, each append to a stream of its own (`fill-<n>`). Only the
 * tree's size matters to a bundle of another stream, not what these events say.
 */
export async function fillLog(store: EventStore, events: number, batch = 1_000): Promise<number> {
  let appended = 0;
  for (let n = 0; appended < events; n++) {
    const count = Math.min(batch, events - appended);
    await store.appendToStream(`fill-${n}`, Array.from({ length: count }, (_, i) => ({ type: 'Filled', data: { n: appended + i } })), { expectedRevision: 'no_stream' });
    appended += count;
  }
  return appended;
}
