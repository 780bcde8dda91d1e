import { randomUUID } from 'node:crypto';
import { verifyStoredStream, type EventStore, type EventToAppend, type RecordedEvent } from '@app/event-store';
import { collectUntil, expectStrictlyIncreasing, onlyStreams, uniqueStream } from './support/event-fixtures';

export interface ConcurrentWritersOptions {
  writers: number;
  totalEvents: number;
}

/**
 * Writers append batches of 1–5 events to their own streams and to one stream they all share
 * (expectedRevision 'any'), while one subscriber, started before them, reads live.
 */
export async function runConcurrentWritersScenario(store: EventStore, { writers, totalEvents }: ConcurrentWritersOptions): Promise<void> {
  const shared = uniqueStream('shared');
  const own = Array.from({ length: writers }, (_, w) => Array.from({ length: 3 }, (_, s) => uniqueStream(`writer-${w}-${s}`)));
  const streams = [shared, ...own.flat()];
  const marker = await store.appendToStream(uniqueStream('marker'), [{ type: 'Marker', data: {} }], { expectedRevision: 'any' });
  const subscription = store.subscribeToAll({ fromPosition: marker.position });
  const seenPromise = collectUntil(onlyStreams(subscription, streams), (seen) => seen.length >= totalEvents, 90_000);

  const appended = new Set<string>();
  const perWriter = Math.ceil(totalEvents / writers);
  const write = async (w: number) => {
    let written = 0;
    let round = 0;
    while (written < perWriter && appended.size < totalEvents) {
      const size = Math.min(1 + (round % 5), perWriter - written, totalEvents - appended.size);
      if (size <= 0) break;
      const events: EventToAppend[] = Array.from({ length: size }, (_, i) => ({
        eventId: randomUUID(),
        type: 'Written',
        data: { writer: w, round, i },
      }));
      const target = round % 4 === 0 ? shared : own[w][round % 3];
      for (const event of events) appended.add(event.eventId!);
      await store.appendToStream(target, events, { expectedRevision: 'any' });
      written += size;
      round += 1;
    }
  };

  try {
    await Promise.all(Array.from({ length: writers }, (_, w) => write(w)));
    expect(appended.size).toBe(totalEvents);
    // Once the writers are done the subscriber needs moments, not minutes: a skipped event never comes.
    let timer: NodeJS.Timeout | undefined;
    const settle = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('subscriber did not see every appended event')), 10_000);
    });
    const seen: RecordedEvent[] = await Promise.race([seenPromise, settle]).finally(() => clearTimeout(timer));
    expect(seen).toHaveLength(totalEvents);
    expectStrictlyIncreasing(seen.map((e) => e.position));
    const ids = new Set(seen.map((e) => e.eventId));
    expect(ids.size).toBe(totalEvents);
    expect([...appended].every((id) => ids.has(id))).toBe(true);
  } finally {
    await subscription.close();
  }
  for (const stream of streams) {
    expect(await verifyStoredStream(store, stream)).toMatchObject({ ok: true });
  }
}
