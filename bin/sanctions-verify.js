#!/usr/bin/env node
'use strict';
/*
 * sanctions-verify: checks a court bundle offline, with nothing but Node.js's own crypto.
 *
 *   npx sanctions-verify <bundle.json> --jwks <jwks.json> [--checkpoint <held.json>]
 *   npx sanctions-verify <bundle.json> --trust-embedded-keys [--checkpoint <held.json>]
 *
 * The keys come from a JWKS the court trusts (--jwks), never silently from the bundle: whoever forges
 * a bundle can sign it with a key of their own and put that key in it, so the keys a bundle carries
 * prove its integrity (nothing changed since it was signed), not its provenance (who signed it).
 * --trust-embedded-keys checks that integrity alone, and says so.
 *
 * It is written apart from the service on purpose (no shared code): a second implementation of
 * the published algorithm (docs/court-bundles.md, "Verifying a court bundle"), which is what lets a court trust
 * the result without trusting the service. It never touches the network. It exits 0 with a
 * summary when every check passes; otherwise 1, naming the first failure (2 for unusable input).
 */
const { createHash, createPublicKey, hash: cryptoHash, verify } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { parseArgs } = require('node:util');

const GENESIS = '0'.repeat(64);

class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};

// ---- RFC 8785 (JCS) canonical JSON -------------------------------------------------------------
/** One string built by appending (no arrays of parts): this runs over every value of every event. */
function canonical(value) {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) fail('a number in the bundle is not finite');
      return JSON.stringify(value); // ECMAScript Number-to-string, as RFC 8785 prescribes; -0 becomes 0
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonical(value[i]);
        return `${out}]`;
      }
      const keys = Object.keys(value).sort(); // UTF-16 code unit order
      let out = '{';
      for (let i = 0; i < keys.length; i++) out += `${i === 0 ? '' : ','}${JSON.stringify(keys[i])}:${canonical(value[keys[i]])}`;
      return `${out}}`;
    }
    default:
      fail(`a value of type ${typeof value} cannot be canonicalized`);
  }
}

/** SHA-256 of one buffer: one-shot where Node.js has it (>= 20.12), no Hash object per call. */
const sha256 =
  typeof cryptoHash === 'function' ? (data) => cryptoHash('sha256', data, 'buffer') : (data) => createHash('sha256').update(data).digest();
const hex = (buf) => Buffer.from(buf).toString('hex');
/** Buffer stops decoding at the first pair that is not hex, so a full-length result means it all was (no regex per hash). */
const unhex = (text, what) => {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'hex') : undefined;
  if (!bytes || bytes.length * 2 !== text.length) fail(`${what} is not hex`);
  return bytes;
};
/** 32 bytes of hex, or undefined. */
const hash32 = (text) => {
  const bytes = typeof text === 'string' && text.length === 64 ? Buffer.from(text, 'hex') : undefined;
  return bytes && bytes.length === 32 ? bytes : undefined;
};
const unhexHash = (text, what) => hash32(text) || fail(`${what} is not a 32-byte hash in hex`);

// ---- The per-stream hash chain -----------------------------------------------------------------
function eventHash(stream, event) {
  const { hash: _omitted, ...metadata } = event.metadata;
  return hex(sha256(Buffer.from(canonical({ stream, revision: event.revision, type: event.type, data: event.data, metadata }), 'utf8')));
}


// ---- RFC 6962 / RFC 9162 Merkle proofs ---------------------------------------------------------
/** SHA-256(0x00 ‖ the 32 bytes of the event's hash), the hex written straight into the input. */
const leafOf = (eventHashHex) => {
  const input = Buffer.allocUnsafe(33);
  input[0] = 0;
  if (typeof eventHashHex !== 'string' || eventHashHex.length !== 64 || input.write(eventHashHex, 1, 'hex') !== 32) fail('an event hash is not 32 bytes of hex');
  return sha256(input);
};
const node = (left, right) => {
  const input = Buffer.allocUnsafe(65);
  input[0] = 1;
  left.copy(input, 1);
  right.copy(input, 33);
  return sha256(input);
};
const odd = (n) => n % 2 === 1;
const half = (n) => Math.floor(n / 2);

