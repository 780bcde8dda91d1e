import type { LogTreeLeaf, LogTreeNode, LogTreeStore } from '@app/event-store';
import { nodeKey } from '@app/event-store';
import { bytesEqual } from './merkle.hash';
import type { MerkleAccumulator } from './merkle.accumulator';
import { perfectSubtrees } from './merkle.subtrees';

interface Pending<T> {
  entry: T;
  /** The leaf that completed it: what a rival writer may already have written. */
  last: number;
}

/**
 * Writes down the log's tree as the checkpointer folds the log (leaf by leaf, in global order): each
 * leaf and every interior node it completes, one batch per page read, before any checkpoint over
 * them is issued. What is already written is not written again: the first time the fold reaches the
 * written size, the written frontier (O(log n) nodes) is compared with the fold's; a tree of another
 * log, one that differs from the log, or one longer than the log is forgotten, and the next pass
 * writes it again from the log.
 */
export class LogTreeWriter {
  private leaves: Pending<LogTreeLeaf>[] = [];
  private nodes: Pending<LogTreeNode>[] = [];
  /** The fold's frontier when it reached the written size, until compared with the written one. */
  private toCompare: Uint8Array[] | undefined;

  private constructor(
    private readonly store: LogTreeStore,
    private readonly logId: string,
    private written: number,
  ) {}

  static async open(store: LogTreeStore, logId: string): Promise<LogTreeWriter> {
    const state = await store.state();
    if (state && state.logId !== logId) {
      await store.reset();
      return new LogTreeWriter(store, logId, 0);
    }
    return new LogTreeWriter(store, logId, state?.size ?? 0);
  }

  /** Leaves written so far (as far as this writer knows). */
  get size(): number {
    return this.written;
  }

  /** What to pass to `MerkleAccumulator.append` for leaf `index`: records the interior nodes it completes. */
  completes(index: number): (height: number, hash: Uint8Array) => void {
    return (height, hash) => {
      if (index >= this.written) this.nodes.push({ entry: { level: height, index: (index + 1) / 2 ** height - 1, hash }, last: index });
    };
  }

  /** After `tree.append` of leaf `index` (the event at `position`). */
  appended(index: number, position: number, hash: Uint8Array, tree: MerkleAccumulator): void {
    if (index >= this.written) this.leaves.push({ entry: { index, position, hash }, last: index });
    else if (tree.size === this.written) this.toCompare = tree.frontier();
  }

  /**
   * Writes what the page added. False when the written tree was found not to match the log (it is
   * then forgotten) or was reset by someone else: fold again from the start.
   */
  async flush(tree: MerkleAccumulator, caughtUp: boolean): Promise<boolean> {
    if (this.toCompare) {
      const compare = this.toCompare;
      this.toCompare = undefined;
      if (!(await this.frontierMatches(this.written, compare))) return this.forget();
    }
    if (caughtUp && tree.size < this.written) return this.forget();
    for (let attempt = 0; attempt < 3 && this.leaves.length > 0; attempt++) {
      const fromSize = this.written;
      const leaves = this.leaves.map((p) => p.entry);
      if (await this.store.append({ logId: this.logId, fromSize, leaves, nodes: this.nodes.map((p) => p.entry) })) {
        this.written += leaves.length;
        this.leaves = [];
        this.nodes = [];
        return true;
      }
      // A rival writer (another worker's checkpointer) got there first, with the same hashes: keep what it has not written.
      const state = await this.store.state();
      if (!state || state.logId !== this.logId || state.size < fromSize) return false;
      this.written = state.size;
      this.leaves = this.leaves.filter((p) => p.last >= state.size);
      this.nodes = this.nodes.filter((p) => p.last >= state.size);
    }
    return this.leaves.length === 0;
  }

  private async frontierMatches(size: number, frontier: readonly Uint8Array[]): Promise<boolean> {
    const keys = perfectSubtrees(0, size);
    const stored = await this.store.nodes(keys);
    return keys.length === frontier.length && keys.every((k, i) => {
      const hash = stored.get(nodeKey(k.level, k.index));
      return hash !== undefined && bytesEqual(hash, frontier[i]);
    });
  }

  private async forget(): Promise<false> {
    await this.store.reset();
    this.written = 0;
    this.leaves = [];
    this.nodes = [];
    return false;
  }
}
