import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditBundle } from '@app/audit';
import { approve, propose, T1, representation } from '../../libs/domain/testing/fixtures';
import { genuineBundle } from './support/genuine-bundle';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyBundle } = require('../../bin/sanctions-verify.js') as { verifyBundle: (bundle: unknown, options: object) => unknown };

/**
 * Which keys `sanctions-verify` trusts, as a court runs it (the script spawned with node): the keys a
 * bundle carries prove only that it is intact, since whoever forges a bundle can sign it with a key
 * of their own and put that key in it. So without `--jwks` it refuses, unless told to check the
 * integrity alone with `--trust-embedded-keys`, and then says that this proves no provenance.
 */
const verifier = join(__dirname, '../../bin/sanctions-verify.js');
const run = (...args: string[]) => spawnSync(process.execPath, [verifier, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'sanctions-verify-'));
const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
};

let bundleFile: string;
let jwksFile: string;
let forgedFile: string;
let bundle: AuditBundle;

beforeAll(async () => {
  const commands = [propose(), approve(), representation('rep-1', T1)];
  const service = await genuineBundle(commands, { kid: 'service-key-1' });
  // A forger's bundle of the same history, signed with a key of their own, which it carries.
  const forged = await genuineBundle(commands, { kid: 'service-key-1' });
  bundle = service.bundle;
  bundleFile = write('bundle.json', service.bundle);
  jwksFile = write('jwks.json', service.jwks);
  forgedFile = write('forged.json', forged.bundle);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('without --jwks, refuses with "no trusted keys", exit 2, and names both ways on', () => {
  const r = run(bundleFile);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^sanctions-verify: no trusted keys/);
  expect(r.stderr).toContain('--jwks <jwks.json>');
  expect(r.stderr).toContain('--trust-embedded-keys');
  expect(r.stderr).toMatch(/integrity, not provenance/);
  // The library function refuses too: no caller gets the bundle's own keys by default.
  expect(() => verifyBundle(bundle, {})).toThrow(/no trusted keys/);
});

it('with --trust-embedded-keys, verifies against the keys in the bundle and says that this proves integrity, not provenance', () => {
  const r = run(bundleFile, '--trust-embedded-keys');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^OK /);
  expect(r.stdout).toContain(`root hash ${bundle.checkpoint.rootHash}`);
  expect(r.stdout).toContain('signed by key service-key-1, taken from the bundle itself (--trust-embedded-keys)');
  expect(r.stdout).toMatch(/INTEGRITY ONLY: .*not its provenance/);

  // Why that is not enough: a forged bundle, carrying its forger's key, passes the integrity check…
  const forged = run(forgedFile, '--trust-embedded-keys');
  expect(forged.status).toBe(0);
  expect(forged.stdout).toContain('INTEGRITY ONLY');
  // …and fails against the service's published keys.
  const against = run(forgedFile, '--jwks', jwksFile);
  expect(against.status).toBe(1);
  expect(against.stderr).toMatch(/^FAILED +the checkpoint: the signature does not verify with key "service-key-1"/);

  // Integrity is still checked in full: one changed byte fails it.
  const tampered = structuredClone(bundle);
  tampered.events[0].data.statementOfReasons = 'Responsible for nothing.';
  const failed = run(write('tampered.json', tampered), '--trust-embedded-keys');
  expect(failed.status).toBe(1);
  expect(failed.stderr).toMatch(/^FAILED +event 0 .*its content does not match its hash/);
});

it('with --jwks, verifies against the trusted keys and makes no integrity-only caveat', () => {
  const r = run(bundleFile, '--jwks', jwksFile);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('signed by key service-key-1\n');
  expect(r.stdout).not.toContain('INTEGRITY ONLY');
});

it('refuses unusable command lines with exit 2 and the usage: both key sources, an option without its value, an unknown option', () => {
  for (const args of [
    [bundleFile, '--jwks', jwksFile, '--trust-embedded-keys'],
    [bundleFile, '--jwks'],
    [bundleFile, '--jwk', jwksFile],
    [bundleFile, bundleFile, '--jwks', jwksFile],
  ]) {
    const r = run(...args);
    expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 2, stdout: '' });
    expect(r.stderr).toMatch(/^sanctions-verify: .+\nusage: sanctions-verify <bundle.json>/);
  }
  expect(run(bundleFile, '--jwks', jwksFile, '--trust-embedded-keys').stderr).toMatch(/either --jwks or --trust-embedded-keys, not both/);
});
