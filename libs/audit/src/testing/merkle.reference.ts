/**
 * An independent reference for the Merkle specs: the recursive definitions of RFC 6962 §2.1 written out
 * as they read (no levels, no iteration), over leaf ranges [lo, hi); and a symbolic oracle for what an
 * ideal verifier can tell apart.
 */
import { createHash } from 'node:crypto';
import { toHex } from '../merkle.hash';

export const sha256 = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(createHash('sha256').update(Buffer.concat(parts)).digest());

/** The largest power of two smaller than n (n >= 2). */
const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

type Range = readonly [lo: number, hi: number];

/** PATH(m, D[lo:hi]) as the ranges of its elements (RFC 6962 §2.1.1). */
export function refPath(m: number, lo: number, hi: number): Range[] {
  if (hi - lo === 1) return [];
  const k = split(hi - lo);
  return m < k ? [...refPath(m, lo, lo + k), [lo + k, hi]] : [...refPath(m - k, lo + k, hi), [lo, lo + k]];
}

/** SUBPROOF(m, D[lo:hi], b) as the ranges of its elements (RFC 6962 §2.1.2). */
function refSubproof(m: number, lo: number, hi: number, b: boolean): Range[] {
  if (m === hi - lo) return b ? [] : [[lo, hi]];
  const k = split(hi - lo);
  return m <= k ? [...refSubproof(m, lo, lo + k, b), [lo + k, hi]] : [...refSubproof(m - k, lo + k, hi, false), [lo, lo + k]];
}

/** PROOF(m, D[n]) as ranges, for 0 < m <= n. */
export const refProof = (m: number, n: number): Range[] => refSubproof(m, 0, n, true);

/** MTH(D[lo:hi]) straight from the recursive definition, memoised per range. */
export class RefTree {
  private readonly memo = new Map<string, Uint8Array>();
  constructor(private readonly leaves: readonly Uint8Array[]) {}

  mth(lo: number, hi: number): Uint8Array {
    if (hi === lo) return sha256();
    const key = `${lo}:${hi}`;
    let hash = this.memo.get(key);
    if (!hash) {
      if (hi - lo === 1) {
        hash = this.leaves[lo];
      } else {
        const k = split(hi - lo);
        hash = sha256(Uint8Array.of(1), this.mth(lo, lo + k), this.mth(lo + k, hi));
      }
      this.memo.set(key, hash);
    }
    return hash;
  }

  hashes(ranges: readonly Range[]): string[] {
    return ranges.map(([lo, hi]) => toHex(this.mth(lo, hi)));
  }
}

// A symbolic oracle for what an ideal verifier can and cannot tell apart. Hashes are replaced by their
// expressions over the leaves ("((0,1),2)" for MTH(D[0:3])): with distinct leaves and no SHA-256
// collisions, two hashes are equal exactly when their expressions are. A verifier checking a proof for
// (index, size) recomputes the root of a tree of that size from what it is handed, taking element i of
// the proof to be the subtree the reference definition puts there. It accepts exactly when the
// expression it so computes is the expression of the root it was given.

const expansionMemo = new Map<string, string>();
/** The expression of MTH(D[lo:hi]). */
function expand(lo: number, hi: number): string {
  const key = `${lo}:${hi}`;
  let expression = expansionMemo.get(key);
  if (expression === undefined) {
    const k = split(hi - lo);
    expression = hi - lo === 1 ? `${lo}` : `(${expand(lo, lo + k)},${expand(lo + k, hi)})`;
    expansionMemo.set(key, expression);
  }
  return expression;
}

/** The expression a verifier computes for MTH(D[lo:hi]), given the expressions it was handed per range. */
function computed(lo: number, hi: number, given: ReadonlyMap<string, string>): string {
  const handed = given.get(`${lo}:${hi}`);
  if (handed !== undefined) return handed;
  if (hi - lo === 1) throw new Error(`reference proof does not cover leaf ${lo}`);
  const k = split(hi - lo);
  return `(${computed(lo, lo + k, given)},${computed(lo + k, hi, given)})`;
}

/**
 * Whether an ideal verifier accepts the real leaf hash and audit path of leaf `leaf` in the tree of size
 * `n`, with that tree's real root, when told the leaf is at `index` in a tree of size `size`.
 */
export function inclusionOracle(leaf: number, n: number, index: number, size: number): boolean {
  if (index < 0 || index >= size) return false;
  const handed = refPath(leaf, 0, n);
  const assumed = refPath(index, 0, size);
  if (handed.length !== assumed.length) return false;
  const given = new Map(assumed.map(([lo, hi], i) => [`${lo}:${hi}`, expand(...handed[i])]));
  given.set(`${index}:${index + 1}`, expand(leaf, leaf + 1));
  return computed(0, size, given) === expand(0, n);
}

/**
 * Whether an ideal verifier accepts the real consistency proof between sizes m and n (0 < m <= n) of one
 * tree, with the real roots, when told the sizes are `oldSize` and `newSize`.
 */
export function consistencyOracle(m: number, n: number, oldSize: number, newSize: number): boolean {
  if (oldSize < 0 || oldSize > newSize) return false;
  const handed = refProof(m, n);
  if (oldSize === newSize) return handed.length === 0 && expand(0, m) === expand(0, n) && oldSize > 0;
  if (oldSize === 0) return false; // the real old root is not the empty root
  const assumed = refProof(oldSize, newSize);
  if (handed.length !== assumed.length) return false;
  const given = new Map(assumed.map(([lo, hi], i) => [`${lo}:${hi}`, expand(...handed[i])]));
  if (isPowerOfTwo(oldSize)) given.set(`0:${oldSize}`, expand(0, m));
  return computed(0, oldSize, given) === expand(0, m) && computed(0, newSize, given) === expand(0, n);
}