const largestPowerOfTwoBelow = (n) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/**
 * Format 1's inclusion proofs, many at once: RFC 6962's PATH of each leaf, checked bottom-up, with
 * every node of a path that reached the signed root remembered by its leaf range. A later path that
 * meets a remembered node with the same hash is proven from there on, and the rest of its proof must
 * equal the remembered siblings (so a wrong proof node is still refused): about one hash per leaf
 * for a stream's neighbouring leaves instead of one per level.
 */
function inclusionVerifier(size, root) {
  const known = new Map();
  return (leaf, index, proof, name) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) return false;
    const steps = [];
    for (let lo = 0, hi = size; hi - lo > 1; ) {
      const k = largestPowerOfTwoBelow(hi - lo);
      if (index < lo + k) {
        steps.push({ sibling: `${lo + k}/${hi}`, parent: `${lo}/${hi}`, right: true });
        hi = lo + k;
      } else {
        steps.push({ sibling: `${lo}/${lo + k}`, parent: `${lo}/${hi}`, right: false });
        lo += k;
      }
    }
    steps.reverse();
    if (proof.length !== steps.length) return false;
    const learned = [];
    let r = leaf;
    for (let j = 0; j < steps.length; j++) {
      const { sibling, parent, right } = steps[j];
      const p = hash32(proof[j]);
      if (!p) fail(`${name}: proof step ${j} is not a 32-byte hash in hex`);
      const seen = known.get(sibling);
      if (seen && !seen.equals(p)) return false;
      r = right ? node(r, p) : node(p, r);
      const proven = known.get(parent);
      if (proven) {
        if (!proven.equals(r)) return false;
        for (let t = j + 1; t < steps.length; t++) {
          const above = known.get(steps[t].sibling);
          const q = hash32(proof[t]);
          if (!q) fail(`${name}: proof step ${t} is not a 32-byte hash in hex`);
          if (!above || !above.equals(q)) return false;
        }
        for (const [key, hash] of learned) known.set(key, hash);
        known.set(sibling, p);
        return true;
      }
      learned.push([sibling, p], [parent, r]);
    }
    if (!r.equals(root)) return false;
    for (const [key, hash] of learned) known.set(key, hash);
    return true;
  };
}

/**
 * Format 2's multiproof: the root rebuilt from the stream's leaves (index and hash, by increasing
 * index) and the proof's hashes, by the recursion that defines it (docs/court-bundles.md): over
 * D[lo:hi], no leaf of ours inside takes the next proof hash; one leaf of ours is its leaf hash;
 * otherwise split at the largest power of two below hi - lo. Null if leaves and proof do not fit.
 */
function rootFromMultiproof(leaves, size, proof) {
  let leaf = 0;
  let taken = 0;
  const walk = (lo, hi) => {
    if (leaf === leaves.length || leaves[leaf].index >= hi) return taken < proof.length ? proof[taken++] : null;
    if (hi - lo === 1) return leaves[leaf++].hash;
    const k = largestPowerOfTwoBelow(hi - lo);
    const left = walk(lo, lo + k);
    const right = left && walk(lo + k, hi);
    return right && node(left, right);
  };
  const root = walk(0, size);
  return root && leaf === leaves.length && taken === proof.length ? root : null;
}

