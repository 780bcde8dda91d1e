import { MerkleAccumulator } from './merkle.accumulator';
import { toHex } from './merkle.hash';
import { verifyConsistency, verifyInclusion } from './merkle.proofs';
import { inclusionProof, MerkleTree, rootOf } from './merkle.tree';
import { accumulate, CT_ROOTS, ctLeafHashes, makeLeaves } from './testing/merkle.fixtures';
import { RefTree } from './testing/merkle.reference';

describe('RFC 6962 Merkle trees', () => {
  describe("Certificate Transparency's reference vectors", () => {
    it.each(CT_ROOTS.map((root, size) => [size, root]))('root of the first %i leaves is %s', (size, root) => {
      const prefix = ctLeafHashes.slice(0, size as number);
      expect(toHex(rootOf(prefix))).toBe(root);
      expect(toHex(new MerkleTree(prefix).root())).toBe(root);
      expect(toHex(new MerkleTree(ctLeafHashes).rootAt(size as number))).toBe(root);
      expect(toHex(accumulate(prefix).root())).toBe(root);
    });
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
