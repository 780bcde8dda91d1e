/**
 * The hashes of Certificate Transparency's Merkle trees (RFC 6962 §2.1): 32-byte SHA-256 hashes held in
 * `Uint8Array`s, with a one-byte prefix that separates leaves (0x00) from interior nodes (0x01), so no
 * leaf can be passed off as a subtree or the other way round (second-preimage protection).
 */
import * as nodeCrypto from 'node:crypto';

/** Size in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
export const NODE_PREFIX = 0x01;

/** One-shot SHA-256, as a plain Uint8Array. `crypto.hash` (Node >= 20.12) avoids a Hash object per call. */
export const sha256: (data: Uint8Array) => Uint8Array =
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

/** A fresh copy of the empty root, whatever a caller has written into EMPTY_ROOT. */
export function emptyRoot(): Uint8Array {
  return EMPTY.slice();
}

/** Whether `hash` is the empty root, judged against the private copy. */
export function isEmptyRoot(hash: Uint8Array): boolean {
  return bytesEqual(hash, EMPTY);
}

/** The hash of a leaf: SHA-256(0x00 || data), where `data` is the raw log entry. */
export function leafHash(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return sha256(input);
}

/**
 * leafHash of the 32 bytes that 64 hex digits spell, the digits written straight into the hash input
 * (no regex, no intermediate array): what the checkpointer and every bundle do once per event.
 */
export function leafHashOfHex(hex: string): Uint8Array {
  const input = Buffer.allocUnsafe(1 + HASH_SIZE);
  input[0] = LEAF_PREFIX;
  if (typeof hex !== 'string' || hex.length !== 2 * HASH_SIZE || input.write(hex, 1, 'hex') !== HASH_SIZE) {
    throw new TypeError('expected the 64 hex digits of a 32-byte hash');
  }
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

export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

export function assertHash(value: unknown, name: string): asserts value is Uint8Array {
  if (!isHash(value)) throw new TypeError(`${name}: expected a ${HASH_SIZE}-byte hash`);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
