import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { startApi, TEST_SECRET } from '../api/support/api-test-app';
import { exampleProposal } from '../api/support/example-proposal';
import { closeConnections, countEvents, send } from './support/hostile-client';
import { EVENT_STORE } from '@app/event-store';

const ISSUER = 'https://id.example';
const AUDIENCE = 'sanctions';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
/** The claims of a token the service accepts: an official, from the configured issuer, for this audience. */
const good = (): JWTPayload => ({ sub: 'official-jwt', roles: ['official'], iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600 });

type Key = CryptoKey | Uint8Array;
const sign = (claims: JWTPayload, header: Record<string, unknown>, key: Key) =>
  new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
/** A token whose payload is swapped after signing: the signature no longer covers it. */
const swapPayload = (token: string, claims: JWTPayload) => { const [h, , s] = token.split('.'); return `${h}.${b64(claims)}.${s}`; };

/** An attack: the Authorization header value (or none) and, optionally, a query string. */
type Attack = [name: string, make: () => Promise<{ authorization?: string; query?: string }>];

/**
 * JWT attacks over HTTP, against both configurations (HS256 shared secret; RS256 keys at a JWKS
 * URL), each with an issuer and audience: every forged, stale, misdirected or malformed token is a
 * 401 problem+json on a command and on a read, and no command is recorded. A valid token is let
 * through, so that the test can fail. (test/api/jwt-verifier.int-spec.ts covers the verifier alone.)
 */
