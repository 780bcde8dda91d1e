import Redis from 'ioredis';
import { DEFAULT_POLICY } from '@app/domain';
import { randomUUID } from 'node:crypto';
import { createPostgresEventStore, type EventStore, type RecordedEvent } from '@app/event-store';
import {
  deleteGeneration,
  ProjectionRunner,
  ReadModelKeys,
  ReadModelReader,
  ReadModelWriter,
  rebuildReadModels,
  readBatch,
  type Attachment,
} from '@app/read-models';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { startRedisServer, type PrivateRedis } from '../support/redis-server';
import { appendHistories, generateHistories } from './support/designation-histories';
import { deletePrefix, dumpGeneration, until } from './support/read-model-dump';

/**
 * The projection on real PostgreSQL and real Redis: idempotent replays, no double-apply when a
 * reply is lost or a connection drops mid-script, a rebuild equal to the live read model, and a
 * read model that comes back by itself after FLUSHALL.
 */
// Generous: under a loaded CI machine the seeding alone can take seconds; nothing here is timed.
jest.setTimeout(60_000);

let database: TestDatabase;
let store: EventStore;
let redis: Redis;
let log: RecordedEvent[];
/** Position of the last event appended so far. */
let head: number;

beforeAll(async () => {
  database = await createTestDatabase('rm_test');
  store = await createPostgresEventStore({ connectionString: database.url, poolConfig: { max: 4 } });
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  ({ head } = await appendHistories(store, generateHistories(40, 7)));
  log = await readableTo(head);
});

afterAll(async () => {
  redis.disconnect();
  await store.close();
  await database.drop();
});

/**
 * The log up to `head`, once readers can see all of it: a reader stops short of events whose
 * transaction is younger than the oldest one still open anywhere in the cluster (gap safety), so
 * under a loaded CI machine the last appends may take a moment to become readable.
 */
async function readableTo(head: number): Promise<RecordedEvent[]> {
  return until(async () => {
    const all = await readBatch(store, undefined, 100_000);
    return all.at(-1)?.position === head ? all : undefined;
  }, 30_000, `the log to be readable up to ${head}`);
}
const settings = { policy: DEFAULT_POLICY, webhookMinistries: new Set(['foreign-affairs']) };
const freshKeys = () => new ReadModelKeys(`test-${randomUUID().slice(0, 8)}:`);

/** A live generation to write into directly, as the runner would after attaching. */
async function liveGeneration(keys: ReadModelKeys, client = redis): Promise<Attachment> {
  const generation = `g${randomUUID().slice(0, 6)}`;
  await client.set(keys.current, generation);
  await client.set(keys.generation(generation).checkpoint, 'none');
  return { generation, pointer: keys.current, checkpoint: undefined };
}

async function applyInBatches(writer: ReadModelWriter, at: Attachment, events: RecordedEvent[], size: number): Promise<Attachment> {
  for (let i = 0; i < events.length; i += size) {
    const { result, checkpoint } = await writer.apply(at, events.slice(i, i + size));
    expect(result).toBe('applied');
    at = { ...at, checkpoint };
  }
  return at;
}

it('the generated log is a rich one', () => {
  const types = new Set(log.map((e) => e.type));
  expect(log.length).toBeGreaterThan(200);
  for (const type of ['DesignationIssued', 'ExemptionGranted', 'DesignationLifted', 'DesignationSuspended', 'SunsetExtended', 'DesignationAmended']) {
    expect(types).toContain(type);
  }
});

describe('applying a prefix of the log twice changes nothing', () => {
  const prefixes = [1, 7, 50, 133, -1];

  it.each(prefixes)('prefix of %p events', async (length) => {
    const keys = freshKeys();
    const writer = new ReadModelWriter(redis, keys, settings);
    const prefix = length === -1 ? log : log.slice(0, length);
    try {
      const start = await liveGeneration(keys);
      const end = await applyInBatches(writer, start, prefix, 16);
      const once = await dumpGeneration(redis, keys, start.generation);

      // A runner that did not see the first apply tries the same batch: the checkpoint refuses it.
      expect((await writer.apply(start, prefix)).result).toBe('checkpoint-moved');
      expect(await dumpGeneration(redis, keys, start.generation)).toEqual(once);

      // Even with the checkpoint lost (set back to the start), the events already applied are skipped.
      await redis.set(keys.generation(start.generation).checkpoint, 'none');
      await applyInBatches(writer, start, prefix, 5);
      expect(await dumpGeneration(redis, keys, start.generation)).toEqual(once);
      expect(end.checkpoint).toBe(prefix[prefix.length - 1].position);
    } finally {
      writer.close();
      await deletePrefix(redis, keys.prefix);
    }
  });
});

