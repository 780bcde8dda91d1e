import { createHash, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { ConsoleSessions, sameToken, type ConsoleUser } from '../../apps/api/src/console/sessions';

/**
 * Console sessions on a real Redis, with a clock the test moves: they end after the idle time and
 * after the maximum age whatever the use, signing in gives a new id and a new CSRF token (the old
 * id opens nothing), the idle clock is restarted at most once a minute, and Redis holds only the
 * hash of an id.
 */
const ALICE: ConsoleUser = { id: 'alice', name: 'Alice', roles: ['official'], via: 'development' };

describe('console sessions in Redis', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `test-${randomUUID().slice(0, 8)}:`;
  let now = Date.UTC(2026, 11, 4, 9, 0, 0);
  const sessions = new ConsoleSessions(redis, prefix, 30, 8, () => now);

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('keeps only the hash of the id in Redis, with the idle time as its TTL', async () => {
    const session = await sessions.start();
    const keys = await redis.keys(`${prefix}console:session:*`);
    expect(keys.some((key) => key.includes(session.id))).toBe(false);
    expect(keys).toContain(keyOf(session.id));
    const ttl = await redis.ttl(keyOf(session.id));
    expect(ttl).toBeGreaterThan(29 * 60);
    expect(ttl).toBeLessThanOrEqual(30 * 60);
  });

  it('gives a new id and CSRF token at sign-in; the old id opens nothing', async () => {
    const before = await sessions.start();
    const after = await sessions.signIn(before, ALICE);
    expect(after.id).not.toBe(before.id);
    expect(after.data.csrf).not.toBe(before.data.csrf);
    expect(await sessions.find(before.id)).toBeUndefined();
    expect((await sessions.find(after.id))?.data.user).toEqual(ALICE);
  });

  it('ends after the maximum age even when used all along', async () => {
    const session = await sessions.signIn(undefined, ALICE);
    for (let hour = 0; hour < 8; hour++) {
      now += 3_600_000 - 1;
      const found = await sessions.find(session.id);
      expect(found?.data.user?.id).toBe('alice');
      await sessions.save(found!);
    }
    now += 10;
    expect(await sessions.find(session.id)).toBeUndefined();
  });

  it('restarts the idle clock at most once a minute, and never beyond the maximum age', async () => {
    const session = await sessions.signIn(undefined, ALICE);
    const stored = async () => JSON.parse((await redis.get(keyOf(session.id)))!) as { touchedAt: number };
    const first = (await stored()).touchedAt;
    now += 30_000;
    await sessions.touch(session);
    expect((await stored()).touchedAt).toBe(first);
    now += 31_000;
    await sessions.touch(session);
    expect((await stored()).touchedAt).toBe(now);
    // Near the end of its life, the TTL is what is left of the maximum age, not the idle time.
    now = session.data.createdAt + 8 * 3_600_000 - 120_000;
    await sessions.save(session);
    expect(await redis.ttl(keyOf(session.id))).toBeLessThanOrEqual(120);
  });

  it('compares CSRF tokens in constant time and refuses anything but the same text', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abd', 'abc')).toBe(false);
    expect(sameToken('ab', 'abc')).toBe(false);
    expect(sameToken(undefined, 'abc')).toBe(false);
    expect(sameToken(['abc'], 'abc')).toBe(false);
  });

  function keyOf(id: string): string {
    return `${prefix}console:session:${createHash('sha256').update(id).digest('base64url')}`;
  }
});
