/**
 * Inclusion proofs (audit paths) and consistency proofs over the Merkle trees of merkle.tree.ts: how
 * RFC 6962 §2.1.1 and §2.1.2 define them, and their verification by the algorithms of RFC 9162
 * §2.1.3.2 and §2.1.4.2.
 */
import { bytesEqual, isEmptyRoot, isHash, nodeHash } from './merkle.hash';
import { half, isOdd, isPowerOfTwo, isSize, largestPowerOfTwoBelow } from './merkle.sizes';

/** MTH(D[lo:hi]) of the tree a proof is taken from, for any subtree its recursive definition reaches. */
export type SubtreeHash = (lo: number, hi: number) => Uint8Array;

/**
 * PATH(m, D[treeSize]) for m = `index` (RFC 6962 §2.1.1), from the tree whose subtrees `subtreeHash`
 * gives. Defined by
 *
 *     PATH(0, {d[0]}) = {}
 *     PATH(m, D[n])   = PATH(m, D[0:k]) : MTH(D[k:n])      if m < k
 *     PATH(m, D[n])   = PATH(m - k, D[k:n]) : MTH(D[0:k])  if m >= k
 *
 * with k the largest power of two smaller than n and ":" appending. So the path lists, from the bottom
 * up, the sibling of every node on the way from the leaf to the root: ceil(log2 n) hashes at most,
 * fewer where the leaf's ancestors were promoted without a sibling. Computed here by walking down from
 * the root and reversing. Throws a RangeError unless 0 <= index < treeSize.
 */
export function inclusionProofFrom(subtreeHash: SubtreeHash, index: number, treeSize: number): Uint8Array[] {
  if (!isSize(index) || index >= treeSize) {
    throw new RangeError(`leaf index ${index} is not in a tree of size ${treeSize}`);
  }
  const siblings: Uint8Array[] = [];
  let lo = 0;
  let hi = treeSize;
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      siblings.push(subtreeHash(lo + k, hi));
      hi = lo + k;
    } else {
      siblings.push(subtreeHash(lo, lo + k));
      lo += k;
    }
  }
  return siblings.reverse();
}

/**
 * PROOF(m, D[n]) for m = `oldSize`, n = `newSize`, per RFC 6962 §2.1.2, from the tree whose subtrees
 * `subtreeHash` gives. PROOF(m, D[n]) = SUBPROOF(m, D[n], true), where b records whether the subtree
 * being descended into is still one the verifier knows the hash of (its root is the old root):
 *
 *     SUBPROOF(m, D[m], true)  = {}
 *     SUBPROOF(m, D[m], false) = {MTH(D[m])}
 *     SUBPROOF(m, D[n], b)     = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])          if m <= k
 *     SUBPROOF(m, D[n], b)     = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])  if m > k
 *
 * for m < n, k the largest power of two smaller than n. The proof thus starts with the largest perfect
 * subtree ending at leaf m - 1 (left out when m is a power of two: it is the old root itself) and
 * continues upward with the siblings needed to rebuild both roots; at most about 2·log2 n hashes.
 *
 * Cases outside 0 < m < n: m = n gives the empty proof (as SUBPROOF(m, D[m], true)); m = 0 also gives
 * the empty proof: RFC 9162 defines no proof from the empty tree, which is a prefix of every tree, and
 * {@link verifyConsistency} accepts it only with the empty root as the old root. Throws a RangeError
 * unless 0 <= oldSize <= newSize.
 */
