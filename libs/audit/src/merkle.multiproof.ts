/**
 * One proof for many leaves of the same tree (bundle format 2): instead of an audit path per leaf,
 * which repeats the nodes the paths share, the fewest subtree hashes from which the root can be
 * rebuilt together with the leaves themselves.
 *
 * Defined on the recursive shape of RFC 6962 §2.1, for a set S of leaf indexes (non-empty, below n):
 *
 *     MULTIPROOF(S, D[lo:hi]) = {MTH(D[lo:hi])}                                      if no index of S is in [lo, hi)
 *     MULTIPROOF(S, D[lo:hi]) = {}                                                   if hi - lo = 1 (the leaf is in S)
 *     MULTIPROOF(S, D[lo:hi]) = MULTIPROOF(S, D[lo:lo+k]) : MULTIPROOF(S, D[lo+k:hi]) otherwise,
 *
 * k the largest power of two smaller than hi - lo, and the proof is MULTIPROOF(S, D[0:n]): the
 * hashes of the maximal subtrees holding no leaf of S, depth first, left to right. The verifier
 * walks the same recursion, taking the next proof hash wherever S has no leaf and the next leaf
 * hash where the range is one leaf of S, and hashes its way up to the root.
 */
import { bytesEqual, isHash, nodeHash } from './merkle.hash';
import type { SubtreeHash } from './merkle.proofs';
import { isSize, largestPowerOfTwoBelow } from './merkle.sizes';

/** MULTIPROOF(S, D[treeSize]) for S = `indexes` (strictly increasing, each below treeSize). */
export function multiproofFrom(subtreeHash: SubtreeHash, indexes: readonly number[], treeSize: number): Uint8Array[] {
  if (indexes.length === 0) throw new RangeError('a multiproof needs at least one leaf');
  indexes.forEach((index, i) => {
    if (!isSize(index) || index >= treeSize || (i > 0 && index <= indexes[i - 1])) {
      throw new RangeError(`leaf indexes must increase strictly and stay below ${treeSize}; ${index} at ${i} does not`);
    }
  });
  const proof: Uint8Array[] = [];
  let next = 0; // the first index of S not yet passed
  const walk = (lo: number, hi: number): void => {
    if (next === indexes.length || indexes[next] >= hi) {
      proof.push(subtreeHash(lo, hi));
    } else if (hi - lo === 1) {
      next += 1;
    } else {
      const k = largestPowerOfTwoBelow(hi - lo);
      walk(lo, lo + k);
      walk(lo + k, hi);
    }
  };
  walk(0, treeSize);
  return proof;
}

/**
 * The root that `leaves` (by index, strictly increasing) and `proof` give for a tree of `treeSize`
 * leaves, or undefined if they do not fit together (an index out of order or range, a proof too
 * short or too long, a hash not 32 bytes).
 */
export function rootFromMultiproof(
  leaves: readonly { index: number; hash: Uint8Array }[],
  treeSize: number,
  proof: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!isSize(treeSize) || treeSize === 0 || leaves.length === 0 || !proof.every(isHash)) return undefined;
  for (let i = 0; i < leaves.length; i++) {
    const { index, hash } = leaves[i];
    if (!isSize(index) || index >= treeSize || (i > 0 && index <= leaves[i - 1].index) || !isHash(hash)) return undefined;
  }
  let leaf = 0;
  let taken = 0;
  const walk = (lo: number, hi: number): Uint8Array | undefined => {
    if (leaf === leaves.length || leaves[leaf].index >= hi) return proof[taken++];
    if (hi - lo === 1) return leaves[leaf++].hash;
    const k = largestPowerOfTwoBelow(hi - lo);
    const left = walk(lo, lo + k);
    const right = left && walk(lo + k, hi);
    return right && nodeHash(left, right);
  };
  const root = walk(0, treeSize);
  return root && taken === proof.length ? root : undefined;
}

/** Whether `leaves` and `proof` rebuild exactly `root`. */
export function verifyMultiproof(
  leaves: readonly { index: number; hash: Uint8Array }[],
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const rebuilt = rootFromMultiproof(leaves, treeSize, proof);
  return rebuilt !== undefined && bytesEqual(rebuilt, root);
}
