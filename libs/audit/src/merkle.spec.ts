import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  EMPTY_ROOT,
  HASH_SIZE,
  MerkleAccumulator,
  MerkleTree,
  consistencyProof,
  fromHex,
  inclusionProof,
  leafHash,
  nodeHash,
  rootOf,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

// ---------------------------------------------------------------------------------------------------
// Reference data: Certificate Transparency's test vectors (the RFC 6962 reference implementation's
// merkle_tree_test.cc, also used by transparency-dev/merkle's proof/verify_test.go). Leaf indexes here
// are 0-based.
// ---------------------------------------------------------------------------------------------------

const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];

const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** [leaf index, tree size, audit path] */
const CT_INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

/** [old size, new size, consistency proof] */
const CT_CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

const ctLeafHashes = CT_LEAVES.map((entry) => leafHash(fromHex(entry)));
const ctRoot = (size: number): Uint8Array => fromHex(CT_ROOTS[size]);

// ---------------------------------------------------------------------------------------------------
// Helpers, and an independent reference: the recursive definitions of RFC 6962 §2.1 written out as
// they read (no levels, no iteration), over leaf ranges [lo, hi).
// ---------------------------------------------------------------------------------------------------

const hexes = (hashes: readonly Uint8Array[]): string[] => hashes.map(toHex);
const sha256 = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(createHash('sha256').update(Buffer.concat(parts)).digest());
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Distinct leaf hashes, distinct per salt. */
const makeLeaves = (count: number, salt = 'event'): Uint8Array[] => Array.from({ length: count }, (_, i) => leafHash(bytes(`${salt} ${i}`)));
const flipBit = (hash: Uint8Array, bit: number): Uint8Array => {
  const copy = hash.slice();
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
};
const accumulate = (hashes: readonly Uint8Array[]): MerkleAccumulator => {
  const accumulator = new MerkleAccumulator();
  hashes.forEach((hash) => accumulator.append(hash));
  return accumulator;
};

/** The largest power of two smaller than n (n >= 2). */
const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

type Range = readonly [lo: number, hi: number];