/** RFC 9162 §2.1.4.2. */
function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 1 || first > second) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  // When the old tree is a complete subtree (a power of two), its root is the proof's first node.
  const path = Number.isInteger(Math.log2(first)) ? [firstRoot, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) (fn = half(fn)), (sn = half(sn));
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      if (!odd(fn)) while (!odd(fn) && fn !== 0) (fn = half(fn)), (sn = half(sn));
    } else {
      sr = node(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}

// ---- Signed checkpoints (compact JWS, EdDSA / Ed25519) -----------------------------------------
function verifyCheckpointJws(jws, keys, what) {
  if (typeof jws !== 'string' || jws.split('.').length !== 3) fail(`${what}: the signature is not a compact JWS`);
  const [h, p, s] = jws.split('.');
  let header;
  let payload;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    fail(`${what}: the JWS does not decode`);
  }
  if (header.alg !== 'EdDSA') fail(`${what}: signed with ${header.alg}, not EdDSA`);
  const jwk = keys.find((k) => k.kid === header.kid);
  if (!jwk) fail(`${what}: signed with key "${header.kid}", which is not among the trusted keys`);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') fail(`${what}: key "${header.kid}" is not an Ed25519 public key`);
  let key;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  } catch {
    fail(`${what}: key "${header.kid}" is not a valid Ed25519 key`);
  }
  if (!verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) fail(`${what}: the signature does not verify with key "${header.kid}"`);
  if (Buffer.from(p, 'base64url').toString('utf8') !== canonical(payload)) fail(`${what}: the signed payload is not canonical JSON`);
  return { payload, kid: header.kid };
}

const CHECKPOINT_FIELDS = ['origin', 'treeSize', 'rootHash', 'issuedAt', 'lastPosition'];
const pick = (o) => Object.fromEntries(CHECKPOINT_FIELDS.map((k) => [k, o[k]]));

// ---- The bundle ---------------------------------------------------------------------------------
/** How a failure names an event: written out only when a failure is reported (not 10,000 times for a sound bundle). */
const nameOf = (event, i) => ({ toString: () => `event ${i} (revision ${event && event.revision}${event && event.eventId ? `, ${event.eventId}` : ''})` });

const FORMAT_V1 = 'sanctions-audit-bundle/1';
const FORMAT_V2 = 'sanctions-audit-bundle/2';
const isBundle = (value) => Boolean(value) && (value.format === FORMAT_V1 || value.format === FORMAT_V2);

