export { EMPTY_ROOT, fromHex, HASH_SIZE, leafHash, nodeHash, toHex } from './merkle.hash';
export { consistencyProof, inclusionProof, MerkleTree, rootOf } from './merkle.tree';
export { verifyConsistency, verifyInclusion } from './merkle.proofs';
export { MerkleAccumulator } from './merkle.accumulator';
export * from './checkpoint';
export * from './checkpointer';
export * from './bundle';
export * from './point-in-time';
export { renderBundleHtml } from './bundle.html';