describe('a crash between apply and checkpoint cannot double-apply', () => {
  it('a batch whose reply was lost is refused when retried', async () => {
    const keys = freshKeys();
    const writer = new ReadModelWriter(redis, keys, settings);
    try {
      let at = await liveGeneration(keys);
      at = await applyInBatches(writer, at, log.slice(0, 60), 20);
      const batch = log.slice(60, 90);
      await writer.apply(at, batch); // its answer "lost": the caller still holds the old checkpoint
      const after = await dumpGeneration(redis, keys, at.generation);
      expect((await writer.apply(at, batch)).result).toBe('checkpoint-moved');
      expect(await dumpGeneration(redis, keys, at.generation)).toEqual(after);
    } finally {
      writer.close();
      await deletePrefix(redis, keys.prefix);
    }
  });

  it('connections dropped at random moments leave the same read model as a clean rebuild', async () => {
    // Every connection to the server is cut, the writer's own included: a Redis of the test's own.
    const privateRedis = await startRedisServer();
    const keys = freshKeys();
    const client = new Redis(privateRedis.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    const control = privateRedis.client();
    const runner = new ProjectionRunner({ store, settings, redis: client, keys, batchSize: 5, pollMs: 5 });
    try {
      runner.start();
      let drops = 0;
      const last = log[log.length - 1].position;
      const reader = new ReadModelReader(control, keys);
      while ((await reader.current().catch(() => undefined))?.position !== last) {
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 50));
        // The sockets die; ioredis reconnects, the writer opens a new one; in-flight commands may or may not have run.
        await control.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
        drops += 1;
        if (drops > 1_000) throw new Error('the runner never caught up');
      }
      await runner.stop();
      expect(drops).toBeGreaterThan(2);
      console.log(`read model caught up through ${drops} dropped connections`);
      const live = (await control.get(keys.current))!;
      const rebuilt = await rebuildReadModels({ store, settings, redis: control, keys, promote: false });
      expect(await dumpGeneration(control, keys, rebuilt.generation)).toEqual(await dumpGeneration(control, keys, live));
    } finally {
      await runner.stop();
      client.disconnect();
      await privateRedis.stop();
    }
  }, 60_000);
});

it('a rebuild from scratch equals the live read model, built while events were being appended', async () => {
  const keys = freshKeys();
  const runner = new ProjectionRunner({ store, settings, redis, keys, batchSize: 25, pollMs: 10 });
  try {
    runner.start();
    const more = generateHistories(15, 99);
    ({ head } = await appendHistories(store, more, 2));
    await readableTo(head);
    const reader = new ReadModelReader(redis, keys);
    await until(async () => ((await reader.current()).position === head ? true : undefined), 15_000, 'the live read model');
    await runner.stop();
    const live = (await redis.get(keys.current))!;
    const rebuilt = await rebuildReadModels({ store, settings, redis, keys, promote: false, batchSize: 200 });
    expect(rebuilt.position).toBe(head);
    const liveDump = await dumpGeneration(redis, keys, live);
    expect(Object.keys(liveDump.doc).length).toBe(55);
    expect(await dumpGeneration(redis, keys, rebuilt.generation)).toEqual(liveDump);
    await deleteGeneration(redis, keys, rebuilt.generation);
  } finally {
    await runner.stop();
    await deletePrefix(redis, keys.prefix);
  }
});

