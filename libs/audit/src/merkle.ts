/**
 * Merkle trees of the log, as Certificate Transparency defines them: RFC 6962 §2.1 (hashes, audit paths,
 * consistency proofs) with the verification algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2.
 *
 * Everything here works on 32-byte SHA-256 hashes held in `Uint8Array`s, and on tree sizes and leaf
 * indexes given as non-negative safe integers (no bit operators are used on them, so sizes beyond 2^32
 * are handled exactly).
 *
 * ## The tree
 *
 * The leaves are the log's entries d[0], …, d[n-1], in order. Writing D[a:b] for the entries
 * d[a], …, d[b-1] and || for concatenation, the Merkle Tree Hash MTH of a list is
 *
 *     MTH({})       = SHA-256()                                  (the empty string: EMPTY_ROOT)
 *     MTH({d[0]})   = SHA-256(0x00 || d[0])                      (leafHash)
 *     MTH(D[0:n])   = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])) (nodeHash), n > 1,
 *                     where k is the largest power of two smaller than n (k < n <= 2k).
 *
 * The 0x00 / 0x01 prefixes separate leaves from interior nodes, so no leaf can be passed off as a
 * subtree or the other way round (second-preimage protection). The left subtree of every node is thus
 * perfect (a power of two of leaves) and only the right edge of the tree can be ragged. For n = 7:
 *
 *                  root = MTH(D[0:7])
 *                /                    \
 *         MTH(D[0:4])             MTH(D[4:7])
 *         /        \              /        \
 *    MTH(D[0:2]) MTH(D[2:4]) MTH(D[4:6])   d6      <- d6 is "promoted": it has no sibling at this level
 *     /    \      /    \      /    \
 *    d0    d1    d2    d3    d4    d5
 *
 * The same tree can be computed level by level: hash the leaves, then repeatedly replace each level by
 * the node hashes of its pairs (0,1), (2,3), …, carrying an odd last element up unchanged. By induction,
 * element j of level l is then MTH(D[j·2^l : min((j+1)·2^l, n)]), which is exactly the subtree the
 * recursive definition reaches, so both give the same root. The level-by-level form costs n - 1 node
 * hashes and is what {@link rootOf} and {@link MerkleTree} use; the recursive form is the one the proofs
 * below are defined in.
 *
 * All functions in this module take *leaf hashes* (the output of {@link leafHash}), never raw entries.
 */
import * as nodeCrypto from 'node:crypto';

/** Size in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** One-shot SHA-256, as a plain Uint8Array. `crypto.hash` (Node >= 20.12) avoids a Hash object per call. */
const sha256: (data: Uint8Array) => Uint8Array =
  typeof nodeCrypto.hash === 'function'
    ? (data) => plain(nodeCrypto.hash('sha256', data, 'buffer'))
    : (data) => plain(nodeCrypto.createHash('sha256').update(data).digest());

/** A Buffer viewed as a plain Uint8Array (same memory), so callers never see two byte-array types. */
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Private copy of the empty root, for comparisons that callers cannot disturb by writing into EMPTY_ROOT. */
const EMPTY = sha256(new Uint8Array(0));

/**
 * MTH of the empty tree: SHA-256 of the empty string, e3b0c442…b855. (A typed array cannot be frozen:
 * treat it as read-only. Functions returning the empty root return fresh copies.)
 */
export const EMPTY_ROOT: Uint8Array = EMPTY.slice();

/** The hash of a leaf: SHA-256(0x00 || data), where `data` is the raw log entry. */
export function leafHash(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return sha256(input);
}

/** The hash of an interior node: SHA-256(0x01 || left || right), for two 32-byte child hashes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  assertHash(left, 'left');
  assertHash(right, 'right');
  const input = new Uint8Array(1 + 2 * HASH_SIZE);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + HASH_SIZE);
  return sha256(input);
}

/**
 * MTH(D[0:n]) of the given leaf hashes (RFC 6962 §2.1), {@link EMPTY_ROOT} for none. Computed level by
 * level (see the module comment): n - 1 node hashes, O(n) time and memory.
 */
export function rootOf(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return EMPTY.slice();
  let level = packLeaves(leafHashes);
  let count = leafHashes.length;
  while (count > 1) {
    level = parentLevel(level, count);
    count = Math.ceil(count / 2);
  }
  return level;
}

/**
 * The audit path PATH(m, D[n]) of leaf `index` (= m) in the tree of all `leafHashes` (RFC 6962 §2.1.1).
 * See {@link MerkleTree.inclusionProof}. Builds the whole tree: O(n); to serve many proofs over the same
 * leaves, build a {@link MerkleTree} once.
 */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  return new MerkleTree(leafHashes).inclusionProof(index);
}

/**
 * The consistency proof PROOF(m, D[n]) between the tree of the first `oldSize` (= m) leaf hashes and the
 * tree of all n of them (RFC 6962 §2.1.2). See {@link MerkleTree.consistencyProof} for the definition and
 * for the cases m = n and m = 0 (both give an empty proof). O(n).
 */
