/**
 * Subtrees as the log's written tree stores them: every complete (perfect) node, by level and index
 * within its level; level 0 are the leaves.
 */
import { nodeHash } from './merkle.hash';
import { largestPowerOfTwoBelow } from './merkle.sizes';

export interface NodeAt {
  level: number;
  index: number;
}

/**
 * The perfect subtrees that make up D[lo:hi], left to right, largest first, for a range the recursive
 * definition of MTH reaches (lo a multiple of the first one's width): [lo, hi) in binary. For
 * lo = 0 this is the frontier of a tree of hi leaves.
 */
export function perfectSubtrees(lo: number, hi: number): NodeAt[] {
  const out: NodeAt[] = [];
  for (let at = lo; at < hi; ) {
    let width = 1;
    let level = 0;
    while (at % (width * 2) === 0 && at + width * 2 <= hi) {
      width *= 2;
      level += 1;
    }
    out.push({ level, index: at / width });
    at += width;
  }
  return out;
}

/** MTH(D[lo:hi]) from the hashes of its perfect subtrees (`hashOf`), by the recursive definition. */
export function subtreeFromPerfect(lo: number, hi: number, hashOf: (node: NodeAt) => Uint8Array): Uint8Array {
  const width = hi - lo;
  if (Number.isInteger(Math.log2(width)) && lo % width === 0) return hashOf({ level: Math.log2(width), index: lo / width });
  const k = largestPowerOfTwoBelow(width);
  return nodeHash(subtreeFromPerfect(lo, lo + k, hashOf), subtreeFromPerfect(lo + k, hi, hashOf));
}
