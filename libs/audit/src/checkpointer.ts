import { recordFact, uuidFrom } from '@app/command-handling';
import { SYSTEM_ACTOR } from '@app/domain';
import type { EventStore, JsonObject, RecordedEvent } from '@app/event-store';
import { ConcurrencyConflictError, hasLogTree, PollLoop } from '@app/event-store';
import type { Checkpoint, CheckpointSigner, PublicJwk } from './checkpoint';
import type { CheckpointWitness, WitnessedCheckpoint } from './checkpoint-witness';
import { LogTreeWriter } from './log-tree.writer';
import { MerkleAccumulator } from './merkle.accumulator';
import { leafHashOfHex, toHex } from './merkle.hash';

/** Signed checkpoints are events too, in their own stream, so the log carries its own tree heads. */
export const CHECKPOINT_STREAM = 'audit-checkpoints';
export const CHECKPOINT_EVENT = 'CheckpointIssued';

export interface StoredCheckpoint {
  checkpoint: Checkpoint;
  jws: string;
  kid: string;
  /** The signing key's public half, recorded for development setups without configured keys. */
  publicKey: PublicJwk;
  /** Revision in the checkpoint stream. */
  revision: number;
}

/** The leaf of an event: SHA-256(0x00 ‖ the 32 bytes of its hash-chain `hash`). */
export function eventLeaf(event: Pick<RecordedEvent, 'metadata'>): Uint8Array {
  return leafHashOfHex(event.metadata.hash);
}

/** The newest checkpoint: the checkpoint stream's last event only (one indexed read, however many were issued). */
export async function latestCheckpoint(store: EventStore): Promise<StoredCheckpoint | undefined> {
  const {
    events: [last],
  } = await store.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
  if (!last) return undefined;
  const data = last.data as unknown as Omit<StoredCheckpoint, 'revision'>;
  return { ...data, revision: last.revision };
}

export interface CheckpointerOptions {
  store: EventStore;
  signer: CheckpointSigner;
  origin: string;
  /** Issue when the tree has grown by this many events… */
  everyEvents?: number;
  /** …or when this long has passed since the last one and anything new has been recorded. */
  everyMs?: number;
  pollMs?: number;
  now?: () => Date;
  logger?: { log(m: unknown): void; warn(m: unknown): void; error(m: unknown): void };
  /** Remembers the last checkpoint signed outside the log, to tell when the log lost what was signed (a restore). */
  witness?: CheckpointWitness;
}

/** Where a log found to have lost signed history is recorded, with the checkpoint it no longer matches. */
export const DIVERGENCE_STREAM = 'audit-divergences';
export const DIVERGENCE_EVENT = 'LogDivergenceDetected';

/**
 * Folds the whole log, in global order, into a Merkle tree and issues a signed checkpoint at least
 * every `everyMs` (default 60 s) or `everyEvents` (default 1,000) events. On start it re-reads the
 * log and checks that it still hashes to the last checkpoint: a log changed under a signed
 * checkpoint is reported, and nothing more is signed over it.
 */