export function consistencyProof(leafHashes: readonly Uint8Array[], oldSize: number): Uint8Array[] {
  return new MerkleTree(leafHashes).consistencyProof(oldSize);
}

/**
 * Verifies that `leafHash` is the leaf at `index` of the tree of size `treeSize` whose root is `root`,
 * using the audit path `proof` (ordered from the leaf's sibling up to the root's child, as
 * {@link inclusionProof} produces it). This is the algorithm of RFC 9162 §2.1.3.2:
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
 * with root `newRoot`, given the consistency proof `proof` (as {@link consistencyProof} produces it).
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
 * (and as {@link consistencyProof} generates them):
 *
 *  - oldSize = newSize: the proof must be empty and oldRoot must equal newRoot (RFC 6962's
 *    PROOF(n, D[n]) is empty). With both sizes 0, both roots must also be {@link EMPTY_ROOT}.
 *  - oldSize = 0 < newSize: the empty tree is a prefix of every tree, so the proof must be empty and
 *    oldRoot must be {@link EMPTY_ROOT}; newRoot is not constrained (any 32-byte hash). A verifier holding
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
    return proof.length === 0 && bytesEqual(oldRoot, newRoot) && (oldSize > 0 || bytesEqual(oldRoot, EMPTY));
  }
  if (oldSize === 0) return proof.length === 0 && bytesEqual(oldRoot, EMPTY);

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

/**
 * A whole tree held in memory, level by level, to serve many proofs (and the roots of all its prefixes)
 * without rehashing: building it costs n - 1 node hashes and about 2n·32 bytes; each proof or prefix root
 * afterwards costs O(log n) lookups plus O(log² n) node hashes at most (only when the requested tree is a
 * prefix whose right edge is not a node of this tree).
 *
 * Level l holds the hashes of the nodes at height l packed into one byte array; its element j is
 * MTH(D[j·2^l : min((j+1)·2^l, n)]) (see the module comment). The leaf hashes are copied in.
 */
export class MerkleTree {
  /** Number of leaves. */
  readonly size: number;
  private readonly levels: Uint8Array[];

  constructor(leafHashes: readonly Uint8Array[]) {
    this.size = leafHashes.length;
    this.levels = [packLeaves(leafHashes)];
    for (let count = this.size; count > 1; count = Math.ceil(count / 2)) {
      this.levels.push(parentLevel(this.levels[this.levels.length - 1], count));
    }
  }

  /** MTH of all the leaves. */
  root(): Uint8Array {
    return this.rootAt(this.size);
  }

  /** MTH(D[0:treeSize]): the root the tree had when it held its first `treeSize` leaves. */
  rootAt(treeSize: number): Uint8Array {
    this.checkSize(treeSize, 'treeSize');
    return treeSize === 0 ? EMPTY.slice() : this.subtreeHash(0, treeSize);
  }

  /**
   * PATH(m, D[treeSize]) for m = `index` (RFC 6962 §2.1.1): the hashes a verifier needs, with the leaf
   * hash, to recompute the root of the first `treeSize` leaves (default: all of them). Defined by
   *
   *     PATH(0, {d[0]}) = {}
   *     PATH(m, D[n])   = PATH(m, D[0:k]) : MTH(D[k:n])      if m < k
   *     PATH(m, D[n])   = PATH(m - k, D[k:n]) : MTH(D[0:k])  if m >= k
   *
   * with k the largest power of two smaller than n and ":" appending. So the path lists, from the bottom
   * up, the sibling of every node on the way from the leaf to the root: ceil(log2 n) hashes at most,
   * fewer where the leaf's ancestors were promoted without a sibling. Computed here by walking down from
   * the root and reversing. Throws a RangeError unless 0 <= index < treeSize <= size.
   */
  inclusionProof(index: number, treeSize: number = this.size): Uint8Array[] {
    this.checkSize(treeSize, 'treeSize');
    if (!isSize(index) || index >= treeSize) {
      throw new RangeError(`leaf index ${index} is not in a tree of size ${treeSize}`);
    }
    const siblings: Uint8Array[] = [];
    let lo = 0;
    let hi = treeSize;
    while (hi - lo > 1) {
      const k = largestPowerOfTwoBelow(hi - lo);
      if (index < lo + k) {
        siblings.push(this.subtreeHash(lo + k, hi));
        hi = lo + k;
      } else {
        siblings.push(this.subtreeHash(lo, lo + k));
        lo += k;
      }
    }
    return siblings.reverse();
  }

