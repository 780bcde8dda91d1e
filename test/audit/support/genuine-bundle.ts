import { randomBytes, randomUUID } from 'node:crypto';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_V1, CheckpointSigner, eventLeaf, leafHash, MerkleTree, multiproofFrom, newPrivateJwk, signingKeysFromJwks, toHex, type AuditBundle, type BundledEvent, type BundleVersion, type PublicJwk } from '@app/audit';
import { decide, evolve, initialState, type DesignationCommand } from '@app/domain';
import { computeEventHash, GENESIS_HASH, toJsonObject } from '@app/event-store';
import { DESIGNATION_ID, POLICY } from '../../../libs/domain/testing/fixtures';

export const STREAM = `designation-${DESIGNATION_ID}`;

export interface GenuineBundleOptions {
  /** How many of the newest events the checkpoint does not cover yet. */
  uncovered?: number;
  kid?: string;
  /** The checkpoint's issuedAt and the bundle's generatedAt; by default just after the last event. */
  issuedAt?: string;
  generatedAt?: string;
  /** Default 2 (one multiproof); 1: an inclusion proof per event. */
  format?: BundleVersion;
}

/**
 * Records commands as the service would (decided by the real decider, hash-chained, interleaved with
 * two events of other streams before each of ours), folds the log into a Merkle tree, and signs a
 * checkpoint and a statement with a fresh key: a bundle `sanctions-verify` accepts, with the JWKS
 * that verifies it.
 */
export async function genuineBundle(commands: DesignationCommand[], options: GenuineBundleOptions = {}): Promise<{ bundle: AuditBundle; jwks: { keys: PublicJwk[] } }> {
  const { v1, v2, jwks } = await genuineBundles(commands, options);
  return { bundle: options.format === 1 ? v1 : v2, jwks };
}

/** The same log, checkpoint and statement as bundles of both formats. */
export async function genuineBundles(commands: DesignationCommand[], options: Omit<GenuineBundleOptions, 'format'> = {}): Promise<{ v1: AuditBundle; v2: AuditBundle; jwks: { keys: PublicJwk[] } }> {
  const signer = new CheckpointSigner(signingKeysFromJwks(JSON.stringify([newPrivateJwk(options.kid ?? 'court-e2e-key')])));
  let state = initialState();
  const recorded: Omit<BundledEvent, 'leafIndex'>[] = [];
  let prevHash = GENESIS_HASH;
  for (const c of commands) {
    const decided = decide(c, state, POLICY);
    state = decided.reduce(evolve, state);
    for (const event of decided) {
      const revision = recorded.length;
      const data = toJsonObject(event.data);
      const commandId = randomUUID();
      const metadata = { commandId, correlationId: commandId, causationId: commandId, actor: { id: c.metadata.actor.id, roles: [...c.metadata.actor.roles] }, recordedAt: c.metadata.now, prevHash };
      const hash = computeEventHash({ stream: STREAM, revision, type: event.type, data, metadata });
      prevHash = hash;
      recorded.push({ streamName: STREAM, revision, position: 3 * revision + 2, eventId: randomUUID(), type: event.type, data, metadata: { ...metadata, hash } });
    }
  }
  const uncovered = options.uncovered ?? 0;
  const coveredCount = recorded.length - uncovered;
  const lastPosition = recorded[coveredCount - 1].position;
  const leaves: Uint8Array[] = [];
  for (let position = 0; position <= lastPosition; position++) {
    const ours = recorded.find((e) => e.position === position);
    leaves.push(ours ? eventLeaf(ours) : leafHash(randomBytes(32)));
  }
  const tree = new MerkleTree(leaves);
  const lastRecorded = Date.parse(String(recorded.at(-1)!.metadata.recordedAt));
  const issuedAt = options.issuedAt ?? new Date(lastRecorded + 60_000).toISOString();
  const generatedAt = options.generatedAt ?? new Date(Date.parse(issuedAt) + 60_000).toISOString();
  const checkpoint = { origin: 'sanctions.example/court-e2e', treeSize: tree.size, rootHash: toHex(tree.root()), issuedAt, lastPosition };
  const common = {
    stream: STREAM,
    generatedAt,
    statement: await signer.signStatement({ stream: STREAM, events: recorded.length, headHash: prevHash, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, generatedAt }),
    checkpoint: { ...checkpoint, jws: await signer.sign(checkpoint), kid: signer.activeKid },
    keys: signer.publicJwks,
  };
  const covered = (i: number) => i < coveredCount;
  const v1: AuditBundle = {
    format: BUNDLE_FORMAT_V1,
    ...common,
    events: recorded.map((e, i) => (covered(i) ? { ...e, leafIndex: e.position, inclusionProof: tree.inclusionProof(e.position).map(toHex) } : { ...e, leafIndex: null, inclusionProof: null })),
  };
  const v2: AuditBundle = {
    format: BUNDLE_FORMAT,
    ...common,
    events: recorded.map((e, i) => ({ ...e, leafIndex: covered(i) ? e.position : null })),
    multiproof: multiproofFrom((lo, hi) => tree.subtreeHash(lo, hi), recorded.slice(0, coveredCount).map((e) => e.position), tree.size).map(toHex),
  };
  return { v1, v2, jwks: signer.jwks() };
}
