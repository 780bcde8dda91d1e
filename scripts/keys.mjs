#!/usr/bin/env node
// Makes, or rotates, AUDIT_SIGNING_KEYS: the Ed25519 keys that sign the log's checkpoints and court
// bundles, in the form libs/audit's signingKeysFromJwks reads (a JSON array of private JWKs, each
// with a kid; the first signs, the others stay published so that what they signed still verifies).
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { calculateJwkThumbprint } from 'jose';
import { failer, readOptions } from './cli-options.mjs';

const USAGE = `Usage: npm run -s keys [-- [--rotate] [--from <env-file>] [--kid <id>]]

Prints one env-file line, AUDIT_SIGNING_KEYS='<JSON array of Ed25519 private JWKs>', with a new key.

  --rotate           put the new key first and keep every current one after it; the current value
                     is read from --from, or else from AUDIT_SIGNING_KEYS in the environment
  --from <env-file>  rotate the AUDIT_SIGNING_KEYS held in this env file (implies --rotate)
  --kid <id>         the new key's id: letters, digits, . _ - (default: <date>-<its thumbprint>)
  -h, --help         this text

Examples:
  npm run -s keys > secrets/audit.env
  npm run -s keys -- --from secrets/audit.env > secrets/audit.env.next && mv secrets/audit.env.next secrets/audit.env`;

const KID = /^[A-Za-z0-9._-]{1,64}$/;

const fail = failer('keys', USAGE);
const values = readOptions('keys', USAGE, {
  rotate: { type: 'boolean', default: false },
  from: { type: 'string' },
  kid: { type: 'string' },
});

const current = values.rotate || values.from ? currentKeys() : [];
if (!values.rotate && !values.from && process.env.AUDIT_SIGNING_KEYS?.trim()) {
  console.error('keys: AUDIT_SIGNING_KEYS is set but not kept (--rotate keeps it): what its keys signed will not verify against the new value alone');
}

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const thumbprint = await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }));
const kid = values.kid ?? `${new Date().toISOString().slice(0, 10)}-${thumbprint.slice(0, 12)}`;
if (!KID.test(kid)) fail(`--kid: '${kid}' is not 1-64 letters, digits, . _ -`);
if (current.some((key) => key.kid === kid)) fail(`--kid: '${kid}' is already one of the current keys`);

const keys = [{ ...privateKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' }, ...current];
// Single quotes: Compose, a shell and node --env-file all take the JSON inside literally.
console.log(`AUDIT_SIGNING_KEYS='${JSON.stringify(keys)}'`);
console.error(`keys: ${keys.length} key(s), the new ${kid} signs${current.length ? `; kept ${current.map((k) => k.kid).join(', ')}` : ''}. Keep this value secret.`);

function currentKeys() {
  let text;
  if (values.from) {
    let file;
    try {
      file = readFileSync(values.from, 'utf8');
    } catch (error) {
      fail(`--from: cannot read ${values.from} (${error.code ?? error.message})`);
    }
    text = parseEnv(file).AUDIT_SIGNING_KEYS;
    if (!text?.trim()) fail(`--from: ${values.from} holds no AUDIT_SIGNING_KEYS`);
  } else {
    text = process.env.AUDIT_SIGNING_KEYS;
    if (!text?.trim()) fail('--rotate: AUDIT_SIGNING_KEYS is not set; set it, or name the env file that holds it with --from');
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail('the current AUDIT_SIGNING_KEYS is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) fail('the current AUDIT_SIGNING_KEYS is not a non-empty JSON array');
  const seen = new Set();
  parsed.forEach((jwk, i) => {
    const valid = jwk?.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.d === 'string' && typeof jwk.kid === 'string' && KID.test(jwk.kid);
    if (!valid) fail(`current key ${i}: not an Ed25519 private JWK (kty OKP, crv Ed25519, d) with a kid of letters, digits, . _ -`);
    if (seen.has(jwk.kid)) fail(`current key ${i}: kid ${jwk.kid} appears twice`);
    seen.add(jwk.kid);
    try {
      const x = createPublicKey(createPrivateKey({ key: jwk, format: 'jwk' })).export({ format: 'jwk' }).x;
      if (jwk.x !== undefined && jwk.x !== x) throw new Error('x does not match d');
    } catch {
      fail(`current key ${i} (${jwk.kid}): not a usable Ed25519 private key`);
    }
  });
  return parsed;
}
