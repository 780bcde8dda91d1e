import fc from 'fast-check';
import { MerkleAccumulator } from './merkle.accumulator';
import { EMPTY_ROOT, leafHash, nodeHash, toHex } from './merkle.hash';
import { MerkleTree, rootOf } from './merkle.tree';
import { accumulate, bytes, hexes, makeLeaves } from './testing/merkle.fixtures';
import { RefTree } from './testing/merkle.reference';

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

  describe('every tree of 1 to 64 leaves', () => {
    const MAX = 64;
    const leaves = makeLeaves(MAX);
    const ref = new RefTree(leaves);

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
});
