import { assertHash, emptyRoot, nodeHash } from './merkle.hash';
import { half, isOdd, isSize } from './merkle.sizes';

/**
 * Computes the root of a growing log one leaf at a time in O(log n) memory, without keeping the leaves:
 * after each {@link append}, {@link root} equals `rootOf` of all the leaf hashes appended so far.
 *
 * State (the "frontier", or compact range [0, size)): write size = 2^a + 2^b + … with a > b > …. The
 * first `size` leaves split into perfect subtrees of 2^a, 2^b, … leaves, left to right; these are
 * exactly the subtrees the recursive definition of MTH puts on the left at each step. The accumulator
 * keeps one hash per subtree, indexed by its height, i.e. one per 1-bit of `size`.
 *
 * Append: like incrementing a binary counter. The new leaf is a subtree of height 0; while a subtree of
 * the same height is already held (a carry), merge the two, the held one on the left
 * (nodeHash(held, new)), and move one height up; store the result in the first free height. Amortised
 * one node hash per leaf, at most ceil(log2(size + 1)).
 *
 * Root: MTH = nodeHash(P_a, nodeHash(P_b, … nodeHash(P_y, P_z))) for the held subtrees P from the
 * tallest to the smallest, so fold from the smallest up: r = P_z, then r = nodeHash(P, r) for each taller
 * P. No hashing when size is a power of two (the single subtree is the root); EMPTY_ROOT when size is 0.
 *
 * {@link frontier} and {@link MerkleAccumulator.fromFrontier} persist and restore the state, so that a
 * checkpointer can resume from its last checkpoint instead of rereading the log.
 */
export class MerkleAccumulator {
  private count = 0;
  /** subtrees[h]: hash of the held perfect subtree of 2^h leaves, present iff bit h of `count` is set. */
  private readonly subtrees: (Uint8Array | undefined)[] = [];

  /** Number of leaves appended so far. */
  get size(): number {
    return this.count;
  }

  /**
   * Appends the next leaf hash (from `leafHash`). `completed` is told of every interior node the leaf
   * completes (each carry), lowest first: the node of 2^height leaves that ends with this leaf.
   */
  append(hash: Uint8Array, completed?: (height: number, hash: Uint8Array) => void): void {
    assertHash(hash, 'leaf hash');
    if (this.count === Number.MAX_SAFE_INTEGER) throw new RangeError('tree size limit reached');
    let carry: Uint8Array = hash.slice();
    let height = 0;
    for (let held = this.subtrees[height]; held !== undefined; held = this.subtrees[height]) {
      carry = nodeHash(held, carry);
      this.subtrees[height] = undefined;
      height++;
      completed?.(height, carry);
    }
    this.subtrees[height] = carry;
    this.count++;
  }

  /** MTH of all leaves appended so far. */
  root(): Uint8Array {
    let root: Uint8Array | undefined;
    for (const held of this.subtrees) {
      if (held !== undefined) root = root === undefined ? held.slice() : nodeHash(held, root);
    }
    return root ?? emptyRoot();
  }

  /**
   * The held subtree hashes from left to right (tallest first): one per 1-bit of `size`. Together with
   * `size` this is the whole state.
   */
  frontier(): Uint8Array[] {
    const hashes: Uint8Array[] = [];
    for (let height = this.subtrees.length - 1; height >= 0; height--) {
      const held = this.subtrees[height];
      if (held !== undefined) hashes.push(held.slice());
    }
    return hashes;
  }

  /**
   * Restores an accumulator from its `size` and {@link frontier}. Throws a RangeError if the number of
   * hashes is not the number of 1-bits of `size`, a TypeError if one is not 32 bytes. (The hashes
   * themselves cannot be checked: store them with, or check them against, a signed root.)
   */
  static fromFrontier(size: number, frontier: readonly Uint8Array[]): MerkleAccumulator {
    if (!isSize(size)) throw new RangeError(`invalid tree size ${size}`);
    const heights: number[] = [];
    for (let rest = size, height = 0; rest > 0; rest = half(rest), height++) {
      if (isOdd(rest)) heights.unshift(height);
    }
    if (heights.length !== frontier.length) {
      throw new RangeError(`a tree of size ${size} has a frontier of ${heights.length} hashes, not ${frontier.length}`);
    }
    const accumulator = new MerkleAccumulator();
    frontier.forEach((hash, i) => {
      assertHash(hash, `frontier[${i}]`);
      accumulator.subtrees[heights[i]] = hash.slice();
    });
    accumulator.count = size;
    return accumulator;
  }

  /** An independent copy. */
  clone(): MerkleAccumulator {
    return MerkleAccumulator.fromFrontier(this.count, this.frontier());
  }
}
