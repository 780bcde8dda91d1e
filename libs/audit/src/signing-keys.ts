import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointSigner, newPrivateJwk, signingKeysFromJwks, type SigningKey } from './checkpoint';

/**
 * The signer the configuration gives: AUDIT_SIGNING_KEYS (production requires it), or else the
 * development key kept in `dataDir` (what the api and the worker use). Without either, a key made
 * for this process alone, for tests and tools whose signatures need not outlive them. Nothing
 * secret is said: only where the key is and its kid.
 */
export function checkpointSigner(signingKeys: string | undefined, warn: (message: string) => void = console.warn, dataDir?: string): CheckpointSigner {
  if (signingKeys) return new CheckpointSigner(signingKeysFromJwks(signingKeys));
  if (dataDir === undefined) {
    warn('AUDIT_SIGNING_KEYS is not set and no DATA_DIR given: checkpoints are signed with a key for this process alone');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return new CheckpointSigner([{ kid: `ephemeral-${publicKey.export({ format: 'jwk' }).x!.slice(0, 12)}`, privateKey, publicKey }]);
  }
  const { key, path, created } = developmentSigningKey(dataDir, warn);
  warn(
    `AUDIT_SIGNING_KEYS is not set: checkpoints are signed with the development key ${key.kid}, ${created ? 'made now and kept' : 'kept from an earlier start'} in ${path} ` +
      '(development only: production needs AUDIT_SIGNING_KEYS, see npm run keys)',
  );
  return new CheckpointSigner([key]);
}

/** Where, in DATA_DIR, the development signing key is kept. */
export const DEVELOPMENT_KEY_FILE = 'audit-signing-key.jwk';

export interface DevelopmentSigningKey {
  key: SigningKey;
  path: string;
  /** Made by this call (first start on this DATA_DIR), rather than kept from an earlier one. */
  created: boolean;
}

/**
 * The key that signs checkpoints when AUDIT_SIGNING_KEYS is not set (development only): made once
 * and kept in DATA_DIR beside the log it signs, so that a bundle signed before a restart still
 * verifies against the JWKS published after it. It is written readable by its owner only (0600)
 * to a temporary file and then linked into place, which fails if a key is already there: an api
 * and a worker starting together on one DATA_DIR agree on one key, and none reads a half-written one.
 */
export function developmentSigningKey(dataDir: string, warn: (message: string) => void = () => undefined): DevelopmentSigningKey {
  const path = join(dataDir, DEVELOPMENT_KEY_FILE);
  const created = createIfAbsent(dataDir, path);
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) warn(`${path} is readable by others (mode ${mode.toString(8)}): it holds a private key; chmod 600 it`);
  return { key: readKey(path), path, created };
}

function createIfAbsent(dataDir: string, path: string): boolean {
  try {
    statSync(path);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const jwk = newPrivateJwk('pending');
  const kid = `dev-${jwk.x.slice(0, 16)}`;
  const text = `${JSON.stringify({ ...jwk, kid }, null, 2)}\n`;
  const temporary = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links: an exclusive create, still never overwriting a key.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    try {
      writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

function readKey(path: string): SigningKey {
  const unusable = (why: string) =>
    new Error(
      `${path} does not hold a usable Ed25519 private JWK (${why}). Move it away to have a new development key made; ` +
        'what the old one signed will then no longer verify against the published JWKS.',
    );
  let jwk: unknown;
  try {
    jwk = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // Not the parser's message: it quotes the text, which holds the private key.
    throw unusable('it is not JSON');
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw unusable('it is not one JWK object');
  try {
    return signingKeysFromJwks(JSON.stringify([jwk]))[0];
  } catch (error) {
    throw unusable((error as Error).message);
  }
}
