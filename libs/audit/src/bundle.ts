import type { EventStore, RecordedEvent } from '@app/event-store';
import type { CheckpointSigner, PublicJwk } from './checkpoint';
import { eventLeaf, latestCheckpoint, type StoredCheckpoint } from './checkpointer';
import { toHex } from './merkle.hash';
import { MerkleTree } from './merkle.tree';

export const BUNDLE_FORMAT = 'sanctions-audit-bundle/1';

/**
 * An event as bundled. The store's own `recordedAt` is left out (the hash-chained
 * `metadata.recordedAt` is the one that counts); `eventId` and `position` are locators the hash
 * chain does not cover.
 */
export interface BundledEvent extends Omit<RecordedEvent, 'recordedAt'> {
  /** The event's place among all events of the log, in global order (the Merkle leaf index). */
  leafIndex: number | null;
  /** Audit path to the checkpoint's root, lowercase hex; null if recorded after the checkpoint. */
  inclusionProof: string[] | null;
}

export interface AuditBundle {
  format: typeof BUNDLE_FORMAT;
  stream: string;
  generatedAt: string;
  checkpoint: StoredCheckpoint['checkpoint'] & { jws: string; kid: string };
  events: BundledEvent[];
  /** With `?since=<treeSize>`: proof that the checkpoint's tree extends the tree of that size. */
  consistency?: { fromTreeSize: number; proof: string[] };
  /**
   * The service's signed word on what the bundle holds (JWS over the canonical JSON of
   * `{ stream, events, headHash, treeSize, rootHash, generatedAt }`): the tree cannot say which of
   * its leaves belong to a stream, so without this a bundle with its newest events cut off would
   * still verify.
   */
  statement: string;
  /** The service's published keys, for convenience: a court should check them against a JWKS it trusts. */
  keys: PublicJwk[];
}

export class NoCheckpointError extends Error {
  override readonly name = 'NoCheckpointError';
}

/** The log no longer hashes to a checkpoint the service signed: never answer with a bundle then. */
export class LogIntegrityError extends Error {
  override readonly name = 'LogIntegrityError';
}

export class SinceOutOfRangeError extends Error {
  override readonly name = 'SinceOutOfRangeError';
}

/**
 * Everything a court needs to verify one stream offline: every event with full metadata and its
 * hash chain, each event's inclusion proof in the latest signed checkpoint, the checkpoint, and
 * optionally a consistency proof from a checkpoint the court already holds.
 */
export async function buildBundle(
  store: EventStore,
  stream: string,
  options: { since?: number; keys: PublicJwk[]; signer: CheckpointSigner; now: () => Date },
): Promise<AuditBundle> {
  const stored = await latestCheckpoint(store);
  if (!stored) throw new NoCheckpointError('No checkpoint has been issued yet; try again within a minute.');
  const { checkpoint } = stored;
  const leaves: Uint8Array[] = [];
  const indexOf = new Map<number, number>();
  if (checkpoint.lastPosition !== null) {
    for await (const event of store.readAll({ fromPosition: 0, maxCount: checkpoint.treeSize })) {
      indexOf.set(event.position, leaves.length);
      leaves.push(eventLeaf(event));
    }
  }
  const tree = new MerkleTree(leaves);
  if (leaves.length !== checkpoint.treeSize || toHex(tree.root()) !== checkpoint.rootHash) {
    throw new LogIntegrityError(`The log does not hash to the checkpoint of size ${checkpoint.treeSize}`);
  }
  if (options.since !== undefined && (options.since < 1 || options.since > checkpoint.treeSize)) {
    throw new SinceOutOfRangeError(`since must be a tree size between 1 and ${checkpoint.treeSize}`);
  }
  const { events } = await store.readStream(stream);
  const generatedAt = options.now().toISOString();
  const statement = await options.signer.signStatement({
    stream,
    events: events.length,
    headHash: events.at(-1)?.metadata.hash ?? null,
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
    generatedAt,
  });
  return {
    format: BUNDLE_FORMAT,
    stream,
    generatedAt,
    statement,
    checkpoint: { ...checkpoint, jws: stored.jws, kid: stored.kid },
    events: events.map(({ recordedAt: _storeClock, ...event }) => {
      const leafIndex = indexOf.get(event.position);
      return leafIndex === undefined
        ? { ...event, leafIndex: null, inclusionProof: null }
        : { ...event, leafIndex, inclusionProof: tree.inclusionProof(leafIndex).map(toHex) };
    }),
    ...(options.since !== undefined ? { consistency: { fromTreeSize: options.since, proof: tree.consistencyProof(options.since).map(toHex) } } : {}),
    keys: options.keys,
  };
}
