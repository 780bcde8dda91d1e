import { rmSync } from 'node:fs';
import { Pool } from 'pg';
import {
  buildBundle,
  bundleTree,
  Checkpointer,
  CheckpointSigner,
  eventLeaf,
  latestCheckpoint,
  LogIntegrityError,
  MerkleTree,
  multiproofFrom,
  newPrivateJwk,
  rebuildLogTree,
  signingKeysFromJwks,
  toHex,
  type AuditBundle,
  type BundleVersion,
  type StoredCheckpoint,
} from '@app/audit';
import { createPgliteEventStore, createPostgresEventStore, type EventStore, type SqlEventStore } from '@app/event-store';
import { counted } from '../event-store/support/event-fixtures';
import { freshPgliteDataDir } from '../event-store/support/pglite-test-database';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyBundle } = require('../../bin/sanctions-verify.js') as { verifyBundle: (bundle: unknown, options: object) => { included: number; pending: number } };

/**
 * The log's written tree (migration 4) as court bundles use it: the checkpointer writes it as it
 * folds the log, a bundle reads its stream and a few nodes from it, and what it serves is exactly
 * what a tree of the whole log gives; a damaged tree is refused, never served, and is written again
 * from the log.
 */
jest.setTimeout(120_000);

const signer = new CheckpointSigner(signingKeysFromJwks(JSON.stringify([newPrivateJwk('written-tree-1')])));
const jwks = signer.jwks();
const STREAMS = ['designation-a', 'designation-b', 'designation-c'];

/** Appends events to the three streams in turn (A first), 1–3 per append, and counts them. */
class Log {
  private readonly heads = new Map<string, number>();
  private turn = 0;
  size = 0;
  constructor(private readonly store: EventStore) {}

  async grow(count: number): Promise<void> {
    for (let left = count; left > 0; ) {
      const stream = STREAMS[this.turn++ % STREAMS.length];
      const take = Math.min(left, 1 + ((this.turn * 7) % 3));
      const head = this.heads.get(stream) ?? -1;
      await this.store.appendToStream(stream, Array.from({ length: take }, (_, i) => counted(head + 1 + i)), { expectedRevision: head < 0 ? 'no_stream' : head });
      this.heads.set(stream, head + take);
      left -= take;
    }
    this.size += count;
  }
}

/** Runs the service's Checkpointer until a checkpoint covers exactly `treeSize` leaves, then stops it. */
async function checkpointAt(store: EventStore, treeSize: number, warnings: unknown[] = []): Promise<StoredCheckpoint> {
  const checkpointer = new Checkpointer({
    store,
    signer,
    origin: 'written-tree-test',
    everyEvents: 1,
    everyMs: 0,
    pollMs: 5,
    logger: { log: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
  });
  checkpointer.start();
  try {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 5))) {
      const latest = await latestCheckpoint(store);
      if (latest && latest.checkpoint.treeSize >= treeSize) {
        expect(latest.checkpoint.treeSize).toBe(treeSize);
        // Until the checkpointer has written the checkpoint's own leaf too, so that the next fold resumes past it.
        const state = await (store as SqlEventStore).logTree?.().state();
        if (!state || state.size > treeSize) return latest;
      }
    }
    throw new Error(`no checkpoint of ${treeSize} leaves within 30 s: ${JSON.stringify(warnings)}`);
  } finally {
    await checkpointer.stop();
  }
}

const bundleOf = (store: EventStore, stream: string, format: BundleVersion, since?: number) =>
  buildBundle(store, stream, { keys: signer.publicJwks, signer, now: () => new Date('2026-12-01T00:00:00Z'), format, since });

