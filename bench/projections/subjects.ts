import { randomUUID } from 'node:crypto';
import {
  postgreSQLEventStoreConsumer,
  type PostgreSQLProcessor,
} from '@event-driven-io/emmett-postgresql';
import type Redis from 'ioredis';
import { Client } from 'pg';
import { DESIGNATION_STREAM_PREFIX, evolve, exists, initialState, type DesignationEvent, type DesignationState } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { ReadModelKeys, rebuildReadModels, type ReadModelSettings } from '@app/read-models';

export interface Timed {
  eventsPerSecond: number;
  seconds: number;
}

const seconds = (from: bigint, to: bigint) => Number(to - from) / 1e9;

/**
 * Ours: `rebuildReadModels` reads the whole log in pages of `batchSize` and applies each page to
 * Redis in one script with its checkpoint: folded doc, summary, facet sets, exemptions, public
 * register, change feed, deadlines, reminder inboxes and webhook deliveries. Returns the rate and
 * where the generation's docs are.
 */
export async function ourRebuild(
  store: EventStore,
  redis: Redis,
  prefix: string,
  expected: number,
  batchSize: number,
  settings: ReadModelSettings,
): Promise<Timed & { docKey: string }> {
  const keys = new ReadModelKeys(prefix);
  const started = process.hrtime.bigint();
  const result = await rebuildReadModels({ store, redis, keys, settings, promote: false, batchSize });
  const elapsed = seconds(started, process.hrtime.bigint());
  if (result.events !== expected) throw new Error(`our rebuild applied ${result.events} events, expected ${expected}`);
  return { eventsPerSecond: expected / elapsed, seconds: elapsed, docKey: keys.generation(result.generation).doc };
}

export interface EmmettConsumerOptions {
  url: string;
  redis: Redis;
  /** Hash that receives designation id → folded state (fold only). */
  stateKey: string;
  expected: number;
  batchSize: number;
  /** Emmett's pause between two full pages (its default is 50 ms). */
  pullingFrequencyInMs: number;
  /** 'fold': evolve + HSET per page; 'noop': the handler does nothing. */
  work: 'fold' | 'noop';
}

interface Folded {
  designation: DesignationState;
  /** Emmett numbers a stream's events from 1 (ours from 0). */
  streamPosition: number;
  globalPosition: number;
  updatedAt: string | undefined;
}

/**
 * Emmett's PostgreSQL consumer from the beginning of its log, through a reactor (Emmett's
 * processor, with its PostgreSQL checkpoints). With 'fold' the handler folds each event with the
 * domain's `evolve` into a Map keyed by stream and, once per page, writes the designations the page
 * touched to Redis (one pipeline of HSETs). Timed from `start()` to the Nth event handled.
 */
export async function emmettConsumer(options: EmmettConsumerOptions): Promise<Timed> {
  const { url, redis, stateKey, expected, batchSize, work } = options;
  const consumer = postgreSQLEventStoreConsumer({
    connectionString: url,
    pulling: { batchSize, pullingFrequencyInMs: options.pullingFrequencyInMs },
    // Safety net: if it ever misses events it stops at the end of the log instead of polling forever.
    stopWhen: { noMessagesLeft: true },
  });
  const delivery = deliveryCheck(work, expected);
  const states = new Map<string, Folded>();
  const dirty = new Set<string>();
  let handled = 0;
  let reached: bigint | undefined;
  // The consumer settles processor errors (Promise.allSettled) and just stops: keep the first one.
  let failure: unknown;

  const flush = async () => {
    if (dirty.size === 0) return;
    const pipeline = redis.pipeline();
    for (const stream of dirty) {
      pipeline.hset(stateKey, stream.slice(DESIGNATION_STREAM_PREFIX.length), JSON.stringify(states.get(stream)));
    }
    dirty.clear();
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  };

  const processorId = `bench-projections-${work}-${randomUUID()}`;
  consumer.reactor({
    // A new processor: it starts from its stored checkpoint, i.e. the beginning. (An explicit
    // startFrom: 'BEGINNING' would skip reading the checkpoint row the processor lock creates, and
    // every checkpoint store after that fails as a mismatch: Emmett would not be doing its usual work.)
    processorId,
    stopAfter: () => handled >= expected,
    // Emmett 0.42's reactor calls eachMessage once per event, inside one transaction per page.
    eachMessage: async (message) => {
      try {
        const { streamName, streamPosition, globalPosition, recordedAt } = message.metadata as typeof message.metadata & { recordedAt?: string };
        delivery.saw(globalPosition);
        if (work === 'fold') {
          const before = states.get(streamName);
          const state = evolve(before?.designation ?? initialState(), message as unknown as DesignationEvent);
          if (exists(state)) {
            states.set(streamName, { designation: state, streamPosition: Number(streamPosition), globalPosition: Number(globalPosition), updatedAt: recordedAt });
            dirty.add(streamName);
          }
        }
        handled += 1;
        // From the beginning, with nothing appended meanwhile, pages are exactly `batchSize` events.
        if (work === 'fold' && (handled % batchSize === 0 || handled === expected)) await flush();
        if (handled === expected) reached = process.hrtime.bigint();
      } catch (error) {
        failure ??= error;
        throw error;
      }
    },
  });

  const started = process.hrtime.bigint();
  try {
    await consumer.start();
  } finally {
    await consumer.close();
  }
  if (failure) throw failure;
  delivery.verify();
  if (reached === undefined) throw new Error(`Emmett consumer (${work}) handled ${handled} events, expected ${expected}`);
  const elapsed = seconds(started, reached);
  await checkpointStored(url, processorId, delivery.last());
  return { eventsPerSecond: expected / elapsed, seconds: elapsed };
}

