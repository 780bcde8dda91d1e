#!/usr/bin/env node
// Mints a development token signed with AUTH_JWT_SECRET (HS256), e.g.
//   npm run token -- --sub official-1 --roles official
//   npm run token -- --sub reviewer-1 --roles reviewer --ministry foreign-affairs --ttl 8h
import { SignJWT } from 'jose';
import { failer, readOptions } from './cli-options.mjs';

const ROLES = ['official', 'senior_official', 'reviewer', 'court'];
const USAGE = `Usage: npm run -s token -- --sub <subject> --roles <role,...> [--ministry <id>] [--ttl <duration>]

Prints a development token (HS256, signed with AUTH_JWT_SECRET from the environment).

  --sub <subject>     who the token is for (required)
  --roles <list>      comma-separated: ${ROLES.join(', ')} (required)
  --ministry <id>     the reviewer's ministry
  --ttl <duration>    lifetime, e.g. 15m, 8h (default 1h)
  -h, --help          this text

Example:
  OFFICIAL=$(npm run -s token -- --sub official-1 --roles official)`;

const fail = failer('token', USAGE);
const values = readOptions('token', USAGE, {
  sub: { type: 'string' },
  roles: { type: 'string' },
  ministry: { type: 'string' },
  ttl: { type: 'string', default: '1h' },
});
const secret = process.env.AUTH_JWT_SECRET;
if (!secret) fail('set AUTH_JWT_SECRET (the same secret the service uses)');
if (!values.sub) fail('--sub is required');
const roles = (values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
if (roles.length === 0 || roles.some((r) => !ROLES.includes(r))) fail(`--roles takes a comma-separated list of ${ROLES.join(', ')}`);

let jwt = new SignJWT({ roles, ...(values.ministry ? { ministry: values.ministry } : {}) })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(values.sub)
  .setIssuedAt();
try {
  jwt = jwt.setExpirationTime(values.ttl);
} catch {
  fail(`--ttl takes a duration such as 15m, 8h or 2d, not '${values.ttl}'`);
}
if (process.env.AUTH_ISSUER) jwt = jwt.setIssuer(process.env.AUTH_ISSUER);
if (process.env.AUTH_AUDIENCE) jwt = jwt.setAudience(process.env.AUTH_AUDIENCE);
console.log(await jwt.sign(new TextEncoder().encode(secret)));
