import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CHECKPOINT_STREAM, eventLeaf, fromHex, MerkleTree, newPrivateJwk, toHex, verifyConsistency, type StoredCheckpoint } from '@app/audit';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { startApiWithWorker, token } from '../api/support/api-test-app';
import { days, exampleProposal } from '../api/support/example-proposal';
import { until } from '../read-models/support/read-model-dump';

// The offline verifier, as a court runs it: plain JavaScript, no shared code with the service.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyBundle } = require('../../bin/sanctions-verify.js') as { verifyBundle: (bundle: unknown, options: object) => { included: number } };

/**
 * Court bundles end to end: fetched from the running service, verified offline by
 * `sanctions-verify`, and every tampering of them detected.
 */
jest.setTimeout(120_000);

const KEY = newPrivateJwk('court-test-key-1');
const OTHER_KEY = newPrivateJwk('court-test-key-1'); // same kid, different key: a swapped key
let app: NestFastifyApplication;
let close: () => Promise<void>;
let court: string;
let senior: string;
let official: string;
const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
};
const verifier = join(__dirname, '../../bin/sanctions-verify.js');
const runVerifier = (...args: string[]) => spawnSync(process.execPath, [verifier, ...args], { encoding: 'utf8' });

beforeAll(async () => {
  ({ app, close } = await startApiWithWorker({ AUDIT_SIGNING_KEYS: JSON.stringify([KEY]), CHECKPOINT_EVERY_MS: '200' }));
  [court, senior, official] = await Promise.all([token('court-1', ['court']), token('senior-1', ['senior_official']), token('official-1', ['official'])]);
});
afterAll(() => close());

const http = () => request(app.getHttpServer());
const post = (bearer: string, path: string, body: object) => http().post(path).set('authorization', `Bearer ${bearer}`).send(body).expect((r) => expect(r.status).toBeLessThan(300));

/** The bundle once every event of the designation is covered by a checkpoint. */
async function coveredBundle(id: string, query = '') {
  return until(async () => {
    const { status, body } = await http().get(`/designations/${id}/audit-trail?purpose=Case+T-1%2F26${query.replace('?', '&')}`).set('authorization', `Bearer ${court}`);
    return status === 200 && body.events.every((e: { leafIndex: number | null }) => e.leafIndex !== null) ? body : undefined;
  }, 20_000, 'a checkpoint covering every event');
}

let first: Record<string, any>;
let second: Record<string, any>;
/** The same as `second` in format 1 (an inclusion proof per event), as `?format=1` still serves it. */
let secondV1: Record<string, any>;
let jwks: { keys: object[] };

