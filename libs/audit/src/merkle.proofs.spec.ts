import fc from 'fast-check';
import { EMPTY_ROOT, fromHex, HASH_SIZE, leafHash, nodeHash } from './merkle.hash';
import { verifyConsistency, verifyInclusion } from './merkle.proofs';
import { consistencyProof, inclusionProof, MerkleTree } from './merkle.tree';
import { bytes, CT_CONSISTENCY, CT_INCLUSION, ctLeafHashes, ctRoot, flipBit, hexes, makeLeaves } from './testing/merkle.fixtures';
import { consistencyOracle, inclusionOracle, RefTree, refPath, refProof } from './testing/merkle.reference';

describe('RFC 6962 Merkle proofs', () => {
  describe("Certificate Transparency's reference vectors", () => {
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
  });
});

function fromHexAll(hashes: readonly string[]): Uint8Array[] {
  return hashes.map(fromHex);
}