/** Emmett must have kept its checkpoint up to the last event, as it does in service. */
async function checkpointStored(url: string, processorId: string, last: bigint): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ checkpoint: string }>('SELECT last_processed_checkpoint AS checkpoint FROM emt_processors WHERE processor_id = $1', [
      processorId,
    ]);
    if (rows.length !== 1 || BigInt(rows[0].checkpoint) !== last) {
      throw new Error(`Emmett processor ${processorId} stored checkpoint ${rows[0]?.checkpoint ?? 'none'}, expected ${last}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * Emmett's consumer with a bare processor: no handler, no checkpoint, no transaction; it only
 * counts the pages the consumer's puller hands over. The floor of Emmett's read path.
 */
export async function emmettConsumerReadOnly(url: string, expected: number, batchSize: number, pullingFrequencyInMs: number): Promise<Timed> {
  let handled = 0;
  let active = false;
  let reached: bigint | undefined;
  const delivery = deliveryCheck('read only', expected);
  const processor: PostgreSQLProcessor = {
    id: `bench-projections-read-${randomUUID()}`,
    instanceId: randomUUID(),
    type: 'reactor',
    init: async () => undefined,
    start: async () => {
      active = true;
      return 'BEGINNING';
    },
    close: async () => {
      active = false;
    },
    get isActive() {
      return active;
    },
    handle: async (messages) => {
      for (const message of messages) delivery.saw(message.metadata.globalPosition);
      handled += messages.length;
      if (handled < expected) return;
      reached = process.hrtime.bigint();
      active = false;
      return { type: 'STOP', reason: 'read everything' };
    },
  };
  const consumer = postgreSQLEventStoreConsumer({
    connectionString: url,
    processors: [processor],
    pulling: { batchSize, pullingFrequencyInMs },
    stopWhen: { noMessagesLeft: true },
  });
  const started = process.hrtime.bigint();
  try {
    await consumer.start();
  } finally {
    await consumer.close();
  }
  delivery.verify();
  if (reached === undefined) throw new Error(`Emmett consumer (read only) got ${handled} events, expected ${expected}`);
  const elapsed = seconds(started, reached);
  return { eventsPerSecond: expected / elapsed, seconds: elapsed };
}

/** Every event exactly once: counts deliveries and distinct global positions. */
function deliveryCheck(label: string, expected: number) {
  const positions = new Set<bigint>();
  let deliveries = 0;
  let last = 0n;
  return {
    saw(position: bigint): void {
      deliveries += 1;
      positions.add(position);
      if (position > last) last = position;
    },
    last: () => last,
    verify(): void {
      if (deliveries !== expected || positions.size !== expected) {
        throw new Error(`Emmett consumer (${label}) delivered ${deliveries} events, ${positions.size} distinct, expected ${expected} exactly once`);
      }
    },
  };
}

