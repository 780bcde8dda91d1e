/**
 * The Merkle tree of the log kept beside it (issue 16): what the checkpointer folds, written down as
 * it goes, so that a court bundle reads its stream and a few nodes instead of the whole log. Derived
 * data: rebuildable from the log, and never trusted over it (libs/audit checks every proof it builds
 * from these hashes against a signed root). The store keeps hashes; what they mean is libs/audit's.
 */

/** One leaf: the event at `position` is leaf `index` of the tree (its place in global order). */
export interface LogTreeLeaf {
  index: number;
  position: number;
  /** 32 bytes. */
  hash: Uint8Array;
}

/** A complete interior node: the `index`-th node of `level` (>= 1), over leaves [index·2^level, (index+1)·2^level). */
export interface LogTreeNode {
  level: number;
  index: number;
  /** 32 bytes. */
  hash: Uint8Array;
}

/** How far the written tree goes, and over which log. */
export interface LogTreeState {
  logId: string;
  /** Leaves written: [0, size). */
  size: number;
}

export interface LogTreeAppend {
  logId: string;
  /** The state's size this batch follows; the batch's leaves are [fromSize, fromSize + leaves.length). */
  fromSize: number;
  leaves: readonly LogTreeLeaf[];
  /** The interior nodes these leaves complete. */
  nodes: readonly LogTreeNode[];
}

export interface LogTreeStore {
  state(): Promise<LogTreeState | undefined>;
  /**
   * Writes a batch and moves the state to its end, atomically. Refused (false, nothing written) unless
   * the state is `fromSize` leaves of `logId` (or there is none and `fromSize` is 0): a rival writer
   * got there first, with the same hashes.
   */
  append(batch: LogTreeAppend): Promise<boolean>;
  /** The leaf index of each event of `stream` that has one, by the event's position. */
  streamLeaves(stream: string): Promise<Map<number, number>>;
  /** The hashes of the given nodes (level 0: leaves), keyed `${level}/${index}`; absent ones left out. */
  nodes(keys: readonly { level: number; index: number }[]): Promise<Map<string, Uint8Array>>;
  /** Forgets the whole tree: the next fold writes it again from the log. */
  reset(): Promise<void>;
}

/** A store that keeps the log's tree in its own database (the PostgreSQL and PGlite adapters). */
export interface HasLogTree {
  logTree(): LogTreeStore;
}

export const nodeKey = (level: number, index: number): string => `${level}/${index}`;

export function hasLogTree(store: object): store is HasLogTree {
  return typeof (store as Partial<HasLogTree>).logTree === 'function';
}
