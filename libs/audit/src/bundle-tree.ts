import { hasLogTree, nodeKey, type EventStore, type LogTreeStore } from '@app/event-store';
import type { Checkpoint } from './checkpoint';
import { eventLeaf } from './checkpointer';
import { LogIntegrityError } from './bundle.errors';
import { toHex } from './merkle.hash';
import type { SubtreeHash } from './merkle.proofs';
import { perfectSubtrees, subtreeFromPerfect } from './merkle.subtrees';
import { MerkleTree } from './merkle.tree';

/** Where a bundle's proofs come from, for the tree of one checkpoint. */
export interface BundleTree {
  /** `written`: the tree written beside the log (a few nodes read); `log`: the whole log read again. */
  readonly source: 'written' | 'log';
  /** The leaf index of each event of the stream that the tree holds, by position. */
  leafIndexes(): Promise<Map<number, number>>;
  /** Reads what the given subtrees need, then answers MTH(D[lo:hi]) for them. */
  subtrees(ranges: readonly (readonly [number, number])[]): Promise<SubtreeHash>;
}

/**
 * The tree written beside the log when it covers the checkpoint and is of this log; otherwise (the
 * EventStoreDB adapter keeps none; a tree still being written after an upgrade or a rebuild) the
 * whole log up to the checkpoint, read and hashed again, and refused unless it gives the signed root.
 * Neither is trusted: the bundle checks every proof it builds against the signed root.
 */
export async function bundleTree(store: EventStore, checkpoint: Checkpoint, stream: string): Promise<BundleTree> {
  if (hasLogTree(store)) {
    const written = store.logTree();
    const state = await written.state();
    if (state && state.size >= checkpoint.treeSize && state.logId === (await store.logId())) return writtenTree(written, stream);
  }
  return logTree(store, checkpoint, stream);
}

function writtenTree(written: LogTreeStore, stream: string): BundleTree {
  // Asked for now, so that it is read while the caller reads the stream.
  const leaves = written.streamLeaves(stream);
  leaves.catch(() => undefined);
  return {
    source: 'written',
    leafIndexes: () => leaves,
    async subtrees(ranges) {
      const keys = new Map<string, { level: number; index: number }>();
      for (const [lo, hi] of ranges) for (const node of perfectSubtrees(lo, hi)) keys.set(nodeKey(node.level, node.index), node);
      const hashes = await written.nodes([...keys.values()]);
      return (lo, hi) =>
        subtreeFromPerfect(lo, hi, ({ level, index }) => {
          const hash = hashes.get(nodeKey(level, index));
          if (!hash) throw new LogIntegrityError(`The log's written tree lacks node ${index} of level ${level}`);
          return hash;
        });
    },
  };
}

async function logTree(store: EventStore, checkpoint: Checkpoint, stream: string): Promise<BundleTree> {
  const leaves: Uint8Array[] = [];
  const indexOf = new Map<number, number>();
  if (checkpoint.lastPosition !== null) {
    for await (const event of store.readAll({ fromPosition: 0, maxCount: checkpoint.treeSize })) {
      if (event.streamName === stream) indexOf.set(event.position, leaves.length);
      leaves.push(eventLeaf(event));
    }
  }
  const tree = new MerkleTree(leaves);
  if (leaves.length !== checkpoint.treeSize || toHex(tree.root()) !== checkpoint.rootHash) {
    throw new LogIntegrityError(`The log does not hash to the checkpoint of size ${checkpoint.treeSize}`);
  }
  return {
    source: 'log',
    leafIndexes: async () => indexOf,
    subtrees: async () => (lo, hi) => tree.subtreeHash(lo, hi),
  };
}

const PLACEHOLDER = new Uint8Array(32);

/**
 * Runs a proof generator twice: once to learn which subtrees it asks for (answered with a
 * placeholder), then, with those read in one go, for real.
 */
export async function withSubtrees<T>(tree: BundleTree, generate: (subtreeHash: SubtreeHash) => T): Promise<T> {
  const ranges = new Map<string, readonly [number, number]>();
  generate((lo, hi) => {
    ranges.set(`${lo}/${hi}`, [lo, hi]);
    return PLACEHOLDER;
  });
  return generate(await tree.subtrees([...ranges.values()]));
}
