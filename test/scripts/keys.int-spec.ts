import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { compactVerify, createLocalJWKSet } from 'jose';
import { CheckpointSigner, signingKeysFromJwks, type Checkpoint } from '@app/audit';
import { ConfigError, loadConfig } from '@app/config';

/**
 * `npm run -s keys` makes the production AUDIT_SIGNING_KEYS as an env-file line; with --rotate /
 * --from it puts a new key first and keeps the current ones, so what they signed still verifies.
 */
const ROOT = resolve(__dirname, '../..');
const checkpoint: Checkpoint = { origin: 'https://sanctions.example/log', treeSize: 7, rootHash: 'cd'.repeat(32), issuedAt: '2026-12-01T10:00:00.000Z', lastPosition: 9 };

function keys(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync('npm', ['run', '-s', 'keys', '--', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** What the service reads: the env file as Compose or node --env-file would, then loadConfig in production. */
function productionConfig(envFile: string) {
  const { AUDIT_SIGNING_KEYS } = parseEnv(envFile);
  return loadConfig({ NODE_ENV: 'production', AUDIT_SIGNING_KEYS }, { requireAuth: false });
}

/** How the service reads the value when it is set (libs/audit's parser). */
const signerOf = (value: string) => new CheckpointSigner(signingKeysFromJwks(value));
const jwksOf = (value: string) => createLocalJWKSet(signerOf(value).jwks() as never);

describe('npm run keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one env-file line that loadConfig accepts in production, and that signs', async () => {
    const run = keys([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^AUDIT_SIGNING_KEYS='\[.+\]'\n$/);
    const config = productionConfig(run.stdout);
    const [key] = JSON.parse(config.audit.signingKeys!);
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.stringMatching(/^\d{4}-\d{2}-\d{2}-[\w-]{12}$/) });
    const signer = signerOf(config.audit.signingKeys!);
    const jws = await signer.sign(checkpoint);
    expect((await compactVerify(jws, jwksOf(config.audit.signingKeys!))).protectedHeader.kid).toBe(key.kid);
    // Secrets go to the file only: what stderr says names the key, never its private part.
    expect(run.stderr).toContain(key.kid);
    expect(run.stderr).not.toContain(key.d);
  });

  it('without it, production refuses to start (the check the value answers)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, { requireAuth: false })).toThrow(ConfigError);
  });

  it.each([
    ['from an env file', (file: string, _value: string) => keys(['--from', file])],
    ['from the environment', (_file: string, value: string) => keys(['--rotate'], { AUDIT_SIGNING_KEYS: value })],
  ])('rotates %s: a new key first, the old one second, and what the old one signed still verifies', async (_how, rotate) => {
    const first = keys(['--kid', 'audit-2026']);
    const file = join(dir, `audit-${Math.random().toString(36).slice(2)}.env`);
    writeFileSync(file, first.stdout);
    const oldValue = productionConfig(first.stdout).audit.signingKeys!;
    const signedBefore = await signerOf(oldValue).sign(checkpoint);

    const run = rotate(file, oldValue);
    expect(run.status).toBe(0);
    const rotated = productionConfig(run.stdout).audit.signingKeys!;
    const [fresh, old, ...rest] = JSON.parse(rotated);
    expect(old).toEqual(JSON.parse(oldValue)[0]);
    expect(rest).toEqual([]);
    expect(fresh.kid).not.toBe('audit-2026');
    expect(fresh.d).not.toBe(old.d);
    const signer = signerOf(rotated);
    expect(signer.activeKid).toBe(fresh.kid);
    expect((await compactVerify(signedBefore, jwksOf(rotated))).protectedHeader.kid).toBe('audit-2026');
    expect((await compactVerify(await signer.sign(checkpoint), jwksOf(rotated))).protectedHeader.kid).toBe(fresh.kid);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--rotate'], /AUDIT_SIGNING_KEYS is not set/],
    [['--from', '/nonexistent/audit.env'], /cannot read/],
    [['--kid', 'has space'], /is not 1-64 letters/],
  ])('%j: says what is wrong, prints the usage and exits 2', (args, problem) => {
    const run = keys(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(problem);
    expect(run.stderr).toContain('Usage: npm run -s keys');
    expect(run.stderr).toContain('Examples:');
    expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('refuses to rotate a value that is not a key set', () => {
    const run = keys(['--rotate'], { AUDIT_SIGNING_KEYS: JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', kid: 'public-only', x: 'AAAA' }]) });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/current key 0: not an Ed25519 private JWK/);
  });
});