/** What a tree of the whole log (read again, as bundles did before the written tree) gives for `stream`. */
async function expected(store: EventStore, stream: string, checkpoint: StoredCheckpoint['checkpoint']) {
  const leaves: Uint8Array[] = [];
  const indexes: number[] = [];
  for await (const event of store.readAll({ maxCount: checkpoint.treeSize })) {
    if (event.streamName === stream) indexes.push(leaves.length);
    leaves.push(eventLeaf(event));
  }
  const tree = new MerkleTree(leaves);
  expect(toHex(tree.root())).toBe(checkpoint.rootHash);
  return {
    indexes,
    paths: indexes.map((i) => tree.inclusionProof(i).map(toHex)),
    multiproof: indexes.length === 0 ? [] : multiproofFrom((lo, hi) => tree.subtreeHash(lo, hi), indexes, tree.size).map(toHex),
    consistency: (since: number) => tree.consistencyProof(since).map(toHex),
  };
}

function expectSameProofs(bundle: AuditBundle, want: Awaited<ReturnType<typeof expected>>): void {
  const covered = bundle.events.filter((e) => e.leafIndex !== null);
  expect(covered.map((e) => e.leafIndex)).toEqual(want.indexes);
  if (bundle.format === 'sanctions-audit-bundle/1') expect(bundle.events.slice(0, covered.length).map((e) => e.inclusionProof)).toEqual(want.paths);
  else expect(bundle.multiproof).toEqual(want.multiproof);
  expect(verifyBundle(bundle, { jwks }).included).toBe(covered.length);
}