function verifyBundle(bundle, options) {
  if (!isBundle(bundle)) fail(`not a sanctions audit bundle (format ${FORMAT_V1} or ${FORMAT_V2})`);
  if (!options.jwks && !options.trustEmbeddedKeys) fail(`no trusted keys: ${NO_TRUSTED_KEYS}`);
  const keys = options.jwks ? options.jwks.keys : bundle.keys;
  if (!Array.isArray(keys)) fail(options.jwks ? 'the JWKS has no "keys" array' : 'the bundle carries no "keys" array');

  // 1. The checkpoint is signed by a trusted key, and says what the bundle says it says.
  const { payload: signed, kid } = verifyCheckpointJws(bundle.checkpoint && bundle.checkpoint.jws, keys, 'the checkpoint');
  if (canonical(pick(signed)) !== canonical(pick(bundle.checkpoint))) fail('the checkpoint: its fields differ from what was signed');
  if (bundle.checkpoint.kid !== kid) fail(`the checkpoint names key "${bundle.checkpoint.kid}" but was signed with "${kid}"`);
  const root = unhex(signed.rootHash, 'the checkpoint root');
  if (root.length !== 32) fail('the checkpoint root is not 32 bytes');

  // 2. The service's signed statement of what the bundle holds: the stream, how many events, the last one.
  const events = bundle.events;
  if (!Array.isArray(events) || events.length === 0) fail('the bundle has no events');
  const { payload: statement } = verifyCheckpointJws(bundle.statement, keys, 'the bundle statement');
  if (statement.stream !== bundle.stream || statement.treeSize !== signed.treeSize || statement.rootHash !== signed.rootHash) {
    fail('the bundle statement is for another stream or checkpoint');
  }
  if (statement.events !== events.length) fail(`the bundle holds ${events.length} events; the service signed that it holds ${statement.events} (events cut off or added)`);
  const tail = events[events.length - 1];
  if (!tail || !tail.metadata || statement.headHash !== tail.metadata.hash) fail('the last event is not the one the service signed for');

  // 3. The stream's hash chain, from revision 0, link by link.
  let prev = GENESIS;
  const seen = new Set();
  events.forEach((event, i) => {
    const name = nameOf(event, i);
    if (!event || typeof event !== 'object' || !event.metadata) fail(`${name}: malformed`);
    if (event.streamName !== bundle.stream) fail(`${name}: belongs to stream ${event.streamName}, not ${bundle.stream}`);
    if (event.revision !== i) fail(`${name}: expected revision ${i}; an event is missing, duplicated or out of order`);
    if (event.metadata.prevHash !== prev) fail(`${name}: prevHash does not link to the event before it`);
    const recomputed = eventHash(bundle.stream, event);
    if (recomputed !== event.metadata.hash) fail(`${name}: its content does not match its hash (altered)`);
    if (seen.has(event.metadata.hash)) fail(`${name}: duplicated`);
    seen.add(event.metadata.hash);
    prev = recomputed;
  });

  // 4. Every event up to the checkpoint is in the signed tree.
  let included = 0;
  let pending = 0;
  let lastIndex = -1;
  const leaves = [];
  const verifyPath = bundle.format === FORMAT_V1 ? inclusionVerifier(signed.treeSize, root) : undefined;
  events.forEach((event, i) => {
    const name = nameOf(event, i);
    if (event.leafIndex === null || event.leafIndex === undefined) {
      if (signed.lastPosition !== null && event.position <= signed.lastPosition) fail(`${name}: recorded before the checkpoint but given no ${verifyPath ? 'inclusion proof' : 'leaf index'}`);
      pending += 1;
      return;
    }
    if (!Number.isSafeInteger(event.leafIndex) || event.leafIndex >= signed.treeSize) fail(`${name}: leaf index ${event.leafIndex} is not in the checkpoint's tree of ${signed.treeSize}`);
    if (event.leafIndex <= lastIndex) fail(`${name}: out of log order`);
    lastIndex = event.leafIndex;
    const leaf = leafOf(event.metadata.hash);
    if (verifyPath) {
      if (!Array.isArray(event.inclusionProof)) fail(`${name}: no inclusion proof`);
      if (!verifyPath(leaf, event.leafIndex, event.inclusionProof, name)) fail(`${name}: not included in the checkpoint's tree (inclusion proof fails)`);
    } else {
      leaves.push({ index: event.leafIndex, hash: leaf });
    }
    included += 1;
  });
  if (!verifyPath) {
    if (!Array.isArray(bundle.multiproof)) fail('no multiproof');
    const proof = bundle.multiproof.map((p, j) => unhexHash(p, `multiproof node ${j}`));
    if (leaves.length === 0) {
      if (proof.length !== 0) fail('a multiproof for no covered event');
    } else {
      const rebuilt = rootFromMultiproof(leaves, signed.treeSize, proof);
      if (!rebuilt) fail(`the multiproof does not fit the ${leaves.length} covered events in a tree of ${signed.treeSize} (nodes missing or left over)`);
      if (!rebuilt.equals(root)) fail(`the ${leaves.length} covered events are not all in the checkpoint's tree (the multiproof gives another root)`);
    }
  }

  // 5. Against a checkpoint (or a whole earlier bundle) the court already holds.
  let held;
  if (options.held) {
    const heldCheckpoint = isBundle(options.held) ? options.held.checkpoint : options.held;
    const { payload } = verifyCheckpointJws(heldCheckpoint && heldCheckpoint.jws, keys, 'the held checkpoint');
    if (payload.origin !== signed.origin) fail(`the held checkpoint is of log "${payload.origin}", not "${signed.origin}"`);
    if (payload.treeSize > signed.treeSize) fail(`the log has shrunk: the held checkpoint covers ${payload.treeSize} events, this one ${signed.treeSize} (truncated)`);
    const heldRoot = unhex(payload.rootHash, 'the held root');
    if (payload.treeSize === signed.treeSize) {
      if (!heldRoot.equals(root)) fail('the held checkpoint and this one have the same size but different roots (the log was rewritten)');
    } else {
      const c = bundle.consistency;
      if (!c || c.fromTreeSize !== payload.treeSize || !Array.isArray(c.proof)) fail(`no consistency proof from the held tree size ${payload.treeSize} (ask with ?since=${payload.treeSize})`);
      const proof = c.proof.map((p, j) => unhexHash(p, `consistency proof step ${j}`));
      if (!verifyConsistency(payload.treeSize, signed.treeSize, heldRoot, root, proof)) fail(`the log of size ${signed.treeSize} does not extend the held one of size ${payload.treeSize} (consistency proof fails)`);
    }
    if (isBundle(options.held) && options.held.stream === bundle.stream) {
      const now = new Set(events.map((e) => e.metadata.hash));
      const missing = options.held.events.find((e) => !now.has(e.metadata.hash));
      if (missing) fail(`event revision ${missing.revision} (${missing.eventId}) of the held bundle is missing from this one`);
    }
    held = payload.treeSize;
  }

  return { stream: bundle.stream, events: events.length, included, pending, head: prev, checkpoint: signed, kid, held, keysFromBundle: !options.jwks };
}

