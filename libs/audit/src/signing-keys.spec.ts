import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet } from 'jose';
import { newPrivateJwk, type Checkpoint } from './checkpoint';
import { checkpointSigner, DEVELOPMENT_KEY_FILE, developmentSigningKey } from './signing-keys';

const checkpoint: Checkpoint = { origin: 'http://localhost:3000/log', treeSize: 3, rootHash: 'ab'.repeat(32), issuedAt: '2026-12-02T18:33:00.000Z', lastPosition: 2 };

describe('the development signing key, kept in DATA_DIR', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'signing-keys-')), 'data');
  });
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('is made once, readable by its owner only, and the same on every later start', () => {
    const first = developmentSigningKey(dataDir);
    expect(first.created).toBe(true);
    expect(first.path).toBe(join(dataDir, DEVELOPMENT_KEY_FILE));
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    const jwk = JSON.parse(readFileSync(first.path, 'utf8'));
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: first.key.kid, alg: 'EdDSA', use: 'sig' });
    expect(first.key.kid).toMatch(/^dev-[\w-]{16}$/);

    const again = developmentSigningKey(dataDir);
    expect(again.created).toBe(false);
    expect(again.key.kid).toBe(first.key.kid);
    expect(again.key.publicKey.export({ format: 'jwk' })).toEqual(first.key.publicKey.export({ format: 'jwk' }));
  });

  it('never replaces a key that is there', () => {
    const existing = { ...newPrivateJwk('dev-kept-from-before'), kid: 'dev-kept-from-before' };
    developmentSigningKey(dataDir); // makes the folder
    writeFileSync(join(dataDir, DEVELOPMENT_KEY_FILE), JSON.stringify(existing), { mode: 0o600 });
    expect(developmentSigningKey(dataDir).key.kid).toBe('dev-kept-from-before');
    expect(JSON.parse(readFileSync(join(dataDir, DEVELOPMENT_KEY_FILE), 'utf8'))).toEqual(existing);
  });

  it('refuses a broken key file, naming it, without quoting what it holds', () => {
    developmentSigningKey(dataDir);
    const file = join(dataDir, DEVELOPMENT_KEY_FILE);
    writeFileSync(file, '{"kty":"OKP","crv":"Ed25519","d":"SECRETPRIVATEPART');
    expect(() => developmentSigningKey(dataDir)).toThrow(`${file} does not hold a usable Ed25519 private JWK (it is not JSON)`);
    try {
      developmentSigningKey(dataDir);
    } catch (error) {
      expect(String(error)).not.toContain('SECRETPRIVATEPART');
    }
    writeFileSync(file, JSON.stringify({ kty: 'RSA', kid: 'x' }));
    expect(() => developmentSigningKey(dataDir)).toThrow(/expected an Ed25519 private JWK/);
  });

  it('warns when others may read it', () => {
    const { path } = developmentSigningKey(dataDir);
    chmodSync(path, 0o644);
    const warnings: string[] = [];
    developmentSigningKey(dataDir, (m) => warnings.push(m));
    expect(warnings).toEqual([`${path} is readable by others (mode 644): it holds a private key; chmod 600 it`]);
  });
});

describe('checkpointSigner', () => {
  it('without AUDIT_SIGNING_KEYS signs with the development key, and says where it is but never what it is', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'signing-keys-'));
    try {
      const said: string[] = [];
      const signer = checkpointSigner(undefined, (m) => said.push(m), dataDir);
      const { d } = JSON.parse(readFileSync(join(dataDir, DEVELOPMENT_KEY_FILE), 'utf8'));
      expect(said).toHaveLength(1);
      expect(said[0]).toContain(`development key ${signer.activeKid}, made now and kept in ${join(dataDir, DEVELOPMENT_KEY_FILE)}`);
      expect(said.join()).not.toContain(d);
      expect(JSON.stringify(signer.jwks())).not.toContain(d);

      // A restart: the same key, so what it signed before verifies against the JWKS published now.
      const signed = await signer.sign(checkpoint);
      const restarted = checkpointSigner(undefined, (m) => said.push(m), dataDir);
      expect(said[1]).toContain('kept from an earlier start');
      expect(restarted.jwks()).toEqual(signer.jwks());
      expect((await compactVerify(signed, createLocalJWKSet(restarted.jwks() as never))).protectedHeader.kid).toBe(signer.activeKid);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('with AUDIT_SIGNING_KEYS uses them and keeps nothing on disk; with neither, a key for this process alone', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'signing-keys-'));
    try {
      const signer = checkpointSigner(JSON.stringify([newPrivateJwk('configured-1')]), () => undefined, dataDir);
      expect(signer.activeKid).toBe('configured-1');
      expect(() => statSync(join(dataDir, DEVELOPMENT_KEY_FILE))).toThrow(/ENOENT/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const said: string[] = [];
    expect(checkpointSigner(undefined, (m) => said.push(m)).activeKid).toMatch(/^ephemeral-/);
    expect(said).toEqual(['AUDIT_SIGNING_KEYS is not set and no DATA_DIR given: checkpoints are signed with a key for this process alone']);
  });
});
