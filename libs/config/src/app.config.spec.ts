import { loadConfig } from './app.config';
import { configFailure as failure } from '../testing/config-failure';

const secret = { AUTH_JWT_SECRET: 'a-development-secret-of-32-bytes-or-more' };

describe('loadConfig', () => {
  it('defaults to the embedded store, ./data, local Redis and port 3000', () => {
    expect(loadConfig(secret)).toMatchObject({
      eventStore: 'pglite',
      dataDir: './data',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 3000,
      redisKeyPrefix: 'sls:',
      publicBaseUrl: 'http://localhost:3000',
    });
  });

  it('lets the worker and the command-line tools start without a token secret, not the api', () => {
    expect(loadConfig({}, { requireAuth: false }).auth).toEqual({});
    expect(failure(() => loadConfig({}))).toMatch(/^AUTH_JWT_SECRET:/);
  });

  it('takes the public base URL without its trailing slash', () => {
    expect(loadConfig({ ...secret, PUBLIC_BASE_URL: 'https://sanctions.example.gov/' }).publicBaseUrl).toBe('https://sanctions.example.gov');
  });

  it.each([
    [{}, 'AUTH_JWT_SECRET'],
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET'],
    [{ ...secret, EVENT_STORE: 'mongodb' }, 'EVENT_STORE'],
    [{ ...secret, EVENT_STORE: 'postgres' }, 'DATABASE_URL'],
    [{ ...secret, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ ...secret, EVENT_STORE: 'esdb' }, 'EVENTSTORE_CONNECTION_STRING'],
    [{ ...secret, REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ ...secret, PORT: '70000' }, 'PORT'],
    [{ ...secret, PORT: '3000abc' }, 'PORT'],
    [{ AUTH_JWKS_URL: 'ftp://keys' }, 'AUTH_JWKS_URL'],
    [{ ...secret, REDIS_KEY_PREFIX: 'has space' }, 'REDIS_KEY_PREFIX'],
    [{ ...secret, PUBLIC_BASE_URL: 'gopher://x' }, 'PUBLIC_BASE_URL'],
  ])('fails fast naming the variable: %p', (env, variable) => {
    expect(failure(() => loadConfig(env))).toMatch(new RegExp(`^${variable}:`));
  });

  it('accepts a JWKS URL instead of a shared secret', () => {
    expect(loadConfig({ AUTH_JWKS_URL: 'https://id.example/.well-known/jwks.json' }).auth.jwksUrl).toBe(
      'https://id.example/.well-known/jwks.json',
    );
  });
});
