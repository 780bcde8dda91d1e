import { createPublicKey, verify } from 'node:crypto';
import { CheckpointSigner, CHECKPOINT_JWS_TYPE, newPrivateJwk, signingKeysFromJwks, type Checkpoint, type PublicJwk } from './checkpoint';

const checkpoint: Checkpoint = { origin: 'https://sanctions.example/log', treeSize: 42, rootHash: 'ab'.repeat(32), issuedAt: '2026-11-28T10:00:00.000Z', lastPosition: 12345 };

/** Verifies a compact JWS against a JWKS the way a court's verifier does: by `kid`, with Ed25519. */
function verifies(jws: string, jwks: { keys: PublicJwk[] }): boolean {
  const [h, p, s] = jws.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return false;
  return verify(null, Buffer.from(`${h}.${p}`), createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }), Buffer.from(s, 'base64url'));
}

describe('checkpoint signing and key rotation', () => {
  const k1 = newPrivateJwk('2026-a');
  const k2 = newPrivateJwk('2027-a');

  it('signs the canonical checkpoint with EdDSA, naming the key', async () => {
    const jws = await new CheckpointSigner(signingKeysFromJwks(JSON.stringify([k1]))).sign(checkpoint);
    const header = JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'EdDSA', kid: '2026-a', typ: CHECKPOINT_JWS_TYPE });
    expect(Buffer.from(jws.split('.')[1], 'base64url').toString()).toBe(
      '{"issuedAt":"2026-11-28T10:00:00.000Z","lastPosition":12345,"origin":"https://sanctions.example/log","rootHash":"' + 'ab'.repeat(32) + '","treeSize":42}',
    );
  });

  it('after rotation the new key signs, and checkpoints signed with the retired key still verify', async () => {
    const before = new CheckpointSigner(signingKeysFromJwks(JSON.stringify([k1])));
    const after = new CheckpointSigner(signingKeysFromJwks(JSON.stringify([k2, k1])));
    const old = await before.sign(checkpoint);
    const fresh = await after.sign({ ...checkpoint, treeSize: 43 });
    expect(after.jwks().keys.map((k) => k.kid)).toEqual(['2027-a', '2026-a']);
    expect(JSON.stringify(after.jwks())).not.toContain(k1.d);
    expect(verifies(old, after.jwks())).toBe(true);
    expect(verifies(fresh, after.jwks())).toBe(true);
    expect(verifies(fresh, before.jwks())).toBe(false); // the old JWKS does not know the new key
  });

  it('refuses keys that are not Ed25519 private JWKs with a kid', () => {
    const { kid: _kid, ...noKid } = k1;
    const { d: _d, ...publicOnly } = k1;
    for (const bad of ['[]', '{}', JSON.stringify([noKid]), JSON.stringify([publicOnly]), JSON.stringify([{ ...k1, crv: 'P-256' }])]) {
      expect(() => signingKeysFromJwks(bad)).toThrow(TypeError);
    }
  });
});
