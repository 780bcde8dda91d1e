import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Checkpointer, DIVERGENCE_EVENT, DIVERGENCE_STREAM, checkpointSigner, redisCheckpointWitness } from '@app/audit';
import { DEFAULT_POLICY } from '@app/domain';
import { createPostgresEventStore, type EventStore } from '@app/event-store';
import { ProjectionRunner, ReadModelKeys, ReadModelReader, ReadModelUnavailableError } from '@app/read-models';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { designateWithSunset } from '../deadlines/support/designations';
import { deletePrefix, until } from './support/read-model-dump';

/**
 * Read models belong to the log they serve (issue 14). Two logs behind one Redis prefix, and a
 * PostgreSQL log restored from a backup under read models that had gone further: in both, what is
 * served afterwards is exactly this log's register, never the other's, and nothing of this log is
 * skipped.
 */
jest.setTimeout(120_000);

const settings = { policy: DEFAULT_POLICY, webhookMinistries: new Set<string>() };
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DAY = 24 * 3600 * 1000;

let redis: Redis;
beforeAll(() => {
  redis = new Redis(redisUrl);
});
afterAll(() => redis.disconnect());

const open = (database: TestDatabase) => createPostgresEventStore({ connectionString: database.url, poolConfig: { max: 4 } });
const designate = async (store: EventStore, n: number) => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await designateWithSunset(store, DEFAULT_POLICY, 300 * DAY)).id);
  return ids;
};