it('a bundle fetched from the running service verifies with sanctions-verify; one changed byte fails it, naming the event', async () => {
  const { body: proposed } = await post(official, '/designations', exampleProposal());
  const id = proposed.id as string;
  await post(senior, `/designations/${id}/approve`, {});
  await post(official, `/designations/${id}/notifications`, { channel: 'diplomatic_channel', notifiedAt: days(0), responseDeadline: days(30) });
  first = await coveredBundle(id);
  expect(first.events.map((e: { type: string }) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'TargetNotified']);
  jwks = (await http().get('/.well-known/jwks.json').expect(200)).body;
  expect(jwks.keys).toEqual([expect.objectContaining({ kid: 'court-test-key-1', kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' })]);
  expect(JSON.stringify(jwks)).not.toContain(KEY.d);

  const bundleFile = write('bundle.json', first);
  const jwksFile = write('jwks.json', jwks);
  const ok = runVerifier(bundleFile, '--jwks', jwksFile);
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  expect(ok.stdout).toContain(`root hash ${first.checkpoint.rootHash}`);
  expect(ok.stdout).toContain('3 events, hash chain sound');

  // One byte of the file changed: a letter of the statement of reasons of the proposal.
  const text = JSON.stringify(first, null, 2);
  const at = text.indexOf('Responsible for intrusions');
  const tampered = write('tampered.json', `${text.slice(0, at)}r${text.slice(at + 1)}`);
  const failed = runVerifier(tampered, '--jwks', jwksFile);
  expect(failed.status).toBe(1);
  expect(failed.stderr).toMatch(new RegExp(`FAILED +event 0 \\(revision 0, ${first.events[0].eventId}\\): its content does not match its hash`));

  // Later: more events, and a bundle proving the log grew from the checkpoint the court holds.
  await post(official, `/designations/${id}/representations`, { representationId: 'rep-1', receivedAt: days(0), submittedBy: 'Counsel', summary: 'Contests' });
  second = await until(async () => {
    const b = await coveredBundle(id, `?since=${first.checkpoint.treeSize}`);
    return b.events.length === 4 && b.checkpoint.treeSize > first.checkpoint.treeSize ? b : undefined;
  });
  const consistent = runVerifier(write('second.json', second), '--jwks', jwksFile, '--checkpoint', bundleFile);
  expect(consistent.stderr).toBe('');
  expect(consistent.stdout).toContain(`consistent with the held checkpoint of tree size ${first.checkpoint.treeSize}`);
  expect(second.format).toBe('sanctions-audit-bundle/2');
  expect(second.events.some((e: object) => 'inclusionProof' in e)).toBe(false);

  // Format 1 on request: an inclusion proof per event, verified by the same verifier.
  secondV1 = await coveredBundle(id, `?since=${first.checkpoint.treeSize}&format=1`);
  expect(secondV1.format).toBe('sanctions-audit-bundle/1');
  expect(secondV1.multiproof).toBeUndefined();
  expect(secondV1.events.every((e: { inclusionProof: unknown }) => Array.isArray(e.inclusionProof))).toBe(true);
  const v1 = runVerifier(write('second-v1.json', secondV1), '--jwks', jwksFile, '--checkpoint', bundleFile);
  expect(v1.stderr).toBe('');
  expect(v1.stdout).toContain('4 events, hash chain sound');
  expect((await http().get(`/designations/${id}/audit-trail?format=3&purpose=Case+T-1`).set('authorization', `Bearer ${court}`)).status).toBe(400);

  // For judges: the same bundle as a readable document.
  const html = await http().get(`/designations/${id}/audit-trail?purpose=Case+T-1`).set('authorization', `Bearer ${court}`).set('accept', 'text/html,application/xhtml+xml').expect(200);
  expect(html.headers['content-type']).toMatch(/^text\/html/);
  expect(html.text).toMatch(/id="root-hash"[\s\S]*?[0-9a-f]{64}/);
  expect(html.text).toContain('id="timeline"');

  // Access and validation.
  expect((await http().get(`/designations/${id}/audit-trail`).set('authorization', `Bearer ${official}`)).status).toBe(403);
  expect((await http().get(`/designations/${id}/audit-trail`)).status).toBe(401);
  expect((await http().get(`/designations/${id}/audit-trail?since=0&purpose=Case+T-1`).set('authorization', `Bearer ${court}`)).status).toBe(400);
  expect((await http().get(`/designations/${id}/audit-trail?since=999999999&purpose=Case+T-1`).set('authorization', `Bearer ${court}`)).status).toBe(400);
  expect((await http().get('/designations/00000000-0000-4000-8000-000000000000/audit-trail?purpose=Case+T-1').set('authorization', `Bearer ${court}`)).status).toBe(404);
  const openapi = (await http().get('/openapi.json').expect(200)).body;
  expect(openapi.paths['/designations/{id}/audit-trail']?.get).toBeDefined();
  expect(openapi.paths['/.well-known/jwks.json']?.get).toBeDefined();
});

it('each signed checkpoint is consistent with the one before, and its root is the root of the log', async () => {
  const store = app.get<EventStore>(EVENT_STORE);
  const { events } = await store.readStream(CHECKPOINT_STREAM);
  const checkpoints = events.map((e) => (e.data as unknown as StoredCheckpoint).checkpoint);
  expect(checkpoints.length).toBeGreaterThanOrEqual(2);
  const last = checkpoints[checkpoints.length - 1];
  const leaves: Uint8Array[] = [];
  for await (const event of store.readAll({ maxCount: last.treeSize })) leaves.push(eventLeaf(event));
  const tree = new MerkleTree(leaves);
  checkpoints.forEach((c, i) => {
    expect(toHex(tree.rootAt(c.treeSize))).toBe(c.rootHash);
    if (i === 0) return;
    const before = checkpoints[i - 1];
    expect(c.treeSize).toBeGreaterThan(before.treeSize);
    const proof = tree.consistencyProof(before.treeSize, c.treeSize);
    expect(verifyConsistency(before.treeSize, c.treeSize, fromHex(before.rootHash), fromHex(c.rootHash), proof)).toBe(true);
  });
});

describe('10,000 random tamperings, each detected', () => {
  const TRIALS = 10_000;
  let seed = 20261128;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

  /** Paths to every scalar the verifier must protect (not the unauthenticated locators eventId and position). */
  function scalarPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (value === null || typeof value !== 'object') return [path];
    return Object.entries(value as object).flatMap(([k, v]) => {
      if (path.length === 2 && path[0] === 'events' && (k === 'eventId' || k === 'position')) return [];
      return scalarPaths(v, [...path, Array.isArray(value) ? Number(k) : k]);
    });
  }

  function flip(bundle: any): string {
    const paths = [
      ...scalarPaths({ events: bundle.events }),
      ...scalarPaths({ checkpoint: bundle.checkpoint }),
      ...scalarPaths({ consistency: bundle.consistency }),
      ...(bundle.multiproof ? scalarPaths({ multiproof: bundle.multiproof }) : []),
    ];
    const path = pick(paths);
    let parent = bundle;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const last = path[path.length - 1];
    const old = parent[last];
    if (typeof old === 'string') {
      const i = Math.floor(random() * Math.max(old.length, 1));
      const code = (old.charCodeAt(i) || 97) ^ (1 << Math.floor(random() * 5));
      parent[last] = old.length === 0 ? 'x' : old.slice(0, i) + String.fromCharCode(code) + old.slice(i + 1);
    } else if (typeof old === 'number') parent[last] = old + (random() < 0.5 ? 1 : -1);
    else if (typeof old === 'boolean') parent[last] = !old;
    else parent[last] = 'tampered';
    return `flip ${path.join('.')}`;
  }

  const tamperings: Record<string, (b: any) => string | undefined> = {
    flip,
    delete: (b) => (b.events.splice(Math.floor(random() * b.events.length), 1), 'delete an event'),
    reorder: (b) => {
      const i = Math.floor(random() * (b.events.length - 1));
      [b.events[i], b.events[i + 1]] = [b.events[i + 1], b.events[i]];
      return 'swap two events';
    },
    duplicate: (b) => {
      const i = Math.floor(random() * b.events.length);
      b.events.splice(i, 0, clone(b.events[i]));
      return 'duplicate an event';
    },
    swapSignature: (b) => ((b.checkpoint.jws = first.checkpoint.jws), 'the signature of another checkpoint'),
    dropProof: (b) =>
      b.multiproof
        ? (b.multiproof.splice(Math.floor(random() * b.multiproof.length), 1), 'a node of the multiproof left out')
        : ((pick(b.events as any[]).inclusionProof = []), 'an empty inclusion proof'),
    truncate: (b) => ((b.events = b.events.slice(0, 1 + Math.floor(random() * (b.events.length - 1)))), 'cut the newest events off'),
  };

  it(`${TRIALS} tamperings of a bundle (either format), all detected`, () => {
    // Verified as a court holding the first bundle would: so the consistency proof is checked too.
    expect(verifyBundle(second, { jwks, held: first }).included).toBe(4);
    expect(verifyBundle(secondV1, { jwks, held: first }).included).toBe(4);
    const counts: Record<string, number> = {};
    for (let trial = 0; trial < TRIALS; trial++) {
      const bundle = clone(random() < 0.5 ? second : secondV1);
      const kind = pick(Object.keys(tamperings));
      const what = tamperings[kind](bundle)!;
      counts[kind] = (counts[kind] ?? 0) + 1;
      let detected = false;
      try {
        verifyBundle(bundle, { jwks, held: first });
      } catch {
        detected = true;
      }
      if (!detected) throw new Error(`trial ${trial}: "${what}" went undetected`);
    }
    console.log(`tamperings detected: ${TRIALS} of ${TRIALS} (${JSON.stringify(counts)})`);
  });

  it('truncation against a held checkpoint, a swapped key and a wrong key set are detected', () => {
    // The log presented as shorter than one the court already holds.
    expect(() => verifyBundle(first, { jwks, held: second })).toThrow(/shrunk/);
    // Events the held bundle had, missing from the new one (truncated stream, same signed log).
    const truncated = clone(second);
    truncated.events = truncated.events.slice(0, 2);
    expect(() => verifyBundle(truncated, { jwks, held: second })).toThrow(/cut off|missing from this one/);
    // The same kid with another key: the signature does not verify.
    const { d: _secret, ...otherPublic } = OTHER_KEY;
    expect(() => verifyBundle(second, { jwks: { keys: [otherPublic] } })).toThrow(/does not verify/);
    expect(() => verifyBundle(second, { jwks: { keys: [] } })).toThrow(/not among the trusted keys/);
    // A consistency proof with one byte changed.
    const badConsistency = clone(second);
    badConsistency.consistency.proof[0] = badConsistency.consistency.proof[0].replace(/^./, (c: string) => (c === 'a' ? 'b' : 'a'));
    expect(() => verifyBundle(badConsistency, { jwks, held: first })).toThrow(/consistency proof fails/);
  });

  it('the verifier runs with npx, as the README says', () => {
    const out = execFileSync('npx', ['--no-install', 'sanctions-verify', write('npx.json', second), '--jwks', write('npx-jwks.json', jwks)], { encoding: 'utf8', cwd: join(__dirname, '../..') });
    expect(out).toMatch(/^OK /);
  });
});
