import { MerkleAccumulator } from './merkle.accumulator';
import { toHex } from './merkle.hash';
import { multiproofFrom, rootFromMultiproof, verifyMultiproof } from './merkle.multiproof';
import { consistencyProofFrom, inclusionProofFrom } from './merkle.proofs';
import { perfectSubtrees, subtreeFromPerfect } from './merkle.subtrees';
import { MerkleTree } from './merkle.tree';
import { CT_ROOTS, ctLeafHashes, makeLeaves } from './testing/merkle.fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const verifier = require('../../../bin/sanctions-verify.js') as {
  rootFromMultiproof: (leaves: { index: number; hash: Buffer }[], size: number, proof: Buffer[]) => Buffer | null;
};

const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129];

/** Deterministic subsets of [0, n): every leaf, none but one, runs, scattered ones, the ends. */
function subsets(n: number): number[][] {
  let seed = n * 7919 + 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  const all = Array.from({ length: n }, (_, i) => i);
  const out = [all, [0], [n - 1], all.filter((i) => i % 3 === 0), all.filter((i) => i >= n / 2)];
  for (let k = 0; k < 6; k++) out.push(all.filter(() => random() < 0.3));
  return out.filter((s) => s.length > 0);
}

/** The reference vectors of docs/court-bundles.md: over Certificate Transparency's test leaves. */
const VECTORS: [number, number[], string[]][] = [
  [7, [1, 4, 5], ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f']],
  [
    8,
    [0, 7],
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    ],
  ],
  [5, [2], ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125', '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];

describe('multiproofs (bundle format 2)', () => {
  const leaves = makeLeaves(129);

  it.each(VECTORS)('reference vector: a tree of %i of the CT leaves, leaves %j', (size, indexes, expected) => {
    const tree = new MerkleTree(ctLeafHashes.slice(0, size));
    expect(multiproofFrom((lo, hi) => tree.subtreeHash(lo, hi), indexes, size).map(toHex)).toEqual(expected);
    const rebuilt = rootFromMultiproof(indexes.map((index) => ({ index, hash: ctLeafHashes[index] })), size, expected.map((h) => Buffer.from(h, 'hex')));
    expect(toHex(rebuilt!)).toBe(CT_ROOTS[size]);
  });

  it.each(SIZES)('for a tree of %i leaves, every subset rebuilds the root, in the service and in sanctions-verify', (n) => {
    const tree = new MerkleTree(leaves.slice(0, n));
    const root = tree.root();
    for (const indexes of subsets(n)) {
      const proof = multiproofFrom((lo, hi) => tree.subtreeHash(lo, hi), indexes, n);
      const ours = indexes.map((index) => ({ index, hash: leaves[index] }));
      expect(toHex(rootFromMultiproof(ours, n, proof)!)).toBe(toHex(root));
      const theirs = verifier.rootFromMultiproof(ours.map((l) => ({ index: l.index, hash: Buffer.from(l.hash) })), n, proof.map((p) => Buffer.from(p)));
      expect(theirs && toHex(theirs)).toBe(toHex(root));
      // Never longer than the inclusion proofs it replaces.
      expect(proof.length).toBeLessThanOrEqual(indexes.reduce((sum, i) => sum + tree.inclusionProof(i).length, 0));
      if (indexes.length === n) expect(proof).toEqual([]);
    }
  });

  it('refuses a changed leaf, a changed, missing or extra node, and leaves out of order', () => {
    const n = 33;
    const tree = new MerkleTree(leaves.slice(0, n));
    const root = tree.root();
    const indexes = [2, 3, 10, 20, 32];
    const proof = multiproofFrom((lo, hi) => tree.subtreeHash(lo, hi), indexes, n);
    const ours = indexes.map((index) => ({ index, hash: leaves[index] }));
    expect(verifyMultiproof(ours, n, proof, root)).toBe(true);
    expect(verifyMultiproof(ours.map((l, i) => (i === 2 ? { ...l, hash: leaves[11] } : l)), n, proof, root)).toBe(false);
    for (let j = 0; j < proof.length; j++) {
      const changed = proof.map((p, i) => (i === j ? leaves[100] : p));
      expect(verifyMultiproof(ours, n, changed, root)).toBe(false);
      expect(verifyMultiproof(ours, n, proof.filter((_, i) => i !== j), root)).toBe(false);
    }
    expect(verifyMultiproof(ours, n, [...proof, leaves[0]], root)).toBe(false);
    expect(verifyMultiproof(ours.slice(1), n, proof, root)).toBe(false); // a leaf dropped
    expect(verifyMultiproof([ours[1], ours[0], ...ours.slice(2)], n, proof, root)).toBe(false);
    expect(verifyMultiproof(ours, n + 1, proof, root)).toBe(false);
    expect(() => multiproofFrom((lo, hi) => tree.subtreeHash(lo, hi), [3, 2], n)).toThrow(RangeError);
    expect(() => multiproofFrom((lo, hi) => tree.subtreeHash(lo, hi), [], n)).toThrow(RangeError);
  });

  it('the interior nodes the accumulator reports rebuild the frontier of every size and every subtree a proof asks for', () => {
    const n = 129;
    const accumulator = new MerkleAccumulator();
    const stored = new Map<string, Uint8Array>();
    const lookup = (k: { level: number; index: number }) => stored.get(`${k.level}/${k.index}`)!;
    const tree = new MerkleTree(leaves.slice(0, n));
    for (let i = 0; i < n; i++) {
      stored.set(`0/${i}`, leaves[i]);
      accumulator.append(leaves[i], (level, hash) => stored.set(`${level}/${(i + 1) / 2 ** level - 1}`, hash));
      expect(perfectSubtrees(0, i + 1).map((k) => toHex(lookup(k)))).toEqual(accumulator.frontier().map(toHex));
    }
    for (let size = 1; size <= 65; size++) {
      const asked: [number, number][] = [];
      const record = (lo: number, hi: number) => (asked.push([lo, hi]), tree.subtreeHash(lo, hi));
      for (let index = 0; index < size; index++) inclusionProofFrom(record, index, size);
      for (let old = 1; old <= size; old++) consistencyProofFrom(record, old, size);
      multiproofFrom(record, [0, size - 1].filter((v, i, a) => a.indexOf(v) === i), size);
      for (const [lo, hi] of asked) expect(toHex(subtreeFromPerfect(lo, hi, lookup))).toBe(toHex(tree.subtreeHash(lo, hi)));
    }
  });
});
