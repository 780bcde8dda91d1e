#!/usr/bin/env node
// Mints a development token signed with AUTH_JWT_SECRET (HS256), e.g.
//   npm run token -- --sub official-1 --roles official
//   npm run token -- --sub reviewer-1 --roles reviewer --ministry foreign-affairs --ttl 8h
import { SignJWT } from 'jose';
import { parseArgs } from 'node:util';

const ROLES = ['official', 'senior_official', 'reviewer', 'court'];
const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    roles: { type: 'string' },
    ministry: { type: 'string' },
    ttl: { type: 'string', default: '1h' },
  },
});

const fail = (message) => {
  console.error(`token: ${message}`);
  process.exit(2);
};
const secret = process.env.AUTH_JWT_SECRET;
if (!secret) fail('set AUTH_JWT_SECRET (the same secret the service uses)');
if (!values.sub) fail('--sub is required');
const roles = (values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
if (roles.length === 0 || roles.some((r) => !ROLES.includes(r))) fail(`--roles takes a comma-separated list of ${ROLES.join(', ')}`);

let jwt = new SignJWT({ roles, ...(values.ministry ? { ministry: values.ministry } : {}) })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(values.sub)
  .setIssuedAt()
  .setExpirationTime(values.ttl);
if (process.env.AUTH_ISSUER) jwt = jwt.setIssuer(process.env.AUTH_ISSUER);
if (process.env.AUTH_AUDIENCE) jwt = jwt.setAudience(process.env.AUTH_AUDIENCE);
console.log(await jwt.sign(new TextEncoder().encode(secret)));
