import { MerkleAccumulator } from './merkle.accumulator';
import { EMPTY_ROOT, fromHex, HASH_SIZE, leafHash, leafHashOfHex, nodeHash, toHex } from './merkle.hash';
import { verifyConsistency } from './merkle.proofs';
import { inclusionProof, rootOf } from './merkle.tree';
import { bytes, CT_LEAVES, CT_ROOTS, ctLeafHashes } from './testing/merkle.fixtures';
import { sha256 } from './testing/merkle.reference';

describe('RFC 6962 Merkle hashes', () => {
  describe('hashing primitives', () => {
    it('hashes the leaf of an event hash given in hex as leafHash of its bytes, and refuses anything but 64 hex digits', () => {
      for (const hash of ctLeafHashes) expect(toHex(leafHashOfHex(toHex(hash)))).toBe(toHex(leafHash(hash)));
      for (const bad of ['', 'ab', 'zz'.repeat(32), `${'ab'.repeat(31)}a`, `${'ab'.repeat(31)}zz`, 'ab'.repeat(33)]) expect(() => leafHashOfHex(bad)).toThrow(TypeError);
    });
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
});