describe('what a writer keeps in memory is never trusted over Redis', () => {
  it('two writers taking turns on one generation leave what one writer alone does', async () => {
    const keys = freshKeys();
    const [first, second, alone] = [0, 1, 2].map(() => new ReadModelWriter(redis, keys, settings));
    try {
      let at = await liveGeneration(keys);
      // Each writer's next batch starts where the other one left the checkpoint: it must read back what the other wrote.
      for (let i = 0, turn = 0; i < log.length; i += 11, turn++) {
        const { result, checkpoint } = await (turn % 2 === 0 ? first : second).apply(at, log.slice(i, i + 11));
        expect(result).toBe('applied');
        at = { ...at, checkpoint };
      }
      const solo = await applyInBatches(alone, await liveGeneration(keys), log, 11);
      expect(await dumpGeneration(redis, keys, at.generation)).toEqual(await dumpGeneration(redis, keys, solo.generation));
    } finally {
      for (const writer of [first, second, alone]) writer.close();
      await deletePrefix(redis, keys.prefix);
    }
  });

  it('a rebuild that keeps only three designations in memory equals one that keeps them all, and the live read model', async () => {
    const keys = freshKeys();
    const runner = new ProjectionRunner({ store, settings, redis, keys, batchSize: 9, pollMs: 10, workingSet: 3 });
    try {
      runner.start();
      const reader = new ReadModelReader(redis, keys);
      await until(async () => ((await reader.current()).position === head ? true : undefined), 15_000, 'the live read model');
      await runner.stop();
      const live = await dumpGeneration(redis, keys, (await redis.get(keys.current))!);
      const small = await rebuildReadModels({ store, settings, redis, keys, promote: false, batchSize: 7, workingSet: 3 });
      const whole = await rebuildReadModels({ store, settings, redis, keys, promote: false, batchSize: 7 });
      expect(small.position).toBe(head);
      expect(await dumpGeneration(redis, keys, small.generation)).toEqual(await dumpGeneration(redis, keys, whole.generation));
      // The live runner read batches of 9; the same boundaries make the same bytes.
      const nine = await rebuildReadModels({ store, settings, redis, keys, promote: false, batchSize: 9 });
      expect(await dumpGeneration(redis, keys, nine.generation)).toEqual(live);
    } finally {
      await runner.stop();
      await deletePrefix(redis, keys.prefix);
    }
  });
});

it('rebuild on demand swaps the new generation in while a runner follows, and drops the old one', async () => {
  const keys = freshKeys();
  const runner = new ProjectionRunner({ store, settings, redis, keys, pollMs: 10 });
  try {
    runner.start();
    const reader = new ReadModelReader(redis, keys);
    await until(async () => ((await reader.current()).position! >= head ? true : undefined));
    const before = (await redis.get(keys.current))!;
    const progress: number[] = [];
    // Batches small enough that the generated log (some 280 events or more) takes several.
    const result = await rebuildReadModels({ store, settings, redis, keys, batchSize: 50, graceMs: 50, onProgress: (p) => progress.push(p.events) });
    expect(result.replaced).toBe(before);
    expect(await redis.get(keys.current)).toBe(result.generation);
    expect(progress.length).toBeGreaterThan(3);
    expect(await redis.exists(keys.generation(before).doc)).toBe(0);
    // The runner carries on with the new generation.
    const [extra] = generateHistories(1, 5);
    ({ head } = await appendHistories(store, [extra]));
    const newHead = head;
    await until(async () => ((await reader.current()).position! >= newHead ? true : undefined), 30_000);
    expect(await redis.hexists(keys.generation(result.generation).doc, extra.id)).toBe(1);
  } finally {
    await runner.stop();
    await deletePrefix(redis, keys.prefix);
  }
});

describe('after FLUSHALL', () => {
  let privateRedis: PrivateRedis;

  beforeAll(async () => {
    privateRedis = await startRedisServer();
  });
  afterAll(() => privateRedis.stop());

  it('the read models come back by themselves, equal to what they were, without a restart', async () => {
    const client = privateRedis.client();
    const keys = new ReadModelKeys('sls:');
    const runner = new ProjectionRunner({ store, settings, redis: client, keys, pollMs: 20 });
    const reader = new ReadModelReader(client, keys);
    try {
      runner.start();
      await readableTo(head);
      await until(async () => ((await reader.current()).position === head ? true : undefined));
      const before = await dumpGeneration(client, keys, (await client.get(keys.current))!);

      await client.flushall();
      await expect(reader.current()).rejects.toThrow(/rebuilt/);

      await until(async () => ((await reader.current()).position === head ? true : undefined), 10_000, 'the rebuild after FLUSHALL');
      expect(await dumpGeneration(client, keys, (await client.get(keys.current))!)).toEqual(before);
    } finally {
      await runner.stop();
    }
  });
});
