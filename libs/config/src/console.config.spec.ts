import { loadConfig } from './app.config';
import { configFailure as failure } from '../testing/config-failure';

const secret = { AUTH_JWT_SECRET: 'a-development-secret-of-32-bytes-or-more' };
// Production needs its checkpoint keys; their content is not the configuration's business.
const production = { ...secret, NODE_ENV: 'production', AUDIT_SIGNING_KEYS: '[]', PUBLIC_BASE_URL: 'https://sanctions.example.gov' };
const provider = { OIDC_ISSUER: 'https://id.example.gov/realms/staff', OIDC_CLIENT_ID: 'sanctions-console', OIDC_CLIENT_SECRET: 'a-client-secret' };

describe('the console configuration', () => {
  it('has no sign-in at all in production without a provider: nobody can vouch for a user', () => {
    const config = loadConfig(production).console;
    expect(config.developmentSignIn).toBe(false);
    expect(config.oidc).toBeUndefined();
  });

  it('offers the development sign-in outside production when no provider is configured', () => {
    const config = loadConfig({ ...secret, NODE_ENV: 'development' }).console;
    expect(config.developmentSignIn).toBe(true);
    expect(config.oidc).toBeUndefined();
    expect(loadConfig({ ...secret, NODE_ENV: 'test' }).console.developmentSignIn).toBe(true);
  });

  it('with a provider, signs in only through it, back at PUBLIC_BASE_URL, with the default claim names and scope', () => {
    const config = loadConfig({ ...production, ...provider }).console;
    expect(config.developmentSignIn).toBe(false);
    expect(config.oidc).toEqual({
      issuer: new URL(provider.OIDC_ISSUER),
      clientId: 'sanctions-console',
      clientSecret: 'a-client-secret',
      redirectUri: 'https://sanctions.example.gov/console/sign-in/callback',
      postLogoutRedirectUri: 'https://sanctions.example.gov/console/signed-out',
      rolesClaim: 'roles',
      ministryClaim: 'ministry',
      nameClaim: 'name',
      scope: 'openid profile',
    });
    expect(loadConfig({ ...secret, ...provider }).console.developmentSignIn).toBe(false);
  });

  it('takes other claim names and scope', () => {
    const oidc = loadConfig({
      ...secret,
      ...provider,
      OIDC_ROLES_CLAIM: 'https://gov.example/roles',
      OIDC_MINISTRY_CLAIM: 'org_unit',
      OIDC_NAME_CLAIM: 'preferred_username',
      OIDC_SCOPE: 'openid profile roles',
    }).console.oidc;
    expect(oidc).toMatchObject({ rolesClaim: 'https://gov.example/roles', ministryClaim: 'org_unit', nameClaim: 'preferred_username', scope: 'openid profile roles' });
  });

  it('allows an http issuer outside production (a provider on loopback)', () => {
    expect(loadConfig({ ...secret, ...provider, OIDC_ISSUER: 'http://127.0.0.1:4000' }).console.oidc?.issuer.href).toBe('http://127.0.0.1:4000/');
  });

  it.each([
    ['a client id without an issuer', { ...secret, OIDC_CLIENT_ID: 'sanctions-console' }, /^OIDC_ISSUER: is required/],
    ['a client secret without an issuer', { ...secret, OIDC_CLIENT_SECRET: 'a-client-secret' }, /^OIDC_ISSUER: is required/],
    ['an http issuer in production', { ...production, ...provider, OIDC_ISSUER: 'http://id.example.gov' }, /^OIDC_ISSUER: must use https in production/],
    ['an issuer that is not a URL', { ...secret, ...provider, OIDC_ISSUER: 'id.example.gov' }, /^OIDC_ISSUER:/],
    ['an issuer of another scheme', { ...secret, ...provider, OIDC_ISSUER: 'ftp://id.example.gov' }, /^OIDC_ISSUER:/],
    ['an issuer without a client id', { ...secret, ...provider, OIDC_CLIENT_ID: '' }, /^OIDC_CLIENT_ID: is required/],
    ['an issuer without a client secret', { ...secret, ...provider, OIDC_CLIENT_SECRET: '' }, /^OIDC_CLIENT_SECRET: is required/],
    ['a roles claim that is no claim name', { ...secret, ...provider, OIDC_ROLES_CLAIM: 'roles; drop' }, /^OIDC_ROLES_CLAIM: must name a claim/],
    ['a ministry claim too long', { ...secret, ...provider, OIDC_MINISTRY_CLAIM: 'm'.repeat(101) }, /^OIDC_MINISTRY_CLAIM: must name a claim/],
    ['a name claim with a space', { ...secret, ...provider, OIDC_NAME_CLAIM: 'given name' }, /^OIDC_NAME_CLAIM: must name a claim/],
  ])('refuses %s', (_case, env, message) => {
    expect(failure(() => loadConfig(env))).toMatch(message);
  });
});