/** The ids the reader serves, once it serves exactly `expected`. */
async function served(reader: ReadModelReader, expected: string[]): Promise<string[]> {
  const want = [...expected].sort().join(',');
  let seen = '';
  await until(
    async () => {
      const page = await reader.designations({ limit: 200 }).catch((error: unknown) => {
        if (error instanceof ReadModelUnavailableError) return undefined;
        throw error;
      });
      seen = page ? page.items.map((item) => item.id).sort().join(',') : '(503)';
      return seen === want ? true : undefined;
    },
    60_000,
    `the register to show exactly ${expected.length} designations (it shows ${seen})`,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen: ${seen}`);
  });
  return seen.split(',');
}

const logger = () => {
  const lines: { level: string; message: unknown }[] = [];
  const at = (level: string) => (message: unknown) => lines.push({ level, message });
  return { lines, log: at('log'), warn: at('warn'), error: at('error') };
};

it('two logs behind one prefix: the second log is never served the first one’s register, and gets its own', async () => {
  const keys = new ReadModelKeys(`test-${randomUUID().slice(0, 8)}:`);
  const [a, b] = await Promise.all([createTestDatabase('binding_a'), createTestDatabase('binding_b')]);
  const [storeA, storeB] = await Promise.all([open(a), open(b)]);
  const runnerA = new ProjectionRunner({ store: storeA, redis, keys, settings, pollMs: 10 });
  const log = logger();
  const runnerB = new ProjectionRunner({ store: storeB, redis, keys, settings, pollMs: 10, logger: log });
  try {
    const ofA = await designate(storeA, 3);
    runnerA.start();
    await served(new ReadModelReader(redis, keys, () => storeA.logId()), ofA);
    await runnerA.stop();

    const ofB = await designate(storeB, 2);
    const readerB = new ReadModelReader(redis, keys, () => storeB.logId());
    // Before log B's worker has done anything, its api refuses log A's read models.
    await expect(readerB.designations({ limit: 200 })).rejects.toBeInstanceOf(ReadModelUnavailableError);
    runnerB.start();
    expect(await served(readerB, ofB)).toEqual([...ofB].sort());
    expect(log.lines.some((line) => line.level === 'error' && JSON.stringify(line.message).includes('another log'))).toBe(true);
    // And log A's api now refuses log B's.
    await expect(new ReadModelReader(redis, keys, () => storeA.logId()).designations({ limit: 200 })).rejects.toBeInstanceOf(ReadModelUnavailableError);
  } finally {
    await Promise.all([runnerA.stop(), runnerB.stop()]);
    await Promise.all([storeA.close(), storeB.close()]);
    await Promise.all([a.drop(), b.drop(), deletePrefix(redis, keys.prefix)]);
  }
});

it('a generation built by another projection version is rebuilt, not served with the old meaning', async () => {
  const keys = new ReadModelKeys(`test-${randomUUID().slice(0, 8)}:`);
  const database = await createTestDatabase('binding_version');
  const store = await open(database);
  const log = logger();
  const runner = new ProjectionRunner({ store, redis, keys, settings, pollMs: 10, logger: log });
  try {
    const ids = await designate(store, 2);
    runner.start();
    const reader = new ReadModelReader(redis, keys, () => store.logId());
    await served(reader, ids);
    const first = (await redis.get(keys.current))!;
    // As a generation of the projection before this version would look.
    await redis.set(keys.generation(first).version, '1');
    await until(async () => {
      const current = await redis.get(keys.current);
      return current && current !== first ? current : undefined;
    }, 30_000, 'a rebuilt generation');
    expect(await served(reader, ids)).toEqual([...ids].sort());
    expect(log.lines.some((line) => line.level === 'error' && JSON.stringify(line.message).includes('projection version 1'))).toBe(true);
  } finally {
    await runner.stop();
    await store.close();
    await Promise.all([database.drop(), deletePrefix(redis, keys.prefix)]);
  }
});

it('a log restored from a pg_dump: exactly the restored log plus the new writes, and the lost signed history reported', async () => {
  const keys = new ReadModelKeys(`test-${randomUUID().slice(0, 8)}:`);
  const database = await createTestDatabase('binding_restore');
  const dumpDir = mkdtempSync(join(tmpdir(), 'restore-'));
  const dump = join(dumpDir, 'log.dump');
  const signer = checkpointSigner(undefined, () => undefined);
  const witness = redisCheckpointWitness(redis, keys.prefix);
  const follow = (store: EventStore, log = logger()) => ({
    log,
    runner: new ProjectionRunner({ store, redis, keys, settings, pollMs: 10 }),
    checkpointer: new Checkpointer({ store, signer, origin: 'test', everyEvents: 1, everyMs: 10, pollMs: 10, logger: log, witness }),
  });
  let store = await open(database);
  let running = follow(store);
  try {
    const before = await designate(store, 3);
    running.runner.start();
    running.checkpointer.start();
    const reader = new ReadModelReader(redis, keys, () => store.logId());
    await served(reader, before);
    const logId = await store.logId();
    await until(async () => ((await witness.last(logId)) ? true : undefined), 30_000, 'a first checkpoint');
    execFileSync('pg_dump', ['--format=custom', '--file', dump, database.url]);
    const signedAtDump = (await witness.last(logId))!.treeSize;

    // Written after the backup, projected and signed: all of it is lost in the restore.
    const lost = await designate(store, 2);
    await served(reader, [...before, ...lost]);
    await until(async () => ((await witness.last(logId))!.treeSize > signedAtDump + 4 ? true : undefined), 30_000, 'a checkpoint over the lost writes');
    await Promise.all([running.runner.stop(), running.checkpointer.stop()]);
    await store.close();

    // The database is restored from the backup; the service starts again beside the same Redis.
    await adminQuery(`DROP DATABASE ${database.name}`);
    await adminQuery(`CREATE DATABASE ${database.name}`);
    execFileSync('pg_restore', ['--dbname', database.url, dump]);
    store = await open(database);
    expect(await store.logId()).toBe(logId); // the same log, only shorter
    const after = await designate(store, 1);
    running = follow(store);
    running.runner.start();
    running.checkpointer.start();

    expect(await served(reader, [...before, ...after])).toEqual([...before, ...after].sort());
    const divergence = await until(async () => (await store.readStream(DIVERGENCE_STREAM)).events.find((e) => e.type === DIVERGENCE_EVENT), 30_000, 'the divergence record');
    expect(divergence.data).toMatchObject({ how: 'shorter' });
    expect(running.log.lines.some((line) => line.level === 'error' && JSON.stringify(line.message).includes('DIVERGED FROM ITS LAST SIGNED CHECKPOINT'))).toBe(true);
    // Tamper evidence working, not a crash: the restored log goes on being checkpointed.
    const signedAfter = (await witness.last(logId))!.treeSize;
    await designate(store, 1);
    await until(async () => ((await witness.last(logId))!.treeSize > signedAfter ? true : undefined), 30_000, 'a checkpoint after the restore');
  } finally {
    await Promise.all([running.runner.stop(), running.checkpointer.stop()]);
    await store.close();
    rmSync(dumpDir, { recursive: true, force: true });
    await Promise.all([database.drop(), deletePrefix(redis, keys.prefix)]);
  }
});

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
