import type { EventStore, RecordedEvent } from '@app/event-store';
import { bundleTree, withSubtrees } from './bundle-tree';
import { LogIntegrityError, NoCheckpointError, SinceOutOfRangeError } from './bundle.errors';
import type { CheckpointSigner, PublicJwk } from './checkpoint';
import { eventLeaf, latestCheckpoint, type StoredCheckpoint } from './checkpointer';
import { fromHex, toHex } from './merkle.hash';
import { multiproofFrom, verifyMultiproof } from './merkle.multiproof';
import { consistencyProofFrom, inclusionProofFrom, verifyConsistency, verifyInclusion } from './merkle.proofs';

export { LogIntegrityError, NoCheckpointError, SinceOutOfRangeError } from './bundle.errors';

/** Format 2: one multiproof for all of the stream's leaves. What the service answers unless asked otherwise. */
export const BUNDLE_FORMAT = 'sanctions-audit-bundle/2';
/** Format 1: an inclusion proof per event. Still served on request (`?format=1`), and still verified. */
export const BUNDLE_FORMAT_V1 = 'sanctions-audit-bundle/1';
export type BundleVersion = 1 | 2;

/**
 * An event as bundled. The store's own `recordedAt` is left out (the hash-chained
 * `metadata.recordedAt` is the one that counts); `eventId` and `position` are locators the hash
 * chain does not cover.
 */
export interface BundledEvent extends Omit<RecordedEvent, 'recordedAt'> {
  /** The event's place among all events of the log, in global order (the Merkle leaf index); null if recorded after the checkpoint. */
  leafIndex: number | null;
}

export interface BundledEventV1 extends BundledEvent {
  /** Audit path to the checkpoint's root, lowercase hex; null if recorded after the checkpoint. */
  inclusionProof: string[] | null;
}

interface BundleCommon {
  stream: string;
  generatedAt: string;
  checkpoint: StoredCheckpoint['checkpoint'] & { jws: string; kid: string };
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

export interface AuditBundleV2 extends BundleCommon {
  format: typeof BUNDLE_FORMAT;
  events: BundledEvent[];
  /**
   * MULTIPROOF of the events' leaves (those with a leafIndex) in the checkpoint's tree, lowercase
   * hex: the hashes of the largest subtrees holding none of them, depth first, left to right (see
   * merkle.multiproof.ts); empty when no event is covered yet.
   */
  multiproof: string[];
}

export interface AuditBundleV1 extends BundleCommon {
  format: typeof BUNDLE_FORMAT_V1;
  events: BundledEventV1[];
}

export type AuditBundle = AuditBundleV1 | AuditBundleV2;

export interface BundleOptions {
  since?: number;
  keys: PublicJwk[];
  signer: CheckpointSigner;
  now: () => Date;
  /** Default 2. */
  format?: BundleVersion;
}

/**
 * Everything a court needs to verify one stream offline: every event with full metadata and its
 * hash chain, proof of their inclusion in the latest signed checkpoint (one multiproof; an
 * inclusion proof per event in format 1), the checkpoint, and optionally a consistency proof from a
 * checkpoint the court already holds.
 *
 * Reads the stream, the checkpoint stream's last event, and the nodes the proofs need from the tree
 * written beside the log (bundle-tree.ts; the whole log where none covers the checkpoint). Every
 * proof is checked against the signed root before it is served: a tree or a log that no longer gives
 * that root is LogIntegrityError, never a bundle that does not verify.
 */
export async function buildBundle(store: EventStore, stream: string, options: BundleOptions): Promise<AuditBundle> {
  const stored = await latestCheckpoint(store);
  if (!stored) throw new NoCheckpointError('No checkpoint has been issued yet; try again within a minute.');
  const { checkpoint } = stored;
  const { since } = options;
  if (since !== undefined && (since < 1 || since > checkpoint.treeSize)) {
    throw new SinceOutOfRangeError(`since must be a tree size between 1 and ${checkpoint.treeSize}`);
  }
  const [{ events }, tree] = await Promise.all([store.readStream(stream), bundleTree(store, checkpoint, stream)]);
  const size = checkpoint.treeSize;
  const root = fromHex(checkpoint.rootHash);
  const covered = checkpoint.lastPosition === null ? [] : events.filter((e) => e.position <= checkpoint.lastPosition!);
  const indexes = await tree.leafIndexes();
  const leaves = covered.map((event) => {
    const index = indexes.get(event.position);
    if (index === undefined) throw new LogIntegrityError(`Event ${event.eventId} was recorded before the checkpoint of size ${size} but is not in its tree`);
    return { index, hash: eventLeaf(event) };
  });
  const refuse = (what: string) => new LogIntegrityError(`The log's tree (${tree.source}) does not give the checkpoint's root of size ${size}: ${what}`);
  // The stream's leaves come in log order, inside the tree; anything else is a tree not to be trusted.
  if (leaves.some((leaf, i) => leaf.index >= size || (i > 0 && leaf.index <= leaves[i - 1].index))) throw refuse('leaf indexes out of order or range');

  const consistency =
    since === undefined
      ? undefined
      : await withSubtrees(tree, (subtree) => ({ proof: consistencyProofFrom(subtree, since, size), oldRoot: subtree(0, since) })).then(({ proof, oldRoot }) => {
          if (!verifyConsistency(since, size, oldRoot, root, proof)) throw refuse(`the consistency proof from ${since}`);
          return { fromTreeSize: since, proof: proof.map(toHex) };
        });

  const generatedAt = options.now().toISOString();
  const statement = await options.signer.signStatement({
    stream,
    events: events.length,
    headHash: events.at(-1)?.metadata.hash ?? null,
    treeSize: size,
    rootHash: checkpoint.rootHash,
    generatedAt,
  });
  const common = {
    stream,
    generatedAt,
    statement,
    checkpoint: { ...checkpoint, jws: stored.jws, kid: stored.kid },
    ...(consistency ? { consistency } : {}),
    keys: options.keys,
  };
  const bundled = (event: RecordedEvent, i: number): BundledEvent => {
    const { recordedAt: _storeClock, ...rest } = event;
    return { ...rest, leafIndex: i < leaves.length ? leaves[i].index : null };
  };

  if (options.format === 1) {
    const paths = await withSubtrees(tree, (subtree) => leaves.map((leaf) => inclusionProofFrom(subtree, leaf.index, size)));
    leaves.forEach((leaf, i) => {
      if (!verifyInclusion(leaf.hash, leaf.index, size, paths[i], root)) throw refuse(`the inclusion proof of leaf ${leaf.index}`);
    });
    return {
      format: BUNDLE_FORMAT_V1,
      ...common,
      events: events.map((event, i) => ({ ...bundled(event, i), inclusionProof: i < paths.length ? paths[i].map(toHex) : null })),
    };
  }
  const multiproof = leaves.length === 0 ? [] : await withSubtrees(tree, (subtree) => multiproofFrom(subtree, leaves.map((l) => l.index), size));
  if (leaves.length > 0 && !verifyMultiproof(leaves, size, multiproof, root)) throw refuse('the multiproof of the stream');
  return { format: BUNDLE_FORMAT, ...common, events: events.map(bundled), multiproof: multiproof.map(toHex) };
}