/** PATH(m, D[lo:hi]) as the ranges of its elements (RFC 6962 §2.1.1). */
function refPath(m: number, lo: number, hi: number): Range[] {
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
const refProof = (m: number, n: number): Range[] => refSubproof(m, 0, n, true);

/** MTH(D[lo:hi]) straight from the recursive definition, memoised per range. */
class RefTree {
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

// ---------------------------------------------------------------------------------------------------
// A symbolic oracle for what an ideal verifier can and cannot tell apart. Hashes are replaced by their
// expressions over the leaves ("((0,1),2)" for MTH(D[0:3])): with distinct leaves and no SHA-256
// collisions, two hashes are equal exactly when their expressions are. A verifier checking a proof for
// (index, size) recomputes the root of a tree of that size from what it is handed, taking element i of
// the proof to be the subtree the reference definition puts there. It accepts exactly when the
// expression it so computes is the expression of the root it was given.
// ---------------------------------------------------------------------------------------------------

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
function inclusionOracle(leaf: number, n: number, index: number, size: number): boolean {
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
function consistencyOracle(m: number, n: number, oldSize: number, newSize: number): boolean {
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

// ---------------------------------------------------------------------------------------------------

describe('RFC 6962 Merkle trees', () => {
  describe('hashing primitives', () => {
    it('hashes a leaf as SHA-256(0x00 || data)', () => {
      for (const entry of CT_LEAVES) {
        expect(toHex(leafHash(fromHex(entry)))).toBe(toHex(sha256(Uint8Array.of(0), fromHex(entry))));
      }
      expect(toHex(leafHash(new Uint8Array(0)))).toBe(CT_ROOTS[1]);
      expect(toHex(leafHash(bytes('abc')))).not.toBe(toHex(sha256(bytes('abc'))));
    });

    it('hashes a node as SHA-256(0x01 || left || right), in that order', () => {
      const [a, b] = ctLeafHashes;
      expect(toHex(nodeHash(a, b))).toBe(toHex(sha256(Uint8Array.of(1), a, b)));
      expect(toHex(nodeHash(a, b))).toBe(CT_ROOTS[2]);
      expect(toHex(nodeHash(b, a))).not.toBe(CT_ROOTS[2]);
      // Domain separation: a node is not the leaf of its children's concatenation.
      expect(toHex(nodeHash(a, b))).not.toBe(toHex(leafHash(new Uint8Array([...a, ...b]))));
    });

    it('has SHA-256("") as the empty root', () => {
      expect(toHex(EMPTY_ROOT)).toBe(CT_ROOTS[0]);
      expect(toHex(rootOf([]))).toBe(CT_ROOTS[0]);
      expect(HASH_SIZE).toBe(32);
    });

    it('returns plain Uint8Arrays', () => {
      expect(Object.getPrototypeOf(leafHash(bytes('x')))).toBe(Uint8Array.prototype);
      expect(Object.getPrototypeOf(rootOf(ctLeafHashes))).toBe(Uint8Array.prototype);
      expect(Object.getPrototypeOf(inclusionProof(ctLeafHashes, 3)[0])).toBe(Uint8Array.prototype);
    });

    it('refuses node children and leaf hashes that are not 32 bytes', () => {
      const [a] = ctLeafHashes;
      expect(() => nodeHash(a, a.subarray(1))).toThrow(TypeError);
      expect(() => nodeHash(new Uint8Array(33), a)).toThrow(TypeError);
      expect(() => rootOf([a, bytes('raw entry, not a leaf hash')])).toThrow(TypeError);
      expect(() => new MerkleAccumulator().append(new Uint8Array(31))).toThrow(TypeError);
    });
  });

  describe("Certificate Transparency's reference vectors", () => {
    it.each(CT_ROOTS.map((root, size) => [size, root]))('root of the first %i leaves is %s', (size, root) => {
      const prefix = ctLeafHashes.slice(0, size as number);
      expect(toHex(rootOf(prefix))).toBe(root);
      expect(toHex(new MerkleTree(prefix).root())).toBe(root);
      expect(toHex(new MerkleTree(ctLeafHashes).rootAt(size as number))).toBe(root);
      expect(toHex(accumulate(prefix).root())).toBe(root);
    });

    it.each(CT_INCLUSION)('audit path of leaf %i in the tree of size %i', (index, size, expected) => {
      const prefix = ctLeafHashes.slice(0, size);
      expect(hexes(inclusionProof(prefix, index))).toEqual(expected);
      expect(hexes(new MerkleTree(ctLeafHashes).inclusionProof(index, size))).toEqual(expected);
      expect(verifyInclusion(ctLeafHashes[index], index, size, expected.map(fromHex), ctRoot(size))).toBe(true);
    });

    it.each(CT_CONSISTENCY)('consistency proof from size %i to size %i', (oldSize, newSize, expected) => {
      expect(hexes(consistencyProof(ctLeafHashes.slice(0, newSize), oldSize))).toEqual(expected);
      expect(hexes(new MerkleTree(ctLeafHashes).consistencyProof(oldSize, newSize))).toEqual(expected);
      expect(verifyConsistency(oldSize, newSize, ctRoot(oldSize), ctRoot(newSize), expected.map(fromHex))).toBe(true);
    });

    // The corruptions transparency-dev/merkle's verifier tests apply to the same vectors.
    it.each(CT_INCLUSION)('rejects corrupted inclusion proofs (leaf %i, size %i)', (index, size, expectedHex) => {
      const proof = expectedHex.map(fromHex);
      const root = ctRoot(size);
      const leaf = ctLeafHashes[index];
      const someHash = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');
      const probes: [string, Uint8Array, number, number, Uint8Array[], Uint8Array][] = [
        ['index - 1', leaf, index - 1, size, proof, root],
        ['index + 1', leaf, index + 1, size, proof, root],
        ['index ^ 2', leaf, index ^ 2, size, proof, root],
        ['size * 2', leaf, index, size * 2, proof, root],
        ['size / 2', leaf, index, Math.floor(size / 2), proof, root],
        ['wrong leaf', leafHash(bytes('WrongLeaf')), index, size, proof, root],
        ['leaf not 32 bytes', bytes('WrongLeaf'), index, size, proof, root],
        ['empty root', leaf, index, size, proof, EMPTY_ROOT],
        ['random root', leaf, index, size, proof, someHash],
        ['trailing garbage', leaf, index, size, [...proof, new Uint8Array(0)], root],
        ['trailing hash', leaf, index, size, [...proof, someHash], root],
        ['trailing root', leaf, index, size, [...proof, root], root],
        ['preceding garbage', leaf, index, size, [new Uint8Array(0), ...proof], root],
        ['preceding root', leaf, index, size, [root, ...proof], root],
        // A longer path to a taller root that has this tree as its right subtree: the path is longer than
        // a tree of this size is tall, which only the verifier's size bookkeeping notices.
        ['extended to a taller root', leaf, index, size, [...proof, someHash], nodeHash(someHash, root)],
      ];
      if (proof.length > 0) probes.push(['removed last', leaf, index, size, proof.slice(0, -1), root]);
      if (proof.length > 0) probes.push(['removed first', leaf, index, size, proof.slice(1), root]);
      if (proof.length > 1) probes.push(['inserted', leaf, index, size, [proof[0], someHash, ...proof.slice(1)], root]);
      proof.forEach((_, i) => {
        for (let bit = 0; bit < 8 * HASH_SIZE; bit++) {
          probes.push([`proof[${i}] bit ${bit}`, leaf, index, size, proof.map((h, j) => (j === i ? flipBit(h, bit) : h)), root]);
        }
      });
      for (let bit = 0; bit < 8 * HASH_SIZE; bit += 7) {
        probes.push([`leaf bit ${bit}`, flipBit(leaf, bit), index, size, proof, root]);
        probes.push([`root bit ${bit}`, leaf, index, size, proof, flipBit(root, bit)]);
      }
      const accepted = probes.filter(([, l, i, s, p, r]) => verifyInclusion(l, i, s, p, r)).map(([description]) => description);
      expect(accepted).toEqual([]);
    });

    it.each(CT_CONSISTENCY.filter(([, , proof]) => proof.length > 0))(
      'rejects corrupted consistency proofs (%i to %i)',
      (size1, size2, expectedHex) => {
        const proof = expectedHex.map(fromHex);
        const [root1, root2] = [ctRoot(size1), ctRoot(size2)];
        const probes: [string, number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
          ['size1 - 1', size1 - 1, size2, root1, root2, proof],
          ['size1 + 1', size1 + 1, size2, root1, root2, proof],
          ['size1 ^ 2', size1 ^ 2, size2, root1, root2, proof],
          ['size2 * 2', size1, size2 * 2, root1, root2, proof],
          ['size2 / 2', size1, Math.floor(size2 / 2), root1, root2, proof],
          ['wrong root1', size1, size2, leafHash(bytes('WrongRoot')), root2, proof],
          ['wrong root2', size1, size2, root1, leafHash(bytes('WrongRoot')), proof],
          ['root1 not 32 bytes', size1, size2, bytes('WrongRoot'), root2, proof],
          ['swapped roots', size1, size2, root2, root1, proof],
          ['empty proof', size1, size2, root1, root2, []],
          ['trailing garbage', size1, size2, root1, root2, [...proof, new Uint8Array(0)]],
          ['trailing root1', size1, size2, root1, root2, [...proof, root1]],
          ['trailing root2', size1, size2, root1, root2, [...proof, root2]],
          ['preceding garbage', size1, size2, root1, root2, [new Uint8Array(0), ...proof]],
          ['preceding root1', size1, size2, root1, root2, [root1, ...proof]],
          ['preceding root2', size1, size2, root1, root2, [root2, ...proof]],
          ['preceding proof[0]', size1, size2, root1, root2, [proof[0], ...proof]],
          ['truncated', size1, size2, root1, root2, proof.slice(0, -1)],
          ['first removed', size1, size2, root1, root2, proof.slice(1)],
          ['extended to taller roots', size1, size2, nodeHash(root2, root1), nodeHash(root2, root2), [...proof, root2]],
        ];
        proof.forEach((_, i) => {
          for (let bit = 0; bit < 8 * HASH_SIZE; bit++) {
            probes.push([`proof[${i}] bit ${bit}`, size1, size2, root1, root2, proof.map((h, j) => (j === i ? flipBit(h, bit) : h))]);
          }
        });
        for (let bit = 0; bit < 8 * HASH_SIZE; bit += 7) {
          probes.push([`root1 bit ${bit}`, size1, size2, flipBit(root1, bit), root2, proof]);
          probes.push([`root2 bit ${bit}`, size1, size2, root1, flipBit(root2, bit), proof]);
        }
        const accepted = probes.filter(([, s1, s2, r1, r2, p]) => verifyConsistency(s1, s2, r1, r2, p)).map(([description]) => description);
        expect(accepted).toEqual([]);
      },
    );
  });

  describe('every tree of 1 to 64 leaves', () => {
    const MAX = 64;
    const leaves = makeLeaves(MAX);
    const ref = new RefTree(leaves);
    const whole = new MerkleTree(leaves);

    it('has the same root from rootOf, MerkleTree, MerkleTree.rootAt, the accumulator and the reference', () => {
      const accumulator = new MerkleAccumulator();
      for (let n = 0; n <= MAX; n++) {
        const expected = toHex(ref.mth(0, n));
        expect(accumulator.size).toBe(n);
        expect(toHex(accumulator.root())).toBe(expected);
        expect(toHex(rootOf(leaves.slice(0, n)))).toBe(expected);
        expect(toHex(new MerkleTree(leaves.slice(0, n)).root())).toBe(expected);
        expect(toHex(whole.rootAt(n))).toBe(expected);
        if (n < MAX) accumulator.append(leaves[n]);
      }
    });

    it('gives every leaf an audit path equal to the reference PATH, which verifies', () => {
      const failures: string[] = [];
      let checked = 0;
      for (let n = 1; n <= MAX; n++) {
        const prefix = leaves.slice(0, n);
        const tree = new MerkleTree(prefix);
        const root = ref.mth(0, n);
        for (let i = 0; i < n; i++) {
          const expected = ref.hashes(refPath(i, 0, n)).join();
          const proof = tree.inclusionProof(i);
          if (hexes(proof).join() !== expected) failures.push(`PATH(${i}, ${n})`);
          if (hexes(whole.inclusionProof(i, n)).join() !== expected) failures.push(`PATH(${i}, ${n}) from the ${MAX}-leaf tree`);
          if (!verifyInclusion(leaves[i], i, n, proof, root)) failures.push(`verify PATH(${i}, ${n})`);
          checked++;
        }
        if (hexes(inclusionProof(prefix, n - 1)).join() !== ref.hashes(refPath(n - 1, 0, n)).join()) failures.push(`inclusionProof(${n})`);
      }
      expect(failures).toEqual([]);
      expect(checked).toBe((MAX * (MAX + 1)) / 2);
    });

    it('gives every 1 <= m <= n a consistency proof equal to the reference PROOF, which verifies', () => {
      const failures: string[] = [];
      let checked = 0;
      for (let n = 1; n <= MAX; n++) {
        const prefix = leaves.slice(0, n);
        const tree = new MerkleTree(prefix);
        for (let m = 1; m <= n; m++) {
          const expected = ref.hashes(refProof(m, n)).join();
          const proof = tree.consistencyProof(m);
          if (hexes(proof).join() !== expected) failures.push(`PROOF(${m}, ${n})`);
          if (hexes(whole.consistencyProof(m, n)).join() !== expected) failures.push(`PROOF(${m}, ${n}) from the ${MAX}-leaf tree`);
          if (!verifyConsistency(m, n, ref.mth(0, m), ref.mth(0, n), proof)) failures.push(`verify PROOF(${m}, ${n})`);
          checked++;
        }
        if (hexes(consistencyProof(prefix, 1)).join() !== ref.hashes(refProof(1, n)).join()) failures.push(`consistencyProof(${n}, 1)`);
      }
      expect(failures).toEqual([]);
      expect(checked).toBe((MAX * (MAX + 1)) / 2);
    });

    it('restores the accumulator from its frontier at every size', () => {
      const accumulator = new MerkleAccumulator();
      for (let n = 0; n < MAX; n++) {
        const frontier = accumulator.frontier();
        // One perfect subtree per 1-bit of n, tallest first.
        const heights = [...n.toString(2)].map((bit, i, all) => (bit === '1' ? all.length - 1 - i : -1)).filter((h) => h >= 0);
        let start = 0;
        expect(hexes(frontier)).toEqual(
          heights.map((h) => {
            const hash = toHex(ref.mth(start, start + 2 ** h));
            start += 2 ** h;
            return hash;
          }),
        );
        const restored = MerkleAccumulator.fromFrontier(n, frontier);
        restored.append(leaves[n]);
        accumulator.append(leaves[n]);
        expect(toHex(restored.root())).toBe(toHex(ref.mth(0, n + 1)));
        expect(restored.size).toBe(n + 1);
      }
    });
  });

  describe('wrong index or size', () => {
    const MAX = 32;
    const leaves = makeLeaves(48);
    const tree = new MerkleTree(leaves);

    it('rejects an inclusion proof presented for any other index of the same tree', () => {
      const accepted: string[] = [];
      let checked = 0;
      for (let n = 1; n <= MAX; n++) {
        const root = tree.rootAt(n);
        for (let i = 0; i < n; i++) {
          const proof = tree.inclusionProof(i, n);
          for (let wrong = 0; wrong <= n + 1; wrong++) {
            if (wrong === i) continue;
            if (verifyInclusion(leaves[i], wrong, n, proof, root)) accepted.push(`leaf ${i} of ${n} as ${wrong}`);
            if (inclusionOracle(i, n, wrong, n)) accepted.push(`oracle: leaf ${i} of ${n} as ${wrong}`);
            checked++;
          }
        }
      }
      expect(accepted).toEqual([]);
      expect(checked).toBeGreaterThan(10_000);
    });

    it('rejects an inclusion proof presented for another tree size unless no verifier could tell the sizes apart', () => {
      const disagreements: string[] = [];
      let indistinguishable = 0;
      let rejected = 0;
      for (let n = 1; n <= MAX; n++) {
        const root = tree.rootAt(n);
        for (let i = 0; i < n; i++) {
          const proof = tree.inclusionProof(i, n);
          for (let size = 0; size <= 48; size++) {
            if (size === n) continue;
            const expected = inclusionOracle(i, n, i, size);
            if (verifyInclusion(leaves[i], i, size, proof, root) !== expected) disagreements.push(`leaf ${i} of ${n} as of ${size}`);
            if (expected) indistinguishable++;
            else rejected++;
          }
        }
      }
      expect(disagreements).toEqual([]);
      // Both outcomes occur; most wrong sizes are rejected (about 4 in 5 here).
      expect(indistinguishable).toBeGreaterThan(0);
      expect(rejected).toBeGreaterThan(3 * indistinguishable);
    });

    it('cannot tell leaf 5 of 8 from leaf 5 of 7: the size has to be signed with the root', () => {
      const proof = fromHexAll(CT_INCLUSION[2][2]);
      // Both paths have the same left/right pattern (sibling leaf 4 on the left, a subtree on the right,
      // then the left half), so the verifier computes the same root.
      expect(verifyInclusion(ctLeafHashes[5], 5, 7, proof, ctRoot(8))).toBe(true);
      for (const size of [6, 9, 10, 12, 16]) expect(verifyInclusion(ctLeafHashes[5], 5, size, proof, ctRoot(8))).toBe(false);
    });

    it('rejects a consistency proof presented for other sizes unless no verifier could tell the sizes apart', () => {
      const disagreements: string[] = [];
      let indistinguishable = 0;
      let rejected = 0;
      for (let n = 1; n <= MAX; n++) {
        for (let m = 1; m <= n; m++) {
          const proof = tree.consistencyProof(m, n);
          const [oldRoot, newRoot] = [tree.rootAt(m), tree.rootAt(n)];
          const check = (oldSize: number, newSize: number): void => {
            if (oldSize === m && newSize === n) return;
            const expected = consistencyOracle(m, n, oldSize, newSize);
            if (verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof) !== expected) {
              disagreements.push(`${m} to ${n} as ${oldSize} to ${newSize}`);
            }
            if (expected) indistinguishable++;
            else rejected++;
          };
          for (let oldSize = 0; oldSize <= 48; oldSize++) check(oldSize, n);
          for (let newSize = 0; newSize <= 48; newSize++) check(m, newSize);
        }
      }
      expect(disagreements).toEqual([]);
      expect(indistinguishable).toBeGreaterThan(0);
      expect(rejected).toBeGreaterThan(3 * indistinguishable);
    });

    it('rejects invalid indexes and sizes instead of throwing', () => {
      const [leaf, root] = [leaves[0], tree.rootAt(4)];
      const proof = tree.inclusionProof(0, 4);
      for (const [index, size] of [
        [-1, 4],
        [4, 4],
        [0, 0],
        [0.5, 4],
        [0, 4.5],
        [Number.NaN, 4],
        [0, Number.POSITIVE_INFINITY],
        [0, 2 ** 53],
      ]) {
        expect(verifyInclusion(leaf, index, size, proof, root)).toBe(false);
      }
      const consistency = tree.consistencyProof(3, 4);
      for (const [m, n] of [
        [-1, 4],
        [5, 4],
        [3.5, 4],
        [3, Number.NaN],
        [3, 2 ** 53],
      ]) {
        expect(verifyConsistency(m, n, tree.rootAt(3), root, consistency)).toBe(false);
      }
    });
  });

  describe('consistency between trees that differ', () => {
    it('rejects proofs between trees that differ in an old leaf, and accepts them when only new leaves differ', () => {
      const N = 16;
      const a = new MerkleTree(makeLeaves(N, 'a'));
      for (let changed = 0; changed < N; changed++) {
        const leavesB = makeLeaves(N, 'a');
        leavesB[changed] = leafHash(bytes('tampered'));
        const b = new MerkleTree(leavesB);
        for (let n = changed + 1; n <= N; n++) {
          for (let m = 1; m < n; m++) {
            const outcome = [
              verifyConsistency(m, n, a.rootAt(m), b.rootAt(n), b.consistencyProof(m, n)),
              verifyConsistency(m, n, a.rootAt(m), b.rootAt(n), a.consistencyProof(m, n)),
            ];
            // Tree b extends a's first m leaves exactly when the changed leaf is not among them.
            expect([m, n, changed, outcome]).toEqual([m, n, changed, changed < m ? [false, false] : [true, false]]);
          }
        }
      }
    });

    it('rejects a history rewritten in one old leaf, for trees of any size (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 400 }).chain((n) =>
            fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n - 1 })).chain(([n, m]) => fc.tuple(fc.constant(n), fc.constant(m), fc.nat(m - 1))),
          ),
          ([n, m, changed]) => {
            const original = makeLeaves(n, 'p');
            const rewritten = original.slice();
            rewritten[changed] = leafHash(bytes(`rewritten ${changed}`));
            const [a, b] = [new MerkleTree(original), new MerkleTree(rewritten)];
            expect(verifyConsistency(m, n, a.rootAt(m), a.root(), a.consistencyProof(m))).toBe(true);
            expect(verifyConsistency(m, n, a.rootAt(m), b.root(), b.consistencyProof(m))).toBe(false);
            expect(verifyConsistency(m, n, b.rootAt(m), a.root(), a.consistencyProof(m))).toBe(false);
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe('tampering (properties)', () => {
    const MAX = 700;
    const leaves = makeLeaves(MAX, 'fc');
    const tree = new MerkleTree(leaves);
    const hashArb = fc.uint8Array({ minLength: HASH_SIZE, maxLength: HASH_SIZE });
    const sizeAndIndex = fc.integer({ min: 1, max: MAX }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1)));

    type Tamper<T> = { kind: string; apply: (t: T) => T | undefined };
    type Inclusion = { leaf: Uint8Array; index: number; size: number; proof: Uint8Array[]; root: Uint8Array };

    const inclusionTamper: fc.Arbitrary<Tamper<Inclusion>> = fc.oneof(
      fc.tuple(fc.nat(), fc.nat(8 * HASH_SIZE - 1)).map(([at, bit]) => ({
        kind: 'flip a proof bit',
        apply: (t: Inclusion) =>
          t.proof.length === 0 ? undefined : { ...t, proof: t.proof.map((h, i) => (i === at % t.proof.length ? flipBit(h, bit) : h)) },
      })),
      fc.nat(8 * HASH_SIZE - 1).map((bit) => ({ kind: 'flip a leaf bit', apply: (t: Inclusion) => ({ ...t, leaf: flipBit(t.leaf, bit) }) })),
      fc.nat(8 * HASH_SIZE - 1).map((bit) => ({ kind: 'flip a root bit', apply: (t: Inclusion) => ({ ...t, root: flipBit(t.root, bit) }) })),
      fc.constant({ kind: 'truncate', apply: (t: Inclusion) => (t.proof.length === 0 ? undefined : { ...t, proof: t.proof.slice(0, -1) }) }),
      fc.constant({ kind: 'drop the first', apply: (t: Inclusion) => (t.proof.length === 0 ? undefined : { ...t, proof: t.proof.slice(1) }) }),
      fc.tuple(hashArb, fc.nat()).map(([extra, at]) => ({
        kind: 'insert a hash',
        apply: (t: Inclusion) => {
          const proof = t.proof.slice();
          proof.splice(at % (proof.length + 1), 0, extra);
          return { ...t, proof };
        },
      })),
      hashArb.map((extra) => ({
        kind: 'extend to a taller root',
        apply: (t: Inclusion) => ({ ...t, proof: [...t.proof, extra], root: nodeHash(extra, t.root) }),
      })),
      fc.nat().map((offset) => ({
        kind: 'wrong index',
        apply: (t: Inclusion) => (t.size === 1 ? undefined : { ...t, index: (t.index + 1 + (offset % (t.size - 1))) % t.size }),
      })),
      fc.constant({ kind: 'index past the end', apply: (t: Inclusion) => ({ ...t, index: t.size }) }),
      fc.integer({ min: 1, max: MAX }).map((other) => ({
        kind: 'root of another size',
        apply: (t: Inclusion) => (other === t.size ? undefined : { ...t, root: tree.rootAt(other) }),
      })),
      hashArb.map((root) => ({ kind: 'random root', apply: (t: Inclusion) => ({ ...t, root }) })),
    );

    it('verifies every genuine inclusion proof and rejects every tampered one', () => {
      fc.assert(
        fc.property(sizeAndIndex, inclusionTamper, ([size, index], tamper) => {
          const genuine: Inclusion = { leaf: leaves[index], index, size, proof: tree.inclusionProof(index, size), root: tree.rootAt(size) };
          expect(verifyInclusion(genuine.leaf, genuine.index, genuine.size, genuine.proof, genuine.root)).toBe(true);
          const t = tamper.apply(genuine);
          if (t) expect(verifyInclusion(t.leaf, t.index, t.size, t.proof, t.root)).toBe(false);
        }),
        { numRuns: 500 },
      );
    });

    it('rejects an inclusion proof for a wrong tree size exactly when the size changes the path shape', () => {
      fc.assert(
        fc.property(sizeAndIndex, fc.integer({ min: 1, max: MAX }), ([size, index], wrongSize) => {
          fc.pre(wrongSize !== size);
          const accepted = verifyInclusion(leaves[index], index, wrongSize, tree.inclusionProof(index, size), tree.rootAt(size));
          expect(accepted).toBe(inclusionOracle(index, size, index, wrongSize));
        }),
        { numRuns: 300 },
      );
    });

    type Consistency = { oldSize: number; newSize: number; oldRoot: Uint8Array; newRoot: Uint8Array; proof: Uint8Array[] };
    const consistencyTamper: fc.Arbitrary<Tamper<Consistency>> = fc.oneof(
      fc.tuple(fc.nat(), fc.nat(8 * HASH_SIZE - 1)).map(([at, bit]) => ({
        kind: 'flip a proof bit',
        apply: (t: Consistency) => ({ ...t, proof: t.proof.map((h, i) => (i === at % t.proof.length ? flipBit(h, bit) : h)) }),
      })),
      fc.nat(8 * HASH_SIZE - 1).map((bit) => ({ kind: 'flip an old root bit', apply: (t: Consistency) => ({ ...t, oldRoot: flipBit(t.oldRoot, bit) }) })),
      fc.nat(8 * HASH_SIZE - 1).map((bit) => ({ kind: 'flip a new root bit', apply: (t: Consistency) => ({ ...t, newRoot: flipBit(t.newRoot, bit) }) })),
      fc.constant({ kind: 'truncate', apply: (t: Consistency) => ({ ...t, proof: t.proof.slice(0, -1) }) }),
      fc.constant({ kind: 'drop the first', apply: (t: Consistency) => ({ ...t, proof: t.proof.slice(1) }) }),
      fc.tuple(hashArb, fc.nat()).map(([extra, at]) => ({
        kind: 'insert a hash',
        apply: (t: Consistency) => {
          const proof = t.proof.slice();
          proof.splice(at % (proof.length + 1), 0, extra);
          return { ...t, proof };
        },
      })),
      hashArb.map((extra) => ({
        kind: 'extend to taller roots',
        apply: (t: Consistency) => ({
          ...t,
          oldRoot: nodeHash(extra, t.oldRoot),
          newRoot: nodeHash(extra, t.newRoot),
          proof: [...t.proof, extra],
        }),
      })),
      fc.constant({ kind: 'swap the roots', apply: (t: Consistency) => ({ ...t, oldRoot: t.newRoot, newRoot: t.oldRoot }) }),
      fc.constant({ kind: 'swap the sizes', apply: (t: Consistency) => ({ ...t, oldSize: t.newSize, newSize: t.oldSize }) }),
      fc.integer({ min: 1, max: MAX }).map((other) => ({
        kind: 'new root of another size',
        apply: (t: Consistency) => (other === t.newSize ? undefined : { ...t, newRoot: tree.rootAt(other) }),
      })),
      fc.integer({ min: 1, max: MAX }).map((other) => ({
        kind: 'old root of another size',
        apply: (t: Consistency) => (other === t.oldSize ? undefined : { ...t, oldRoot: tree.rootAt(other) }),
      })),
      hashArb.map((root) => ({ kind: 'random new root', apply: (t: Consistency) => ({ ...t, newRoot: root }) })),
    );
    const oldAndNew = fc
      .integer({ min: 2, max: MAX })
      .chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n)));

    it('verifies every genuine consistency proof and rejects every tampered one', () => {
      fc.assert(
        fc.property(oldAndNew, consistencyTamper, ([oldSize, newSize], tamper) => {
          const genuine: Consistency = {
            oldSize,
            newSize,
            oldRoot: tree.rootAt(oldSize),
            newRoot: tree.rootAt(newSize),
            proof: tree.consistencyProof(oldSize, newSize),
          };
          expect(verifyConsistency(genuine.oldSize, genuine.newSize, genuine.oldRoot, genuine.newRoot, genuine.proof)).toBe(true);
          const t = tamper.apply(genuine);
          if (t) expect(verifyConsistency(t.oldSize, t.newSize, t.oldRoot, t.newRoot, t.proof)).toBe(false);
        }),
        { numRuns: 500 },
      );
    });

    it('rejects a consistency proof for wrong sizes exactly when the sizes change the proof shape', () => {
      fc.assert(
        fc.property(oldAndNew, fc.integer({ min: 0, max: MAX }), fc.integer({ min: 0, max: MAX }), ([m, n], oldSize, newSize) => {
          fc.pre(oldSize !== m || newSize !== n);
          const accepted = verifyConsistency(oldSize, newSize, tree.rootAt(m), tree.rootAt(n), tree.consistencyProof(m, n));
          expect(accepted).toBe(consistencyOracle(m, n, oldSize, newSize));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('degenerate sizes', () => {
    const leaves = makeLeaves(5);
    const tree = new MerkleTree(leaves);

    it('gives the empty proof between equal sizes, valid only for equal roots', () => {
      expect(consistencyProof(leaves, 5)).toEqual([]);
      expect(tree.consistencyProof(3, 3)).toEqual([]);
      expect(verifyConsistency(3, 3, tree.rootAt(3), tree.rootAt(3), [])).toBe(true);
      expect(verifyConsistency(3, 3, tree.rootAt(3), tree.rootAt(4), [])).toBe(false);
      expect(verifyConsistency(3, 3, tree.rootAt(3), tree.rootAt(3), [tree.rootAt(3)])).toBe(false);
      expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
      expect(verifyConsistency(0, 0, tree.rootAt(1), tree.rootAt(1), [])).toBe(false);
    });

    it('treats the empty tree as a prefix of every tree, with an empty proof and the empty root', () => {
      expect(consistencyProof(leaves, 0)).toEqual([]);
      expect(consistencyProof([], 0)).toEqual([]);
      expect(verifyConsistency(0, 5, EMPTY_ROOT, tree.root(), [])).toBe(true);
      expect(verifyConsistency(0, 5, tree.rootAt(1), tree.root(), [])).toBe(false);
      expect(verifyConsistency(0, 5, EMPTY_ROOT, tree.root(), [tree.root()])).toBe(false);
      expect(verifyConsistency(0, 5, EMPTY_ROOT, new Uint8Array(31), [])).toBe(false);
    });

    it('accepts the one-leaf tree with an empty audit path, and nothing else', () => {
      const [leaf] = leaves;
      expect(inclusionProof([leaf], 0)).toEqual([]);
      expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
      expect(verifyInclusion(leaf, 0, 1, [leaf], leaf)).toBe(false);
      expect(verifyInclusion(leaf, 0, 1, [], leaves[1])).toBe(false);
      expect(verifyInclusion(leaf, 1, 1, [], leaf)).toBe(false);
      expect(verifyInclusion(leaf, 0, 0, [], EMPTY_ROOT)).toBe(false);
    });

    it('throws a RangeError when asked for a proof that does not exist', () => {
      expect(() => inclusionProof(leaves, 5)).toThrow(RangeError);
      expect(() => inclusionProof(leaves, -1)).toThrow(RangeError);
      expect(() => inclusionProof([], 0)).toThrow(RangeError);
      expect(() => tree.inclusionProof(3, 3)).toThrow(RangeError);
      expect(() => tree.inclusionProof(0, 6)).toThrow(RangeError);
      expect(() => consistencyProof(leaves, 6)).toThrow(RangeError);
      expect(() => tree.consistencyProof(4, 3)).toThrow(RangeError);
      expect(() => tree.consistencyProof(1.5)).toThrow(RangeError);
      expect(() => tree.rootAt(6)).toThrow(RangeError);
    });

    it('does not let a caller corrupt the empty root', () => {
      const root = rootOf([]);
      root[0] ^= 0xff;
      EMPTY_ROOT[1] ^= 0xff;
      try {
        expect(toHex(rootOf([]))).toBe(CT_ROOTS[0]);
        expect(toHex(new MerkleAccumulator().root())).toBe(CT_ROOTS[0]);
        expect(verifyConsistency(0, 0, fromHex(CT_ROOTS[0]), fromHex(CT_ROOTS[0]), [])).toBe(true);
      } finally {
        EMPTY_ROOT[1] ^= 0xff;
      }
    });
  });

  describe('MerkleAccumulator', () => {
    it('equals rootOf after every append, for arbitrary leaves (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 300 }), (entries) => {
          const hashes = entries.map(leafHash);
          const accumulator = new MerkleAccumulator();
          const tree = new MerkleTree(hashes);
          hashes.forEach((hash, i) => {
            accumulator.append(hash);
            expect(toHex(accumulator.root())).toBe(toHex(tree.rootAt(i + 1)));
          });
          expect(toHex(accumulator.root())).toBe(toHex(rootOf(hashes)));
          expect(accumulator.frontier()).toHaveLength([...hashes.length.toString(2)].filter((bit) => bit === '1').length);
        }),
        { numRuns: 40 },
      );
    });

    it('copies: neither the appended hash, the frontier nor a clone shares state', () => {
      const hashes = makeLeaves(6);
      const accumulator = accumulate(hashes.slice(0, 5).map((h) => h.slice()));
      const before = toHex(accumulator.root());
      accumulator.frontier()[0][0] ^= 1;
      const clone = accumulator.clone();
      clone.append(hashes[5]);
      expect(toHex(accumulator.root())).toBe(before);
      expect(accumulator.size).toBe(5);
      expect(toHex(clone.root())).toBe(toHex(rootOf(hashes)));

      const appended = hashes[0].slice();
      const single = accumulate([appended]);
      appended[0] ^= 1;
      expect(toHex(single.root())).toBe(toHex(hashes[0]));
    });

    it('refuses a frontier that does not match the size', () => {
      const frontier = accumulate(makeLeaves(6)).frontier(); // 6 = 4 + 2: two hashes
      expect(() => MerkleAccumulator.fromFrontier(6, frontier.slice(1))).toThrow(RangeError);
      expect(() => MerkleAccumulator.fromFrontier(7, frontier)).toThrow(RangeError);
      expect(() => MerkleAccumulator.fromFrontier(-1, [])).toThrow(RangeError);
      expect(() => MerkleAccumulator.fromFrontier(6, [frontier[0], new Uint8Array(3)])).toThrow(TypeError);
      expect(MerkleAccumulator.fromFrontier(0, []).root()).toEqual(EMPTY_ROOT);
    });

    it('handles sizes beyond 32 bits', () => {
      // 2^40 + 2^3 + 1 leaves: three subtrees, the largest never hashed here.
      const [big, mid, one] = makeLeaves(3, 'huge');
      const accumulator = MerkleAccumulator.fromFrontier(2 ** 40 + 9, [big, mid, one]);
      expect(toHex(accumulator.root())).toBe(toHex(nodeHash(big, nodeHash(mid, one))));
      const extra = leafHash(bytes('next'));
      accumulator.append(extra);
      expect(accumulator.size).toBe(2 ** 40 + 10);
      expect(hexes(accumulator.frontier())).toEqual(hexes([big, mid, nodeHash(one, extra)]));
    });
  });

  describe('hex', () => {
    it('round-trips lowercase hex', () => {
      expect(toHex(fromHex(''))).toBe('');
      expect(Array.from(fromHex('00ff10'))).toEqual([0, 255, 16]);
      expect(toHex(Uint8Array.of(0, 255, 16))).toBe('00ff10');
      expect(toHex(fromHex(CT_ROOTS[8]))).toBe(CT_ROOTS[8]);
      expect(toHex(new Uint8Array([9, 1, 2, 3]).subarray(1, 3))).toBe('0102');
    });

    it.each(['0', 'abc', 'AB', '0g', 'zz', ' 00', '00 ', '0x00', '+1'])('rejects %j', (text) => {
      expect(() => fromHex(text)).toThrow(TypeError);
    });
  });

  describe('larger trees', () => {
    it('agrees across rootOf, MerkleTree and the accumulator on 20,000 leaves, and its proofs verify', () => {
      const n = 20_000;
      const leaves = makeLeaves(n, 'large');
      const tree = new MerkleTree(leaves);
      const root = rootOf(leaves);
      expect(toHex(tree.root())).toBe(toHex(root));
      expect(toHex(accumulate(leaves).root())).toBe(toHex(root));
      for (const index of [0, 1, 8191, 16_384, 19_999]) {
        expect(verifyInclusion(leaves[index], index, n, inclusionProof(leaves, index), root)).toBe(true);
      }
      for (const [m, size] of [
        [1, n],
        [16_384, n],
        [12_345, 19_000],
        [19_999, n],
      ]) {
        expect(verifyConsistency(m, size, rootOf(leaves.slice(0, m)), tree.rootAt(size), tree.consistencyProof(m, size))).toBe(true);
      }
    });
  });
});

function fromHexAll(hashes: readonly string[]): Uint8Array[] {
  return hashes.map(fromHex);
}
