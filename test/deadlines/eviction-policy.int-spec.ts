import { checkEvictionPolicy, ConfigError } from '@app/config';
import { startRedisServer, type PrivateRedis } from '../support/redis-server';

/** Redis' maxmemory-policy, checked at start against a real redis-server set each way. */
describe('checkEvictionPolicy', () => {
  let evicting: PrivateRedis;
  let strict: PrivateRedis;

  beforeAll(async () => {
    [evicting, strict] = await Promise.all([startRedisServer(['--maxmemory-policy', 'allkeys-lru']), startRedisServer(['--maxmemory-policy', 'noeviction'])]);
  });
  afterAll(() => Promise.all([evicting.stop(), strict.stop()]));

  it('refuses to start in production on a Redis that may evict keys', async () => {
    await expect(checkEvictionPolicy(evicting.url, 'production', () => undefined)).rejects.toThrow(ConfigError);
    await expect(checkEvictionPolicy(evicting.url, 'production', () => undefined)).rejects.toThrow(/allkeys-lru.*noeviction/);
  });

  it('warns, and carries on, outside production', async () => {
    const warnings: string[] = [];
    expect(await checkEvictionPolicy(evicting.url, 'development', (m) => warnings.push(m))).toBe('allkeys-lru');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/maxmemory-policy is allkeys-lru/);
  });

  it('says nothing when the policy is noeviction', async () => {
    const warnings: string[] = [];
    expect(await checkEvictionPolicy(strict.url, 'production', (m) => warnings.push(m))).toBe('noeviction');
    expect(warnings).toEqual([]);
  });
});