export function consistencyProofFrom(subtreeHash: SubtreeHash, oldSize: number, newSize: number): Uint8Array[] {
  if (!isSize(oldSize) || oldSize > newSize) {
    throw new RangeError(`oldSize ${oldSize} is not between 0 and newSize ${newSize}`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  const siblings: Uint8Array[] = [];
  let lo = 0;
  let hi = newSize;
  let m = oldSize; // leaves of the old tree inside [lo, hi): it covers [lo, lo + m)
  let known = true; // SUBPROOF's b
  while (m !== hi - lo) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (m <= k) {
      siblings.push(subtreeHash(lo + k, hi));
      hi = lo + k;
    } else {
      siblings.push(subtreeHash(lo, lo + k));
      lo += k;
      m -= k;
      known = false;
    }
  }
  const proof = known ? [] : [subtreeHash(lo, hi)];
  return proof.concat(siblings.reverse());
}

/**
 * Verifies that `leafHash` is the leaf at `index` of the tree of size `treeSize` whose root is `root`,
 * using the audit path `proof` (ordered from the leaf's sibling up to the root's child, as
 * `inclusionProof` produces it). This is the algorithm of RFC 9162 §2.1.3.2:
 *
 *  1. If index >= treeSize, fail.
 *  2. Set fn = index (the position of the current node among its level) and sn = treeSize - 1 (the
 *     position of the last node of that level), and r = leafHash.
 *  3. For each p in proof, in order:
 *     a. If sn = 0, fail: the path is already at the root, so the proof is too long.
 *     b. If fn is odd, or fn = sn: p is a left sibling. Set r = nodeHash(p, r). Then, if fn is even
 *        (the case fn = sn: the current node is the last of its level and has no right sibling, so it
 *        was promoted unchanged), shift fn and sn right by one until fn is odd or fn = 0; each such
 *        shift climbs one level where the node had no sibling.
 *     c. Otherwise p is a right sibling: set r = nodeHash(r, p).
 *     d. Shift fn and sn right by one (go up one level).
 *  4. Succeed if and only if sn = 0 (the proof reached the root: not too short) and r = root.
 *
 * Here "shift right" is floor division by two. Also fails, rather than throwing, on a non-integer or
 * negative index or size, and on any hash that is not 32 bytes.
 *
 * What the proof cannot do: the shape of the computation depends on (index, treeSize) only through the
 * left/right pattern above, so a wrong `treeSize` whose path has the same pattern (leaf 5 of 7 and leaf 5
 * of 8, for instance) yields the same r and is accepted. No verifier can tell those sizes apart from the
 * proof alone; the size must come from the same signed checkpoint as the root. Every other wrong size is
 * rejected.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isSize(index) || !isSize(treeSize) || index >= treeSize) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * Verifies that the tree of size `oldSize` with root `oldRoot` is a prefix of the tree of size `newSize`
 * with root `newRoot`, given the consistency proof `proof` (as `consistencyProof` produces it).
 *
 * For 0 < oldSize < newSize this is the algorithm of RFC 9162 §2.1.4.2:
 *
 *  1. If proof is empty, fail.
 *  2. If oldSize is an exact power of two, prepend oldRoot to the proof. (The old tree is then a single
 *     perfect subtree of the new one, so the generator leaves its hash out: the verifier has it.)
 *  3. Set fn = oldSize - 1 (the old tree's last leaf) and sn = newSize - 1 (the new tree's last leaf).
 *  4. If fn is odd, shift fn and sn right by one until fn is even. (This climbs to the first proof
 *     element: the largest perfect subtree that ends at the old tree's last leaf.)
 *  5. Set both fr (the old root being rebuilt) and sr (the new root being rebuilt) to the first element.
 *  6. For each subsequent element c:
 *     a. If sn = 0, fail: the proof is too long.
 *     b. If fn is odd, or fn = sn: c is a left sibling in both trees. Set fr = nodeHash(c, fr) and
 *        sr = nodeHash(c, sr). Then, if fn is even, shift fn and sn right by one until fn is odd or
 *        fn = 0 (levels where the old tree's right edge had no sibling).
 *     c. Otherwise c is a right sibling that only the new tree has: set sr = nodeHash(sr, c).
 *     d. Shift fn and sn right by one.
 *  7. Succeed if and only if fr = oldRoot, sr = newRoot and sn = 0 (the proof was not too short).
 *
 * RFC 9162 defines proofs only for 0 < oldSize < newSize. The other cases, as this module decides them
 * (and as {@link consistencyProofFrom} generates them):
 *
 *  - oldSize = newSize: the proof must be empty and oldRoot must equal newRoot (RFC 6962's
 *    PROOF(n, D[n]) is empty). With both sizes 0, both roots must also be `EMPTY_ROOT`.
 *  - oldSize = 0 < newSize: the empty tree is a prefix of every tree, so the proof must be empty and
 *    oldRoot must be `EMPTY_ROOT`; newRoot is not constrained (any 32-byte hash). A verifier holding
 *    a size-0 checkpoint learns nothing from the new one but must not be fed a bogus "empty" root.
 *  - oldSize > newSize, a negative or non-integer size, or any hash that is not 32 bytes: fail.
 *
 * As with {@link verifyInclusion}, sizes that give the same left/right pattern (6→8 and 6→7, say) cannot
 * be told apart by the proof; the sizes must come signed with the roots.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || oldSize > newSize) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  if (oldSize === newSize) {
    return proof.length === 0 && bytesEqual(oldRoot, newRoot) && (oldSize > 0 || isEmptyRoot(oldRoot));
  }
  if (oldSize === 0) return proof.length === 0 && isEmptyRoot(oldRoot);

  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}