describe('JWT attacks (resilience)', () => {
  let jwks: Server;
  let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
  let attacker: { privateKey: CryptoKey; publicKey: CryptoKey };
  let publicJwk: JWK;
  let publicPem: string;
  const totals = { requests: 0, '401': 0, other: [] as string[] };

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    attacker = await generateKeyPair('RS256', { extractable: true });
    publicJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rs1', alg: 'RS256', use: 'sig' };
    publicPem = await exportSPKI(rsa.publicKey);
    jwks = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    console.log(`jwt-attacks: requests=${totals.requests} 401=${totals['401']} other=${totals.other.length}`);
    closeConnections();
    await new Promise((resolve) => jwks.close(resolve));
  });

  /** Attacks that apply to either configuration; `valid` signs as the configuration expects. */
  const common = (valid: (claims: JWTPayload, header?: Record<string, unknown>) => Promise<string>, alg: string): Attack[] => [
    ['alg none', async () => ({ authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(good())}.` })],
    ['alg None, with the signature of a valid token', async () => ({ authorization: `Bearer ${b64({ alg: 'None' })}.${b64(good())}.${(await valid(good())).split('.')[2]}` })],
    ['expired', async () => ({ authorization: `Bearer ${await valid({ ...good(), iat: now() - 7200, exp: now() - 60 })}` })],
    ['not yet valid (nbf)', async () => ({ authorization: `Bearer ${await valid({ ...good(), nbf: now() + 3600 })}` })],
    ['no expiry (a token for ever)', async () => { const { exp: _exp, ...claims } = good(); return { authorization: `Bearer ${await valid(claims)}` }; }],
    ['wrong issuer', async () => ({ authorization: `Bearer ${await valid({ ...good(), iss: 'https://evil.example' })}` })],
    ['no issuer', async () => { const { iss: _iss, ...claims } = good(); return { authorization: `Bearer ${await valid(claims)}` }; }],
    ['wrong audience', async () => ({ authorization: `Bearer ${await valid({ ...good(), aud: 'another-service' })}` })],
    ['no audience', async () => { const { aud: _aud, ...claims } = good(); return { authorization: `Bearer ${await valid(claims)}` }; }],
    ['tampered payload (official made court)', async () => ({ authorization: `Bearer ${swapPayload(await valid(good()), { ...good(), roles: ['court', 'senior_official'] })}` })],
    ['tampered signature', async () => { const t = await valid(good()); return { authorization: `Bearer ${t.slice(0, -6)}${t.slice(-6).split('').reverse().join('')}A` }; }],
    ['signature removed', async () => ({ authorization: `Bearer ${(await valid(good())).split('.').slice(0, 2).join('.')}.` })],
    ['truncated', async () => { const t = await valid(good()); return { authorization: `Bearer ${t.slice(0, Math.floor(t.length / 2))}` }; }],
    ['unknown role', async () => ({ authorization: `Bearer ${await valid({ ...good(), roles: ['admin'] })}` })],
    ["the 'system' role", async () => ({ authorization: `Bearer ${await valid({ ...good(), roles: ['system'] })}` })],
    ['roles as a string', async () => ({ authorization: `Bearer ${await valid({ ...good(), roles: 'official' as unknown as string[] })}` })],
    ['no subject', async () => { const { sub: _sub, ...claims } = good(); return { authorization: `Bearer ${await valid(claims)}` }; }],
    // Over the verifier's 8 KiB, under Node's 16 KiB header limit (beyond it Node itself answers 431).
    ['a huge token (10 KiB, validly signed)', async () => ({ authorization: `Bearer ${await valid({ ...good(), pad: 'x'.repeat(7_000) })}` })],
    ['scheme Token', async () => ({ authorization: `Token ${await valid(good())}` })],
    ['scheme Basic', async () => ({ authorization: `Basic ${Buffer.from(`official:${await valid(good())}`).toString('base64')}` })],
    ['no scheme', async () => ({ authorization: await valid(good()) })],
    ['two spaces after Bearer', async () => ({ authorization: `Bearer  ${await valid(good())}` })],
    ['a second token after the first', async () => ({ authorization: `Bearer ${await valid(good())} ${await valid(good())}` })],
    ['in the query string, not the header', async () => ({ query: `access_token=${await valid(good())}` })],
    ['JSON instead of a JWT', async () => ({ authorization: `Bearer ${b64(good())}` })],
    [`five parts (JWE-shaped) around a valid ${alg} token`, async () => ({ authorization: `Bearer ${await valid(good())}.AAAA.BBBB` })],
  ];

  const sweep = async (env: Record<string, string>, valid: (claims: JWTPayload, header?: Record<string, unknown>) => Promise<string>, attacks: Attack[]) => {
    const api = await startApi({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0', AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, ...env });
    try {
      await api.app.listen(0, '127.0.0.1');
      const port = (api.app.getHttpServer().address() as { port: number }).port;
      const store = api.app.get(EVENT_STORE);
      const call = (method: 'GET' | 'POST', url: string, authorization?: string) =>
        send(port, { kind: 'wrong-type', operation: 'jwt', method, url, headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...(authorization ? { authorization } : {}) }, ...(method === 'POST' ? { payload: JSON.stringify(exampleProposal()) } : {}) });

      // The control: a valid token is let through on both routes.
      const bearer = `Bearer ${await valid(good())}`;
      expect((await call('POST', '/designations', bearer)).status).toBe(201);
      expect((await call('GET', `/designations/${randomUUID()}`, bearer)).status).toBe(404);
      // The scheme name is case-insensitive (RFC 9110 §11.1): a valid token under `bearer` is no attack.
      expect((await call('GET', `/designations/${randomUUID()}`, `bearer ${await valid(good())}`)).status).toBe(404);

      const before = await countEvents(store);
      const failures: string[] = [];
      for (const [name, make] of attacks) {
        const { authorization, query } = await make();
        for (const [method, path] of [['POST', '/designations'], ['GET', `/designations/${randomUUID()}`]] as const) {
          const answer = await call(method, query ? `${path}?${query}` : path, authorization);
          totals.requests++;
          if (answer.status === 401 && answer.contentType.startsWith('application/problem+json')) totals['401']++;
          else failures.push(`${name}: ${method} ${path} -> ${answer.status} ${answer.body.slice(0, 160)}`);
        }
      }
      totals.other.push(...failures);
      expect(failures).toEqual([]);
      expect(await countEvents(store)).toBe(before);
    } finally {
      await api.close();
    }
  };

  it('HS256 with a shared secret: every attack is a 401', async () => {
    const secret = new TextEncoder().encode(TEST_SECRET);
    const valid = (claims: JWTPayload, header: Record<string, unknown> = {}) => sign(claims, { alg: 'HS256', typ: 'JWT', ...header }, secret);
    await sweep({}, valid, [
      ...common(valid, 'HS256'),
      ['wrong secret', async () => ({ authorization: `Bearer ${await sign(good(), { alg: 'HS256' }, new TextEncoder().encode(`${TEST_SECRET}-other`))}` })],
      ['HS512 with the right secret (algorithm not allowed)', async () => ({ authorization: `Bearer ${await sign(good(), { alg: 'HS512' }, secret)}` })],
      ['RS256 signed by an attacker key', async () => ({ authorization: `Bearer ${await sign(good(), { alg: 'RS256' }, attacker.privateKey)}` })],
    ]);
  });

  it('RS256 keys at a JWKS URL: every attack is a 401', async () => {
    const valid = (claims: JWTPayload, header: Record<string, unknown> = {}) => sign(claims, { alg: 'RS256', kid: 'rs1', typ: 'JWT', ...header }, rsa.privateKey);
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks.json`;
    await sweep({ AUTH_JWKS_URL: jwksUrl }, valid, [
      ...common(valid, 'RS256'),
      ['HS256 signed with the RSA public key as PEM (HS/RS confusion)', async () => ({ authorization: `Bearer ${await sign(good(), { alg: 'HS256', kid: 'rs1' }, new TextEncoder().encode(publicPem))}` })],
      ['HS256 signed with the RSA public JWK (HS/RS confusion)', async () => ({ authorization: `Bearer ${await sign(good(), { alg: 'HS256', kid: 'rs1' }, new TextEncoder().encode(JSON.stringify(publicJwk)))}` })],
      ['HS256 signed with the shared secret of the other configuration', async () => ({ authorization: `Bearer ${await sign(good(), { alg: 'HS256' }, new TextEncoder().encode(TEST_SECRET))}` })],
      ['wrong key under the right kid', async () => ({ authorization: `Bearer ${await sign(good(), { alg: 'RS256', kid: 'rs1' }, attacker.privateKey)}` })],
      ['unknown kid', async () => ({ authorization: `Bearer ${await sign(good(), { alg: 'RS256', kid: 'rs2' }, attacker.privateKey)}` })],
      ['the key embedded in the header (jwk)', async () => ({ authorization: `Bearer ${await sign(good(), { alg: 'RS256', jwk: await exportJWK(attacker.publicKey) }, attacker.privateKey)}` })],
      ['a key URL in the header (jku)', async () => ({ authorization: `Bearer ${await sign(good(), { alg: 'RS256', kid: 'rs1', jku: 'https://evil.example/jwks.json' }, attacker.privateKey)}` })],
    ]);
  });
});