  /**
   * PROOF(m, D[n]) for m = `oldSize`, n = `newSize` (default: all leaves), per RFC 6962 §2.1.2: the
   * hashes that let a verifier holding MTH(D[0:m]) and MTH(D[0:n]) check that the first is a prefix of
   * the second. PROOF(m, D[n]) = SUBPROOF(m, D[n], true), where b records whether the subtree being
   * descended into is still one the verifier knows the hash of (its root is the old root):
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
   * unless 0 <= oldSize <= newSize <= size.
   */
  consistencyProof(oldSize: number, newSize: number = this.size): Uint8Array[] {
    this.checkSize(newSize, 'newSize');
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
        siblings.push(this.subtreeHash(lo + k, hi));
        hi = lo + k;
      } else {
        siblings.push(this.subtreeHash(lo, lo + k));
        lo += k;
        m -= k;
        known = false;
      }
    }
    const proof = known ? [] : [this.subtreeHash(lo, hi)];
    return proof.concat(siblings.reverse());
  }

  /**
   * MTH(D[lo:hi]) for a subtree the recursive definition reaches in some tree of size <= this.size: hi - lo
   * <= 2^l with l = ceil(log2(hi - lo)), and lo a multiple of 2^l. If the range is a whole node of this
   * tree (it is perfect, or it ends at this tree's last leaf) the hash is looked up; otherwise it is the
   * ragged right edge of a smaller tree and is computed from its two halves by the definition.
   */
  private subtreeHash(lo: number, hi: number): Uint8Array {
    let height = 0;
    let width = 1;
    while (width < hi - lo) {
      height++;
      width *= 2;
    }
    if (lo % width !== 0 || hi <= lo || hi > this.size) {
      throw new Error(`internal error: [${lo}, ${hi}) is not a subtree`);
    }
    if (hi === lo + width || hi === this.size) {
      const at = (lo / width) * HASH_SIZE;
      return this.levels[height].slice(at, at + HASH_SIZE);
    }
    const k = width / 2;
    return nodeHash(this.subtreeHash(lo, lo + k), this.subtreeHash(lo + k, hi));
  }

  private checkSize(treeSize: number, name: string): void {
    if (!isSize(treeSize) || treeSize > this.size) {
      throw new RangeError(`${name} ${treeSize} is not between 0 and the tree's size ${this.size}`);
    }
  }
}

/**
 * Computes the root of a growing log one leaf at a time in O(log n) memory, without keeping the leaves:
 * after each {@link append}, {@link root} equals {@link rootOf} of all the leaf hashes appended so far.
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

  /** Appends the next leaf hash (from {@link leafHash}). */
  append(hash: Uint8Array): void {
    assertHash(hash, 'leaf hash');
    if (this.count === Number.MAX_SAFE_INTEGER) throw new RangeError('tree size limit reached');
    let carry: Uint8Array = hash.slice();
    let height = 0;
    for (let held = this.subtrees[height]; held !== undefined; held = this.subtrees[height]) {
      carry = nodeHash(held, carry);
      this.subtrees[height] = undefined;
      height++;
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
    return root ?? EMPTY.slice();
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

/** Lowercase hex of the bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Bytes of a hex string. Strict: throws a TypeError unless it has even length and only [0-9a-f]. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(hex)) {
    throw new TypeError('expected lowercase hex of even length');
  }
  return plain(Buffer.from(hex, 'hex'));
}

// ---- internals ----

/** The leaf hashes copied into one packed level-0 array (32 bytes each). */
function packLeaves(leafHashes: readonly Uint8Array[]): Uint8Array {
  const level = new Uint8Array(leafHashes.length * HASH_SIZE);
  leafHashes.forEach((hash, i) => {
    assertHash(hash, `leafHashes[${i}]`);
    level.set(hash, i * HASH_SIZE);
  });
  return level;
}

/**
 * The level above a packed level of `count` > 1 nodes: nodeHash of each pair (2j, 2j+1), and an odd last
 * node carried up unchanged. Both children of a pair are adjacent in the packed array, so one copy makes
 * the hash input.
 */
function parentLevel(level: Uint8Array, count: number): Uint8Array {
  const parents = Math.ceil(count / 2);
  const next = new Uint8Array(parents * HASH_SIZE);
  const input = new Uint8Array(1 + 2 * HASH_SIZE);
  input[0] = NODE_PREFIX;
  for (let j = 0; j < Math.floor(count / 2); j++) {
    input.set(level.subarray(2 * j * HASH_SIZE, (2 * j + 2) * HASH_SIZE), 1);
    next.set(sha256(input), j * HASH_SIZE);
  }
  if (isOdd(count)) next.set(level.subarray((count - 1) * HASH_SIZE, count * HASH_SIZE), (parents - 1) * HASH_SIZE);
  return next;
}

/** The largest power of two strictly smaller than n, for n >= 2. */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n === largestPowerOfTwoBelow(n + 1);
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);
const isSize = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

function assertHash(value: unknown, name: string): asserts value is Uint8Array {
  if (!isHash(value)) throw new TypeError(`${name}: expected a ${HASH_SIZE}-byte hash`);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