const NO_TRUSTED_KEYS =
  'give --jwks <jwks.json>, the service\'s published keys (/.well-known/jwks.json) obtained from a source you trust; ' +
  'or --trust-embedded-keys to check the bundle against the keys it carries itself, which proves its integrity, not provenance ' +
  '(whoever made a bundle can sign it with a key of their own and put that key in it)';

const USAGE = [
  'usage: sanctions-verify <bundle.json> --jwks <jwks.json> [--checkpoint <held checkpoint or bundle.json>]',
  '       sanctions-verify <bundle.json> --trust-embedded-keys [--checkpoint <held checkpoint or bundle.json>]',
].join('\n');

function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        jwks: { type: 'string' },
        checkpoint: { type: 'string' },
        'trust-embedded-keys': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usage(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) return usage('which bundle? give the bundle file');
  if (positionals.length > 1) return usage(`unexpected argument ${positionals[1]}`);
  const trustEmbeddedKeys = values['trust-embedded-keys'] === true;
  if (values.jwks !== undefined && trustEmbeddedKeys) return usage('either --jwks or --trust-embedded-keys, not both');
  if (values.jwks === undefined && !trustEmbeddedKeys) return usage(`no trusted keys: ${NO_TRUSTED_KEYS}`);
  const options = { trustEmbeddedKeys };
  let bundle;
  try {
    bundle = JSON.parse(readFileSync(positionals[0], 'utf8'));
    if (values.jwks !== undefined) options.jwks = JSON.parse(readFileSync(values.jwks, 'utf8'));
    if (values.checkpoint !== undefined) options.held = JSON.parse(readFileSync(values.checkpoint, 'utf8'));
  } catch (error) {
    process.stderr.write(`sanctions-verify: cannot read input: ${error.message}\n`);
    return 2;
  }
  try {
    const r = verifyBundle(bundle, options);
    const lines = [
      `OK  ${r.stream}: ${r.events} events, hash chain sound from revision 0 (head ${r.head})`,
      `    ${r.included} included in checkpoint of ${r.checkpoint.origin}: tree size ${r.checkpoint.treeSize}, issued ${r.checkpoint.issuedAt}`,
      `    root hash ${r.checkpoint.rootHash}`,
      `    signed by key ${r.kid}${r.keysFromBundle ? ', taken from the bundle itself (--trust-embedded-keys)' : ''}`,
    ];
    if (r.pending > 0) lines.push(`    ${r.pending} recorded after the checkpoint: not yet covered by a signature (fetch again later)`);
    if (r.held !== undefined) lines.push(`    consistent with the held checkpoint of tree size ${r.held}`);
    if (r.keysFromBundle) {
      lines.push(
        '    INTEGRITY ONLY: checked against the keys the bundle carries, this shows the bundle is intact and consistent, not its provenance:',
        '    anyone can sign a bundle with a key of their own and embed it. To know the service signed it, verify with --jwks',
        '    against its published keys (/.well-known/jwks.json) obtained from a source you trust.',
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof Failure)) {
      process.stderr.write(`FAILED  the bundle is malformed: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`FAILED  ${error.message}\n`);
    return 1;
  }
}

function usage(problem) {
  if (problem) process.stderr.write(`sanctions-verify: ${problem}\n`);
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

module.exports = { verifyBundle, verifyConsistency, rootFromMultiproof, canonical, eventHash, Failure };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