export class Checkpointer {
  private readonly loop: PollLoop;
  private readonly everyEvents: number;
  private readonly everyMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: CheckpointerOptions) {
    this.everyEvents = options.everyEvents ?? 1_000;
    this.everyMs = options.everyMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
    const pollMs = options.pollMs ?? 500;
    this.loop = new PollLoop({
      pass: () => this.follow(),
      pollMs,
      backoffMs: () => pollMs * 4,
      onError: (error) => {
        if (!(error instanceof ConcurrencyConflictError)) options.logger?.warn({ message: 'checkpointer paused', error: String(error) });
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async follow(): Promise<void> {
    const { store, witness } = this.options;
    const logId = await store.logId();
    let last = await latestCheckpoint(store);
    let witnessed = await witness?.last(logId);
    const tree = new MerkleAccumulator();
    // The tree written down beside the log, for court bundles (stores that keep one: PostgreSQL, PGlite).
    const written = hasLogTree(store) ? await LogTreeWriter.open(store.logTree(), logId) : undefined;
    let lastPosition: number | null = null;
    let checked = last === undefined;
    let lastIssuedAt = last ? Date.parse(last.checkpoint.issuedAt) : 0;
    while (this.loop.running) {
      let read = 0;
      for await (const event of store.readAll({ fromPosition: lastPosition === null ? 0 : lastPosition + 1, maxCount: 1_000 })) {
        const index = tree.size;
        const leaf = eventLeaf(event);
        tree.append(leaf, written?.completes(index));
        written?.appended(index, event.position, leaf, tree);
        lastPosition = event.position;
        read += 1;
        if (!checked && last && tree.size === last.checkpoint.treeSize) {
          if (toHex(tree.root()) !== last.checkpoint.rootHash) {
            this.options.logger?.error({ message: 'THE LOG NO LONGER MATCHES ITS LAST SIGNED CHECKPOINT', treeSize: tree.size });
            this.loop.halt();
            return;
          }
          checked = true;
        }
        if (witnessed && tree.size === witnessed.treeSize) {
          if (toHex(tree.root()) !== witnessed.rootHash) witnessed = await this.diverged(logId, witnessed, tree, 'rewritten');
          else witnessed = undefined;
        }
      }
      // Written before any checkpoint over these leaves is issued, so a bundle finds every node it needs.
      if (written && !(await written.flush(tree, read < 1_000))) {
        this.options.logger?.warn({ message: "the log's written tree did not match the log: forgotten, and written again from the log", treeSize: tree.size });
        return;
      }
      if (read === 1_000) continue;
      // Caught up, and shorter than what was signed: the log lost signed history (restored from a backup).
      if (witnessed && tree.size < witnessed.treeSize) witnessed = await this.diverged(logId, witnessed, tree, 'shorter');
      const covered = last?.checkpoint.treeSize ?? 0;
      // The last checkpoint's own event is always new to it; only something else calls for another.
      const grown = tree.size - covered - (last ? 1 : 0);
      const due = grown >= this.everyEvents || (grown > 0 && this.now().getTime() - lastIssuedAt >= this.everyMs);
      if (checked && due) {
        last = await this.issue(tree, lastPosition, last);
        lastIssuedAt = Date.parse(last.checkpoint.issuedAt);
      } else {
        await this.loop.idle();
      }
    }
  }

  private async issue(tree: MerkleAccumulator, lastPosition: number | null, previous: StoredCheckpoint | undefined): Promise<StoredCheckpoint> {
    const checkpoint: Checkpoint = {
      origin: this.options.origin,
      treeSize: tree.size,
      rootHash: toHex(tree.root()),
      issuedAt: this.now().toISOString(),
      lastPosition,
    };
    const jws = await this.options.signer.sign(checkpoint);
    const data = { checkpoint, jws, kid: this.options.signer.activeKid, publicKey: this.options.signer.activePublicJwk };
    // Against the previous checkpoint's revision: a rival checkpointer's is StaleRevisionError, and this one looks again.
    const appended = await recordFact(
      this.options.store,
      CHECKPOINT_STREAM,
      { type: CHECKPOINT_EVENT, data: data as unknown as JsonObject, metadata: { now: checkpoint.issuedAt, actor: SYSTEM_ACTOR } },
      { commandId: uuidFrom(`checkpoint/${checkpoint.origin}/${checkpoint.treeSize}`), expectedRevision: previous ? previous.revision : 'no_stream' },
    );
    this.options.logger?.log({ message: 'checkpoint issued', treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash });
    await this.options.witness?.remember(await this.options.store.logId(), { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, issuedAt: checkpoint.issuedAt, jws });
    return { ...data, revision: appended.nextExpectedRevision };
  }

  /**
   * The log no longer holds what was signed: tamper evidence working, not a failure. Said loudly,
   * recorded in the log itself with the checkpoint it no longer matches (signed, so anyone can check
   * it), and then the log as it now is goes on being checkpointed.
   */
  private async diverged(
    logId: string,
    witnessed: WitnessedCheckpoint,
    tree: MerkleAccumulator,
    how: 'shorter' | 'rewritten',
  ): Promise<undefined> {
    const detectedAt = this.now().toISOString();
    const treeSize = tree.size;
    const rootHash = toHex(tree.root());
    this.options.logger?.error({
      message: 'THE LOG HAS DIVERGED FROM ITS LAST SIGNED CHECKPOINT (restored from a backup, or changed): recorded, and checkpointing the log as it now is',
      how,
      signedTreeSize: witnessed.treeSize,
      signedRootHash: witnessed.rootHash,
      signedAt: witnessed.issuedAt,
      logTreeSize: treeSize,
    });
    await recordFact(
      this.options.store,
      DIVERGENCE_STREAM,
      { type: DIVERGENCE_EVENT, data: { how, witnessed: { ...witnessed }, logTreeSize: treeSize, detectedAt }, metadata: { now: detectedAt, actor: SYSTEM_ACTOR } },
      { commandId: uuidFrom(`divergence/${logId}/${witnessed.rootHash}`) },
    );
    // Reported once: from now on the log as it was found is what the next start compares with.
    await this.options.witness?.remember(logId, { treeSize, rootHash, issuedAt: detectedAt, jws: '' });
    return undefined;
  }
}

/** Every public key that has signed a checkpoint in this log (what development setups publish). */
export async function recordedCheckpointKeys(store: EventStore): Promise<PublicJwk[]> {
  const { events } = await store.readStream(CHECKPOINT_STREAM);
  const keys = new Map<string, PublicJwk>();
  for (const e of events) {
    const key = (e.data as unknown as { publicKey?: PublicJwk }).publicKey;
    if (key) keys.set(key.kid, key);
  }
  return [...keys.values()];
}