describe('court bundles from the written tree (PostgreSQL)', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let sql: Pool;
  let log: Log;
  let checkpoint: StoredCheckpoint;

  beforeAll(async () => {
    database = await createTestDatabase('written_tree');
    store = await createPostgresEventStore({ connectionString: database.url });
    sql = new Pool({ connectionString: database.url });
    log = new Log(store);
  });
  afterAll(async () => {
    await sql.end();
    await store.close();
    await database.drop();
  });

  it('serves exactly the proofs a tree of the whole log gives, at sizes around powers of two, resuming the written tree at each restart', async () => {
    let previous: number | undefined;
    for (const target of [1, 3, 5, 7, 9, 15, 17, 31, 33, 64, 127, 129, 256, 511, 513]) {
      await log.grow(target - log.size);
      checkpoint = await checkpointAt(store, target);
      log.size = target + 1; // the checkpoint's own event
      expect((await bundleTree(store, checkpoint.checkpoint, 'designation-a')).source).toBe('written');
      for (const stream of STREAMS) {
        const want = await expected(store, stream, checkpoint.checkpoint);
        if (want.indexes.length === 0) continue;
        for (const format of [1, 2] as const) {
          const bundle = await bundleOf(store, stream, format, previous);
          expectSameProofs(bundle, want);
          if (previous !== undefined) expect(bundle.consistency?.proof).toEqual(want.consistency(previous));
        }
      }
      previous = target;
    }
    const [{ leaves, nodes }] = (await sql.query(`SELECT (SELECT count(*) FROM event_store.log_tree_leaves)::int AS leaves, (SELECT count(*) FROM event_store.log_tree_nodes)::int AS nodes`)).rows;
    expect(leaves).toBe(log.size);
    expect(nodes).toBeLessThan(log.size);
  });

  it('a store that keeps no written tree (as the EventStoreDB adapter) gets the same bundle from the whole log', async () => {
    const { logTree: _none, releaseArchive: _archive, ...plain } = store;
    expect((await bundleTree(plain, checkpoint.checkpoint, 'designation-b')).source).toBe('log');
    for (const format of [1, 2] as const) {
      const [ours, theirs] = await Promise.all([bundleOf(store, 'designation-b', format), bundleOf(plain, 'designation-b', format)]);
      expect({ ...theirs, statement: '' }).toEqual({ ...ours, statement: '' });
    }
  });

  /** Swaps which positions two leaves are said to hold: the first event of designation-b and the leaf after it. */
  async function swapLeafIndex(): Promise<void> {
    const [{ leaf_index: x, position: px }] = (await sql.query(`SELECT leaf_index::int, position::text FROM event_store.log_tree_leaves WHERE position = (SELECT min(position) FROM event_store.events WHERE stream_name = 'designation-b')`)).rows;
    const [{ position: py }] = (await sql.query(`SELECT position::text FROM event_store.log_tree_leaves WHERE leaf_index = $1`, [x + 1])).rows;
    await sql.query(`UPDATE event_store.log_tree_leaves SET position = -1 WHERE leaf_index = $1`, [x]);
    await sql.query(`UPDATE event_store.log_tree_leaves SET position = $1 WHERE leaf_index = $2`, [px, x + 1]);
    await sql.query(`UPDATE event_store.log_tree_leaves SET position = $1 WHERE leaf_index = $2`, [py, x]);
  }

  it.each([
    ['an interior node', () => sql.query(`UPDATE event_store.log_tree_nodes SET hash = sha256(hash)`)],
    ['the leaf of another stream', () => sql.query(`UPDATE event_store.log_tree_leaves SET hash = sha256(hash) WHERE position NOT IN (SELECT position FROM event_store.events WHERE stream_name = 'designation-b')`)],
    ['the leaf index of an event', swapLeafIndex],
    ['an event left out', () => sql.query(`DELETE FROM event_store.log_tree_leaves WHERE position = (SELECT max(position) FROM event_store.events WHERE stream_name = 'designation-b')`)],
  ])('%s changed in the written tree: refused with LogIntegrityError, never served; rebuilt from the log, served again', async (_what, damage) => {
    await damage();
    for (const format of [1, 2] as const) {
      await expect(bundleOf(store, 'designation-b', format, 3)).rejects.toBeInstanceOf(LogIntegrityError);
    }
    expect(await rebuildLogTree(store)).toBe(log.size);
    const want = await expected(store, 'designation-b', checkpoint.checkpoint);
    for (const format of [1, 2] as const) expectSameProofs(await bundleOf(store, 'designation-b', format), want);
  });

  it('the checkpointer forgets a written tree of another log, or one whose frontier does not match the log, and writes it again', async () => {
    await sql.query(`UPDATE event_store.log_tree_state SET log_id = gen_random_uuid()`);
    expect((await bundleTree(store, checkpoint.checkpoint, 'designation-a')).source).toBe('log');
    await log.grow(2);
    checkpoint = await checkpointAt(store, log.size);
    log.size += 1;
    expect(await store.logTree().state()).toEqual({ logId: await store.logId(), size: log.size });
    expect((await bundleTree(store, checkpoint.checkpoint, 'designation-a')).source).toBe('written');

    // The frontier of the written size damaged: found when the next fold reaches it.
    await sql.query(`UPDATE event_store.log_tree_nodes SET hash = sha256(hash) WHERE level = (SELECT max(level) FROM event_store.log_tree_nodes)`);
    const warnings: unknown[] = [];
    await log.grow(1);
    checkpoint = await checkpointAt(store, log.size, warnings);
    log.size += 1;
    expect(JSON.stringify(warnings)).toContain('did not match the log');
    expectSameProofs(await bundleOf(store, 'designation-a', 2), await expected(store, 'designation-a', checkpoint.checkpoint));
  });
});

describe('court bundles from the written tree (PGlite)', () => {
  it('are written by the checkpointer and served from it', async () => {
    const dataDir = await freshPgliteDataDir();
    const store = await createPgliteEventStore({ dataDir });
    try {
      const log = new Log(store);
      await log.grow(40);
      const checkpoint = await checkpointAt(store, 40);
      expect((await bundleTree(store, checkpoint.checkpoint, 'designation-a')).source).toBe('written');
      for (const stream of STREAMS) {
        const want = await expected(store, stream, checkpoint.checkpoint);
        for (const format of [1, 2] as const) expectSameProofs(await bundleOf(store, stream, format, 17), want);
      }
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
