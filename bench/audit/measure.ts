/**
 * One court bundle measured as the service exports it and a court verifies it, and the service's
 * own Checkpointer run over a log until it covers it: shared by bench/audit and any bench that
 * builds its own log (bench/scale), so that they measure the same thing.
 */
import { join } from 'node:path';
import {
  buildBundle,
  bundleTree,
  Checkpointer,
  latestCheckpoint,
  type AuditBundle,
  type BundleVersion,
  type CheckpointSigner,
  type PublicJwk,
  type StoredCheckpoint,
} from '@app/audit';
import type { EventStore } from '@app/event-store';

// The offline verifier as a court runs it: plain CommonJS, no shared code with the service.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyBundle } = require(join(__dirname, '../../bin/sanctions-verify.js')) as {
  verifyBundle: (bundle: unknown, options: { jwks?: { keys: PublicJwk[] } }) => { events: number; included: number; pending: number; checkpoint: { treeSize: number } };
};

const since = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

export async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const value = await work();
  return [value, since(started)];
}

/**
 * Runs the service's Checkpointer (every event due, no wait) until its latest checkpoint covers
 * exactly `total` events, then stops it; meanwhile it writes the log's tree (stores that keep one).
 */
export async function checkpointLog(store: EventStore, signer: CheckpointSigner, total: number, options: { origin?: string; timeoutMs?: number } = {}): Promise<StoredCheckpoint> {
  const problems: unknown[] = [];
  const checkpointer = new Checkpointer({
    store,
    signer,
    origin: options.origin ?? 'bench-audit',
    everyEvents: 1,
    everyMs: 0,
    pollMs: 10,
    logger: { log: () => undefined, warn: (m) => problems.push(m), error: (m) => problems.push(m) },
  });
  checkpointer.start();
  const timeoutMs = options.timeoutMs ?? 600_000;
  try {
    for (const deadline = Date.now() + timeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 10))) {
      const latest = await latestCheckpoint(store);
      if (latest && latest.checkpoint.treeSize >= total) {
        if (latest.checkpoint.treeSize !== total) throw new Error(`checkpoint covers ${latest.checkpoint.treeSize} events, expected ${total}`);
        return latest;
      }
      if (problems.length > 0) throw new Error(`checkpointer: ${JSON.stringify(problems)}`);
      if (Date.now() > deadline) throw new Error(`no checkpoint of the ${total} events within ${timeoutMs / 1000} s`);
    }
  } finally {
    await checkpointer.stop();
  }
}

export interface BundleMeasurement {
  /** Where the proofs came from: the written tree, or the whole log read again. */
  source: 'written' | 'log';
  buildMs: number;
  stringifyMs: number;
  parseMs: number;
  verifyMs: number;
  /** build + stringify: what the api spends. */
  exportMs: number;
  /** parse + verify: what a court spends. */
  courtMs: number;
  bytes: number;
  text: string;
}

/**
 * Exports the bundle of `stream` (`buildBundle`, then `JSON.stringify`, as the api answers it) and
 * verifies it (`JSON.parse`, then sanctions-verify's `verifyBundle` against `jwks`); fails unless the
 * verifier finds `expect.events` events, all included in a tree of `expect.treeSize`.
 */
export async function measureBundle(
  store: EventStore,
  stream: string,
  options: { signer: CheckpointSigner; jwks: { keys: PublicJwk[] }; expect: { events: number; treeSize: number }; format?: BundleVersion },
): Promise<BundleMeasurement> {
  const { signer, jwks, expect } = options;
  const [bundle, buildMs] = await timed(() => buildBundle(store, stream, { keys: signer.publicJwks, signer, now: () => new Date(), format: options.format }));
  const [text, stringifyMs] = await timed(() => JSON.stringify(bundle));
  const [parsed, parseMs] = await timed(() => JSON.parse(text) as AuditBundle);
  const [result, verifyMs] = await timed(() => verifyBundle(parsed, { jwks }));
  if (result.events !== expect.events || result.included !== expect.events || result.pending !== 0 || result.checkpoint.treeSize !== expect.treeSize) {
    throw new Error(`verifier: ${JSON.stringify(result)}; expected ${expect.events} events, all included in a tree of ${expect.treeSize}`);
  }
  const { source } = await bundleTree(store, bundle.checkpoint, stream);
  return { source, buildMs, stringifyMs, parseMs, verifyMs, exportMs: buildMs + stringifyMs, courtMs: parseMs + verifyMs, bytes: Buffer.byteLength(text), text };
}
