import type Redis from 'ioredis';
import type { BatchWrites } from './batch-writes';

export type ApplyResult = 'applied' | 'generation-moved' | 'checkpoint-moved';

/** One batch to commit: its writes, and the checkpoint they move from and to. */
export interface Commit {
  /** The key naming the generation (current or building), and the generation it must name. */
  pointer: string;
  generation: string;
  checkpointKey: string;
  checkpointEventKey: string;
  /** The checkpoint as stored before the batch ('none' before the first event). */
  expected: string;
  checkpoint: string;
  /** The id of the event at the new checkpoint. */
  checkpointEvent: string;
  writes: BatchWrites;
}

interface Watch {
  connection: Redis;
  pointer: string;
  checkpointKey: string;
  /** Pointer and checkpoint as they were when the watch began. */
  values: Promise<[string | null, string | null]>;
}

/**
 * Commits a batch's writes and its checkpoint in one MULTI/EXEC, or not at all: only if the pointer
 * still names the generation and the checkpoint is still the one the batch was read from, and
 * neither has been touched since they were read (WATCH). A second runner, a rebuild that moved the
 * pointer, or a FLUSHALL makes it refuse, and the runner re-reads where things stand. That is what
 * makes replays and crashes harmless. (Plain commands, not a script: Redis copies a script's
 * arguments into Lua and back, which cost it three times what the writes themselves do.)
 *
 * WATCH belongs to a connection, so the committer has its own, used for nothing else, that never
 * reconnects, queues or resends: if it drops, whatever was in flight fails (applied or not, the
 * checkpoint tells), and the next commit opens a new one and watches afresh. The watch for the next
 * batch is sent right behind each EXEC, so a batch costs one round trip.
 */
export class BatchCommitter {
  private connection: Redis | undefined;
  private watching: Watch | undefined;

  constructor(private readonly redis: Redis) {}

  async commit(batch: Commit): Promise<ApplyResult> {
    try {
      return await this.tryCommit(batch);
    } catch (error) {
      // Whatever the connection was doing is unknown now: start the next commit on a new one.
      this.close();
      throw error;
    }
  }

  private async tryCommit(batch: Commit): Promise<ApplyResult> {
    const connection = await this.open();
    const ahead = this.takeWatch(connection, batch);
    let [pointer, checkpoint] = ahead ? await ahead.values : [];
    // The watch begun behind the last commit saw things as they were then: look again before refusing.
    if (pointer !== batch.generation || checkpoint !== batch.expected) [pointer, checkpoint] = await this.watch(connection, batch, true).values;
    if (pointer !== batch.generation || checkpoint !== batch.expected) return pointer !== batch.generation ? 'generation-moved' : 'checkpoint-moved';
    const transaction = connection.multi();
    batch.writes.queueOn(transaction);
    transaction.set(batch.checkpointKey, batch.checkpoint).set(batch.checkpointEventKey, batch.checkpointEvent);
    const replies = transaction.exec();
    // EXEC ends every watch: the next batch's begins behind it, on the same connection.
    this.watching = this.watch(connection, batch, false);
    const results = await replies;
    if (results === null) return 'checkpoint-moved';
    const failed = results.find(([error]) => error);
    if (failed) throw new Error(`a read-model write failed inside the batch's transaction: ${String(failed[0])}`);
    return 'applied';
  }

  /** Closes the connection (a commit in flight fails); the next commit opens another. */
  close(): void {
    this.connection?.disconnect();
    this.connection = undefined;
    this.watching = undefined;
  }

  private async open(): Promise<Redis> {
    if (this.connection?.status === 'ready') return this.connection;
    this.close();
    const connection = this.redis.duplicate({
      lazyConnect: true,
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      retryStrategy: () => null,
    });
    // Failures reach the commands in flight; the event would only be logged twice.
    connection.on('error', () => undefined);
    this.connection = connection;
    await connection.connect();
    return connection;
  }

  private takeWatch(connection: Redis, batch: Commit): Watch | undefined {
    const watch = this.watching;
    this.watching = undefined;
    if (watch && watch.connection === connection && watch.pointer === batch.pointer && watch.checkpointKey === batch.checkpointKey) return watch;
    return undefined;
  }

  private watch(connection: Redis, batch: Commit, fresh: boolean): Watch {
    // A fresh watch drops any earlier one first, with the "touched" mark it may carry.
    if (fresh) connection.unwatch().catch(() => undefined);
    const watched = connection.watch(batch.pointer, batch.checkpointKey);
    const read = connection.mget(batch.pointer, batch.checkpointKey) as Promise<[string | null, string | null]>;
    const values = Promise.all([watched, read]).then(([, found]) => found);
    // Used by the next commit, or dropped unseen if there is none.
    values.catch(() => undefined);
    return { connection, pointer: batch.pointer, checkpointKey: batch.checkpointKey, values };
  }
}
