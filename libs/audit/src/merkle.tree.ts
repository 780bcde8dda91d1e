/**
 * Merkle trees of the log, as Certificate Transparency defines them (RFC 6962 §2.1). The proofs over
 * them are in merkle.proofs.ts, the hashes in merkle.hash.ts.
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
 * The left subtree of every node is thus perfect (a power of two of leaves) and only the right edge of
 * the tree can be ragged. For n = 7:
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
 * are defined in.
 *
 * All functions in this module take *leaf hashes* (the output of `leafHash`), never raw entries.
 */
import { assertHash, emptyRoot, HASH_SIZE, NODE_PREFIX, nodeHash, sha256 } from './merkle.hash';
import { consistencyProofFrom, inclusionProofFrom } from './merkle.proofs';
import { isOdd, isSize } from './merkle.sizes';

/**
 * MTH(D[0:n]) of the given leaf hashes (RFC 6962 §2.1), `EMPTY_ROOT` for none. Computed level by
 * level (see the module comment): n - 1 node hashes, O(n) time and memory.
 */
export function rootOf(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return emptyRoot();
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
    return treeSize === 0 ? emptyRoot() : this.subtreeHash(0, treeSize);
  }

  /**
   * PATH(m, D[treeSize]) for m = `index` (RFC 6962 §2.1.1): the hashes a verifier needs, with the leaf
   * hash, to recompute the root of the first `treeSize` leaves (default: all of them); defined at
   * {@link inclusionProofFrom}. Throws a RangeError unless 0 <= index < treeSize <= size.
   */
  inclusionProof(index: number, treeSize: number = this.size): Uint8Array[] {
    this.checkSize(treeSize, 'treeSize');
    return inclusionProofFrom((lo, hi) => this.subtreeHash(lo, hi), index, treeSize);
  }

  /**
   * PROOF(m, D[n]) for m = `oldSize`, n = `newSize` (default: all leaves), per RFC 6962 §2.1.2: the
   * hashes that let a verifier holding MTH(D[0:m]) and MTH(D[0:n]) check that the first is a prefix of
   * the second; defined, with the cases m = n and m = 0, at {@link consistencyProofFrom}. Throws a
   * RangeError unless 0 <= oldSize <= newSize <= size.
   */
  consistencyProof(oldSize: number, newSize: number = this.size): Uint8Array[] {
    this.checkSize(newSize, 'newSize');
    return consistencyProofFrom((lo, hi) => this.subtreeHash(lo, hi), oldSize, newSize);
  }

  /**
   * MTH(D[lo:hi]) for a subtree the recursive definition reaches in some tree of size <= this.size: hi - lo
   * <= 2^l with l = ceil(log2(hi - lo)), and lo a multiple of 2^l. If the range is a whole node of this
   * tree (it is perfect, or it ends at this tree's last leaf) the hash is looked up; otherwise it is the
   * ragged right edge of a smaller tree and is computed from its two halves by the definition.
   */
  subtreeHash(lo: number, hi: number): Uint8Array {
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
