import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { canonicalize } from '@app/event-store';

/**
 * A signed statement of the log's Merkle tree head, in the manner of Certificate Transparency's
 * signed tree heads: "the first `treeSize` events of the log, in global order, hash to `rootHash`".
 * Whoever holds two checkpoints can demand a consistency proof between them; whoever holds one can
 * check any event's inclusion in it. Signed as a compact JWS (EdDSA / Ed25519) over the RFC 8785
 * canonical JSON of the checkpoint, with the key's `kid` in the protected header.
 */
export interface Checkpoint {
  /** Names the log, so a checkpoint of one deployment is not taken for another's. */
  origin: string;
  treeSize: number;
  /** Lowercase hex of the RFC 6962 root over the first `treeSize` events. */
  rootHash: string;
  issuedAt: string;
  /** Global position of the last event covered (null for an empty tree): where proofs are read up to. */
  lastPosition: number | null;
}

export const CHECKPOINT_JWS_TYPE = 'sanctions-checkpoint+jws';
export const BUNDLE_STATEMENT_JWS_TYPE = 'sanctions-bundle-statement+jws';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/**
 * Keys from AUDIT_SIGNING_KEYS: a JSON array of Ed25519 private JWKs, each with a `kid`. The first
 * signs; the others (retired keys) stay published so that old checkpoints still verify.
 */
export function signingKeysFromJwks(text: string): SigningKey[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed) || parsed.length === 0) throw new TypeError('expected a non-empty JSON array of Ed25519 private JWKs');
  return parsed.map((jwk: Record<string, unknown>, i) => {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || typeof jwk.kid !== 'string' || !jwk.kid) {
      throw new TypeError(`key ${i}: expected an Ed25519 private JWK (kty OKP, crv Ed25519, d) with a kid`);
    }
    const privateKey = createPrivateKey({ key: jwk as never, format: 'jwk' });
    return { kid: jwk.kid, privateKey, publicKey: createPublicKey(privateKey) };
  });
}

/** A new key as a private JWK, for operators (`npm run keys`). */
export function newPrivateJwk(kid: string): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), kid, alg: 'EdDSA', use: 'sig' };
}

export function publicJwk(key: SigningKey): PublicJwk {
  const { x } = key.publicKey.export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: x!, kid: key.kid, alg: 'EdDSA', use: 'sig' };
}

export class CheckpointSigner {
  constructor(private readonly keys: readonly SigningKey[]) {
    if (keys.length === 0) throw new TypeError('no signing key');
  }

  get activeKid(): string {
    return this.keys[0].kid;
  }

  get activePublicJwk(): PublicJwk {
    return publicJwk(this.keys[0]);
  }

  /** The JWKS to publish at /.well-known/jwks.json: every key, current and retired. */
  get publicJwks(): PublicJwk[] {
    return this.keys.map(publicJwk);
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: this.keys.map(publicJwk) };
  }

  sign(checkpoint: Checkpoint): Promise<string> {
    return this.signJson(checkpoint as never, CHECKPOINT_JWS_TYPE);
  }

  /** The service's statement of what a bundle holds (see AuditBundle.statement). */
  signStatement(statement: Record<string, string | number | null>): Promise<string> {
    return this.signJson(statement, BUNDLE_STATEMENT_JWS_TYPE);
  }

  private async signJson(value: Record<string, string | number | null>, typ: string): Promise<string> {
    const payload = new TextEncoder().encode(canonicalize(value));
    return new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', kid: this.keys[0].kid, typ }).sign(this.keys[0].privateKey);
  }
}
