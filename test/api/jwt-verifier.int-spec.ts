import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { AuthenticationError, JwtVerifier } from '../../apps/api/src/auth/jwt.verifier';

const SECRET = 'a-development-secret-of-32-bytes-or-more';

describe('JwtVerifier', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let publicJwk: JWK;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    // A production identity provider publishes its keys; here one is served on loopback.
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const es256 = (claims: Record<string, unknown> = {}, expires = '5m') =>
    new SignJWT({ roles: ['court'], ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('judge-1')
      .setIssuer('https://id.example').setAudience('sanctions').setIssuedAt().setExpirationTime(expires).sign(privateKey);
  const jwks = () => new JwtVerifier({ jwksUrl, issuer: 'https://id.example', audience: 'sanctions' });

  it('accepts an ES256 token from the JWKS with the configured issuer and audience', async () => {
    expect(await jwks().verify(await es256())).toEqual({ id: 'judge-1', roles: ['court'] });
  });

  it.each([
    ['an expired token', () => es256({}, '-1m')],
    ['a role outside DOMAIN.md', () => es256({ roles: ['system'] })],
    ['a tampered signature', async () => `${(await es256()).slice(0, -4)}AAAA`],
    ['alg none', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","roles":["court"]}').toString('base64url')}.`],
    ['HS256 signed with the public key (algorithm confusion)', () =>
      new SignJWT({ roles: ['court'] }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setSubject('x').setIssuer('https://id.example')
        .setAudience('sanctions').setExpirationTime('5m').sign(new TextEncoder().encode(JSON.stringify(publicJwk)))],
  ])('refuses %s', async (_case, make) => {
    await expect(jwks().verify(await make())).rejects.toThrow(AuthenticationError);
  });

  it.each([
    ['issuer', 'https://evil.example', 'sanctions'],
    ['audience', 'https://id.example', 'another-service'],
  ])('refuses a wrong %s', async (_claim, issuer, audience) => {
    const token = await new SignJWT({ roles: ['court'] }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('judge-1')
      .setIssuer(issuer).setAudience(audience).setExpirationTime('5m').sign(privateKey);
    await expect(jwks().verify(token)).rejects.toThrow(AuthenticationError);
  });

  it('with a shared secret accepts HS256 only', async () => {
    const verifier = new JwtVerifier({ jwtSecret: SECRET });
    const hs = await new SignJWT({ roles: ['official'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('o-1').setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    expect(await verifier.verify(hs)).toEqual({ id: 'o-1', roles: ['official'] });
    await expect(verifier.verify(await es256())).rejects.toThrow(AuthenticationError);
  });

  describe('with a shared secret, an issuer and an audience', () => {
    const verifier = new JwtVerifier({ jwtSecret: SECRET, issuer: 'https://id.example', audience: 'sanctions' });
    const hs256 = (claims: { iss?: string; aud?: string }, expires = '5m') => {
      const jwt = new SignJWT({ roles: ['official'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('o-1').setExpirationTime(expires);
      if (claims.iss) jwt.setIssuer(claims.iss);
      if (claims.aud) jwt.setAudience(claims.aud);
      return jwt.sign(new TextEncoder().encode(SECRET));
    };

    it('accepts a token naming both', async () => {
      expect(await verifier.verify(await hs256({ iss: 'https://id.example', aud: 'sanctions' }))).toEqual({ id: 'o-1', roles: ['official'] });
    });

    // The same words as jose's on the JWKS path; a token without the claim is refused like one with a wrong value.
    it.each([
      ['no issuer', { aud: 'sanctions' }, 'Token claim "iss" is not accepted'],
      ['a wrong issuer', { iss: 'https://evil.example', aud: 'sanctions' }, 'Token claim "iss" is not accepted'],
      ['no audience', { iss: 'https://id.example' }, 'Token claim "aud" is not accepted'],
      ['a wrong audience', { iss: 'https://id.example', aud: 'another-service' }, 'Token claim "aud" is not accepted'],
    ])('refuses %s', async (_case, claims, message) => {
      await expect(verifier.verify(await hs256(claims))).rejects.toThrow(message);
    });

    it('refuses an expired token as expired', async () => {
      await expect(verifier.verify(await hs256({ iss: 'https://id.example', aud: 'sanctions' }, '-1m'))).rejects.toThrow('Token expired');
    });
  });
});
