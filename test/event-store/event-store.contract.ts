import { randomUUID } from 'node:crypto';
import {
  ConcurrencyConflictError,
  DuplicateEventIdError,
  GENESIS_HASH,
  verifyStoredStream,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from '@app/event-store';
import {
  batch,
  collectUntil,
  counted,
  expectStrictlyIncreasing,
  onlyStreams,
  toArray,
  uniqueStream,
} from './support/event-fixtures';
import { runConcurrentWritersScenario } from './concurrent-writers.scenario';

export interface EventStoreFactory {
  /** Called once per test file; every test uses its own streams. */
  open(): Promise<EventStore>;
  /** Releases what open() created (the store itself is closed by the suite). */
  dispose?(): Promise<void>;
}

export interface ContractOptions {
  /** ≥ 8 writers, ≥ 10,000 events, one subscriber: for stores that accept concurrent transactions. */
  concurrentWriters?: boolean;
  /** Appending a stored event id fails (EventStoreDB instead treats a repeated id as an idempotent retry). */
  rejectsDuplicateEventIds?: boolean;
}

async function conflictOf(promise: Promise<unknown>): Promise<ConcurrencyConflictError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConcurrencyConflictError);
  return error as ConcurrencyConflictError;
}

export function runEventStoreContract(name: string, factory: EventStoreFactory, options: ContractOptions = {}): void {
  describe(`${name} event store contract`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await factory.open();
    });
    afterAll(async () => {
      await store?.close();
      await factory.dispose?.();
    });

    const types = (events: RecordedEvent[]) => events.map((e) => e.data.n);

    describe('expected revision', () => {
      it('no_stream creates a stream and conflicts once it exists', async () => {
        const stream = uniqueStream('no-stream');
        const first = await store.appendToStream(stream, [counted(0)], { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(0);

        const conflict = await conflictOf(store.appendToStream(stream, [counted(1)], { expectedRevision: 'no_stream' }));
        expect(conflict).toMatchObject({ stream, expected: 'no_stream', actual: 0 });
        expect(types((await store.readStream(stream)).events)).toEqual([0]);
      });

      it('stream_exists appends to an existing stream and conflicts on a missing one', async () => {
        const stream = uniqueStream('stream-exists');
        const conflict = await conflictOf(store.appendToStream(stream, [counted(0)], { expectedRevision: 'stream_exists' }));
        expect(conflict).toMatchObject({ stream, expected: 'stream_exists', actual: 'no_stream' });
        expect((await store.readStream(stream)).streamExists).toBe(false);

        await store.appendToStream(stream, [counted(0)], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [counted(1), counted(2)], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(2);
      });

      it('any appends whether or not the stream exists', async () => {
        const stream = uniqueStream('any');
        expect((await store.appendToStream(stream, [counted(0)], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0);
        expect((await store.appendToStream(stream, [counted(1)], { expectedRevision: 'any' })).nextExpectedRevision).toBe(1);
        expect(types((await store.readStream(stream)).events)).toEqual([0, 1]);
      });

      it.each<[string, (revision: number) => ExpectedRevision]>([
        ['number', (revision) => revision],
        ['bigint', (revision) => BigInt(revision)],
      ])('an exact revision (%s) appends when current and conflicts when stale', async (_kind, as) => {
        const stream = uniqueStream('exact');
        await store.appendToStream(stream, batch(0, 2), { expectedRevision: 'no_stream' });
        const next = await store.appendToStream(stream, [counted(2)], { expectedRevision: as(1) });
        expect(next.nextExpectedRevision).toBe(2);

        const stale = await conflictOf(store.appendToStream(stream, [counted(99)], { expectedRevision: as(1) }));
        expect(stale).toMatchObject({ stream, expected: as(1), actual: 2 });
        const ahead = await conflictOf(store.appendToStream(stream, [counted(99)], { expectedRevision: as(5) }));
        expect(ahead.actual).toBe(2);
        expect(types((await store.readStream(stream)).events)).toEqual([0, 1, 2]);
      });

      it('an exact revision on a missing stream conflicts with actual no_stream', async () => {
        const stream = uniqueStream('exact-missing');
        const conflict = await conflictOf(store.appendToStream(stream, [counted(0)], { expectedRevision: 0 }));
        expect(conflict).toMatchObject({ stream, expected: 0, actual: 'no_stream' });
      });

      it('racing creations of one stream: with no_stream one wins and the rest conflict; with any each is appended in turn', async () => {
        const once = uniqueStream('create-race');
        const created = await Promise.allSettled(Array.from({ length: 6 }, (_, n) => store.appendToStream(once, [counted(n)], { expectedRevision: 'no_stream' })));
        expect(created.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of created.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ expected: 'no_stream', actual: 0 });
        expect((await store.readStream(once)).events).toHaveLength(1);

        const each = uniqueStream('any-race');
        const appended = await Promise.all(Array.from({ length: 6 }, (_, n) => store.appendToStream(each, batch(n * 2, 2), { expectedRevision: 'any' })));
        expect(appended.map((r) => r.nextExpectedRevision).sort((a, b) => a - b)).toEqual([1, 3, 5, 7, 9, 11]);
        const { events } = await store.readStream(each);
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        expect(events.every((e, i) => i === 0 || e.position > events[i - 1].position)).toBe(true);
        expect((await verifyStoredStream(store, each)).ok).toBe(true);
      });

      it('a hot stream (the day\'s access log): 150 appends with any, all at once from one process, all land, chained in turn', async () => {
        const hot = uniqueStream('hot');
        const appended = await Promise.all(Array.from({ length: 150 }, (_, n) => store.appendToStream(hot, [counted(n)], { expectedRevision: 'any' })));
        expect(appended.map((r) => r.nextExpectedRevision).sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, n) => n));
        const { events } = await store.readStream(hot);
        expect(events).toHaveLength(150);
        expect((await verifyStoredStream(store, hot)).ok).toBe(true);
      });

      it('only one of two racing appends with the same expected revision wins', async () => {
        const stream = uniqueStream('race');
        await store.appendToStream(stream, [counted(0)], { expectedRevision: 'no_stream' });
        const results = await Promise.allSettled([
          store.appendToStream(stream, [counted(1)], { expectedRevision: 0 }),
          store.appendToStream(stream, [counted(2)], { expectedRevision: 0 }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(ConcurrencyConflictError);
        expect((await verifyStoredStream(store, stream)).ok).toBe(true);
        expect((await store.readStream(stream)).events).toHaveLength(2);
      });
    });

    describe('reading', () => {
      it('keeps order within a stream: revisions 0..n-1, positions increasing, append returns the last', async () => {
        const stream = uniqueStream('order');
        await store.appendToStream(stream, batch(0, 3), { expectedRevision: 'no_stream' });
        const last = await store.appendToStream(stream, batch(3, 2), { expectedRevision: 2 });
        const { streamExists, events } = await store.readStream(stream);
        expect(streamExists).toBe(true);
        expect(types(events)).toEqual([0, 1, 2, 3, 4]);
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expectStrictlyIncreasing(events.map((e) => e.position));
        expect(last).toEqual({ nextExpectedRevision: 4, position: events[4].position });
        expect(events[0]).toMatchObject({ streamName: stream, type: 'Counted', data: { n: 0 } });
        expect(typeof events[0].eventId).toBe('string');
        // recordedAt is the store's own ISO 8601 time, whatever the adapter's clock precision.
        expect(events[0].recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(Math.abs(Date.parse(events[0].recordedAt!) - Date.now())).toBeLessThan(60_000);
      });

      it('keeps the global order of appends across streams', async () => {
        const streams = [uniqueStream('global-a'), uniqueStream('global-b'), uniqueStream('global-c')];
        const appended: number[] = [];
        let firstPosition = 0;
        for (let i = 0; i < 9; i++) {
          const result = await store.appendToStream(streams[i % 3], [counted(i)], { expectedRevision: 'any' });
          if (i === 0) firstPosition = result.position;
          appended.push(i);
        }
        const all = await toArray(onlyStreams(store.readAll({ fromPosition: firstPosition }), streams));
        expect(types(all)).toEqual(appended);
        expectStrictlyIncreasing(all.map((e) => e.position));
        expect(all.map((e) => e.streamName)).toEqual(appended.map((i) => streams[i % 3]));
      });

      it('reads a missing stream as empty and says it does not exist', async () => {
        const missing = await store.readStream(uniqueStream('missing'));
        expect(missing).toEqual({ streamExists: false, events: [] });

        const stream = uniqueStream('past-end');
        await store.appendToStream(stream, [counted(0)], { expectedRevision: 'no_stream' });
        expect(await store.readStream(stream, { fromRevision: 5 })).toEqual({ streamExists: true, events: [] });
      });

      it('reads a stream from a revision, up to a position and a count', async () => {
        const stream = uniqueStream('from-revision');
        await store.appendToStream(stream, batch(0, 3), { expectedRevision: 'no_stream' });
        const middle = await store.appendToStream(stream, batch(3, 1), { expectedRevision: 2 });
        await store.appendToStream(stream, batch(4, 2), { expectedRevision: 3 });

        expect(types((await store.readStream(stream, { fromRevision: 2 })).events)).toEqual([2, 3, 4, 5]);
        expect(types((await store.readStream(stream, { fromRevision: 2n, maxCount: 2 })).events)).toEqual([2, 3]);
        expect(types((await store.readStream(stream, { toPosition: middle.position })).events)).toEqual([0, 1, 2, 3]);
      });

      it('reads a stream backwards: newest first, from a revision, up to a position and a count', async () => {
        const stream = uniqueStream('backwards');
        await store.appendToStream(stream, batch(0, 3), { expectedRevision: 'no_stream' });
        const middle = await store.appendToStream(stream, batch(3, 1), { expectedRevision: 2 });
        await store.appendToStream(stream, batch(4, 2), { expectedRevision: 3 });

        const last = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
        expect(last.streamExists).toBe(true);
        expect(types(last.events)).toEqual([5]);
        expect(last.events[0]).toEqual((await store.readStream(stream)).events[5]);
        expect(types((await store.readStream(stream, { direction: 'backwards' })).events)).toEqual([5, 4, 3, 2, 1, 0]);
        expect(types((await store.readStream(stream, { direction: 'backwards', fromRevision: 3, maxCount: 2 })).events)).toEqual([3, 2]);
        expect(types((await store.readStream(stream, { direction: 'backwards', toPosition: middle.position, maxCount: 1 })).events)).toEqual([3]);
        expect(await store.readStream(uniqueStream('backwards-missing'), { direction: 'backwards', maxCount: 1 })).toEqual({ streamExists: false, events: [] });
      });

      it('reads all from a position (inclusive) and with a count', async () => {
        const stream = uniqueStream('from-position');
        await store.appendToStream(stream, batch(0, 2), { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, batch(2, 3), { expectedRevision: 1 });
        const { events } = await store.readStream(stream);

        const fromThird = await toArray(onlyStreams(store.readAll({ fromPosition: events[2].position }), [stream]));
        expect(types(fromThird)).toEqual([2, 3, 4]);
        const two = await toArray(store.readAll({ fromPosition: events[1].position, maxCount: 2 }));
        expect(two.map((e) => e.eventId)).toEqual([events[1].eventId, events[2].eventId]);
        expect(fromThird).toEqual(events.slice(2));
      });
    });

    describe('hash chain', () => {
      it('records prevHash and hash, keeps caller metadata, and verifies', async () => {
        const stream = uniqueStream('chain');
        await store.appendToStream(stream, [{ type: 'Counted', data: { n: 0 }, metadata: { commandId: 'c-1' } }], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(stream, batch(1, 2), { expectedRevision: 0 });
        const { events } = await store.readStream(stream);
        expect(events[0].metadata).toMatchObject({ commandId: 'c-1', prevHash: GENESIS_HASH });
        expect(events[0].metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(events[1].metadata.prevHash).toBe(events[0].metadata.hash);
        expect(events[2].metadata.prevHash).toBe(events[1].metadata.hash);
        expect(await verifyStoredStream(store, stream)).toEqual({ ok: true, head: { revision: 2, hash: events[2].metadata.hash } });
      });

      it('refuses caller metadata that sets hash or prevHash, writing nothing', async () => {
        const stream = uniqueStream('reserved');
        await expect(
          store.appendToStream(stream, [{ type: 'Counted', data: { n: 0 }, metadata: { hash: 'x' } }], { expectedRevision: 'any' }),
        ).rejects.toThrow(TypeError);
        expect((await store.readStream(stream)).streamExists).toBe(false);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up and goes live with no loss and no duplicate (before, during and after subscribing)', async () => {
        const stream = uniqueStream('handover');
        const before = await store.appendToStream(stream, batch(0, 3), { expectedRevision: 'no_stream' });
        const { events: existing } = await store.readStream(stream);
        const subscription = store.subscribeToAll({ fromPosition: existing[0].position });
        const seen: RecordedEvent[] = [];
        const iterator = onlyStreams(subscription, [stream]);
        try {
          // during: appends race the catch-up reads
          let revision = before.nextExpectedRevision;
          const during = (async () => {
            for (let n = 3; n < 23; n++) {
              revision = (await store.appendToStream(stream, [counted(n)], { expectedRevision: revision })).nextExpectedRevision;
            }
          })();
          seen.push(...(await collectUntil(iterator, (s) => s.length >= 10)));
          await during;
          seen.push(...(await collectUntil(iterator, (s) => seen.length + s.length >= 23)));
          // after: the subscription is idle and live
          await new Promise((resolve) => setTimeout(resolve, 150));
          await store.appendToStream(stream, batch(23, 2), { expectedRevision: revision });
          seen.push(...(await collectUntil(iterator, (s) => seen.length + s.length >= 25)));
        } finally {
          await subscription.close();
        }
        expect(types(seen)).toEqual(Array.from({ length: 25 }, (_, i) => i));
        expectStrictlyIncreasing(seen.map((e) => e.position));
      });

      it('starts at the given position and stops when closed', async () => {
        const stream = uniqueStream('from');
        await store.appendToStream(stream, batch(0, 4), { expectedRevision: 'no_stream' });
        const { events } = await store.readStream(stream);
        const subscription = store.subscribeToAll({ fromPosition: events[2].position });
        const seen = await collectUntil(onlyStreams(subscription, [stream]), (s) => s.length >= 2);
        expect(types(seen)).toEqual([2, 3]);
        await subscription.close();
        const after = await subscription[Symbol.asyncIterator]().next();
        expect(after.done).toBe(true);
      });
    });

    describe('many streams at once', () => {
      it('reads several whole streams in one call, an absent one as empty', async () => {
        const [a, b, absent] = [uniqueStream('many-read-a'), uniqueStream('many-read-b'), uniqueStream('many-read-absent')];
        await store.appendToStream(a, batch(0, 3), { expectedRevision: 'no_stream' });
        await store.appendToStream(b, batch(10, 1), { expectedRevision: 'no_stream' });
        const read = await store.readStreams([a, b, absent]);
        expect([...read.keys()].sort()).toEqual([a, b, absent].sort());
        expect(read.get(a)).toEqual((await store.readStream(a)).events);
        expect(types(read.get(a)!)).toEqual([0, 1, 2]);
        expect(types(read.get(b)!)).toEqual([10]);
        expect(read.get(absent)).toEqual([]);
      });

      it('appends to new and existing streams, each chained onto its own head, as appendToStream would', async () => {
        const [fresh, existing] = [uniqueStream('many-new'), uniqueStream('many-existing')];
        await store.appendToStream(existing, batch(0, 2), { expectedRevision: 'no_stream' });
        const outcomes = await store.appendToStreams([
          { stream: fresh, events: [{ type: 'Counted', data: { n: 0 }, metadata: { commandId: 'c-new' } }], expectedRevision: 'no_stream' },
          { stream: existing, events: batch(2, 2), expectedRevision: 1 },
        ]);
        const [freshEvents, existingEvents] = [(await store.readStream(fresh)).events, (await store.readStream(existing)).events];
        expect(outcomes).toEqual([
          { stream: fresh, appended: { nextExpectedRevision: 0, position: freshEvents[0].position } },
          { stream: existing, appended: { nextExpectedRevision: 3, position: existingEvents[3].position } },
        ]);
        expect(types(existingEvents)).toEqual([0, 1, 2, 3]);
        expect(freshEvents[0].metadata).toMatchObject({ commandId: 'c-new', prevHash: GENESIS_HASH });
        expect(existingEvents[2].metadata.prevHash).toBe(existingEvents[1].metadata.hash);
        expect((await verifyStoredStream(store, fresh)).ok).toBe(true);
        expect((await verifyStoredStream(store, existing)).ok).toBe(true);
        // In the global order like any append, and after what came before.
        const all = await toArray(onlyStreams(store.readAll({ fromPosition: existingEvents[0].position }), [fresh, existing]));
        expect(all).toHaveLength(5);
        expectStrictlyIncreasing(all.map((e) => e.position));
        expect(await store.appendToStream(existing, [counted(4)], { expectedRevision: 3 })).toMatchObject({ nextExpectedRevision: 4 });
      });

      it('refuses only the part whose stream is not at its expected revision; the others are appended', async () => {
        const [moved, missing, fine] = [uniqueStream('many-moved'), uniqueStream('many-missing'), uniqueStream('many-fine')];
        await store.appendToStream(moved, batch(0, 2), { expectedRevision: 'no_stream' });
        const outcomes = await store.appendToStreams([
          { stream: moved, events: [counted(9)], expectedRevision: 0 },
          { stream: missing, events: [counted(9)], expectedRevision: 'stream_exists' },
          { stream: fine, events: [counted(0)], expectedRevision: 'any' },
        ]);
        expect(outcomes.map((outcome) => ('conflict' in outcome ? { conflict: outcome.conflict } : 'appended'))).toEqual([{ conflict: 1 }, { conflict: 'no_stream' }, 'appended']);
        expect(types((await store.readStream(moved)).events)).toEqual([0, 1]);
        expect((await store.readStream(missing)).streamExists).toBe(false);
        expect(types((await store.readStream(fine)).events)).toEqual([0]);
      });

      it('races single appends to the same streams without forking a chain: each revision is taken once', async () => {
        const streams = Array.from({ length: 5 }, (_, i) => uniqueStream(`many-race-${i}`));
        await Promise.all(streams.map((stream) => store.appendToStream(stream, [counted(0)], { expectedRevision: 'no_stream' })));
        const [many, ...singles] = await Promise.all([
          store.appendToStreams(streams.map((stream) => ({ stream, events: [counted(1)], expectedRevision: 0 }))),
          ...streams.map((stream) => store.appendToStream(stream, [counted(2)], { expectedRevision: 0 }).then(
            () => 'appended',
            (error: unknown) => (error instanceof ConcurrencyConflictError ? 'conflict' : Promise.reject(error)),
          )),
        ]);
        for (const [i, stream] of streams.entries()) {
          const { events } = await store.readStream(stream);
          expect(events).toHaveLength(2);
          expect((await verifyStoredStream(store, stream)).ok).toBe(true);
          // Whoever won revision 1, the other was refused.
          expect('appended' in many[i]).toBe(singles[i] === 'conflict');
          expect(types(events)[1]).toBe('appended' in many[i] ? 1 : 2);
        }
      });

      it('refuses a stream named twice or a part with nothing to append, writing nothing', async () => {
        const stream = uniqueStream('many-invalid');
        await expect(store.appendToStreams([
          { stream, events: [counted(0)], expectedRevision: 'any' },
          { stream, events: [counted(1)], expectedRevision: 'any' },
        ])).rejects.toThrow(RangeError);
        await expect(store.appendToStreams([{ stream, events: [], expectedRevision: 'any' }])).rejects.toThrow(RangeError);
        expect((await store.readStream(stream)).streamExists).toBe(false);
        expect(await store.appendToStreams([])).toEqual([]);
      });

      if (options.rejectsDuplicateEventIds) {
        it('rejects an event id that is already stored, writing no part (one transaction)', async () => {
          const [stored, other] = [uniqueStream('many-event-id'), uniqueStream('many-event-id-other')];
          const eventId = randomUUID();
          await store.appendToStream(stored, [{ ...counted(0), eventId }], { expectedRevision: 'no_stream' });
          await expect(
            store.appendToStreams([
              { stream: other, events: [counted(0)], expectedRevision: 'no_stream' },
              { stream: stored, events: [{ ...counted(1), eventId }], expectedRevision: 0 },
            ]),
          ).rejects.toBeInstanceOf(DuplicateEventIdError);
          expect(types((await store.readStream(stored)).events)).toEqual([0]);
          expect((await store.readStream(other)).streamExists).toBe(false);
        });
      }
    });

    describe('log identity and head', () => {
      it('has one identity, the same however often it is asked', async () => {
        const id = await store.logId();
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(await store.logId()).toBe(id);
      });

      it('reports the position of the newest event as its head', async () => {
        const stream = uniqueStream('head');
        const appended = await store.appendToStream(stream, batch(0, 2), { expectedRevision: 'no_stream' });
        expect(await store.headPosition()).toBeGreaterThanOrEqual(appended.position);
        const newest: RecordedEvent[] = await toArray(store.readAll({ fromPosition: appended.position }));
        expect(await store.headPosition()).toBe(newest[newest.length - 1].position);
      });
    });

    if (options.rejectsDuplicateEventIds) {
      it('rejects an event id that is already stored, writing nothing', async () => {
        const stream = uniqueStream('event-id');
        const eventId = randomUUID();
        await store.appendToStream(stream, [{ ...counted(0), eventId }], { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(stream, [counted(1), { ...counted(2), eventId }], { expectedRevision: 0 }),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(types((await store.readStream(stream)).events)).toEqual([0]);
      });
    }

    if (options.concurrentWriters) {
      it('8 concurrent writers, 10,000 events: a live subscriber sees each once, in strictly increasing order', async () => {
        await runConcurrentWritersScenario(store, { writers: 8, totalEvents: 10_000 });
      }, 120_000);
    }
  });
}
