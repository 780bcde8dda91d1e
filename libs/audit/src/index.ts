export { EMPTY_ROOT, fromHex, HASH_SIZE, leafHash, nodeHash, toHex } from './merkle.hash';
export { consistencyProof, inclusionProof, MerkleTree, rootOf } from './merkle.tree';
export { verifyConsistency, verifyInclusion } from './merkle.proofs';
export { multiproofFrom, rootFromMultiproof, verifyMultiproof } from './merkle.multiproof';
export { MerkleAccumulator } from './merkle.accumulator';
export * from './checkpoint';
export * from './signing-keys';
export * from './checkpointer';
export * from './checkpoint-witness';
export * from './bundle';
export { bundleTree, type BundleTree } from './bundle-tree';
export { rebuildLogTree } from './log-tree.rebuild';
export * from './point-in-time';
export { renderBundleHtml } from './bundle.html';
// Instants, durations and events in words, as the court bundle's page says them; the console says them alike.
export { dateInWords, durationInWords, instantInWords } from './bundle-html.dates';
export { eventName } from './bundle-html.text';
