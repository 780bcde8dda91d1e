import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY } from '@app/domain';
import { createPostgresEventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { designateWithSunset } from '../deadlines/support/designations';
import { freePort } from '../support/free-port';

/**
 * `npm run projections:rebuild` refuses what would swap empty read models in over the served ones
 * (a mistyped DATA_DIR, an empty or missing database) and names the variable to check, not a stack
 * (issue 14). The script runs from its TypeScript source, as the benches do.
 */
jest.setTimeout(60_000);

const repo = resolve(__dirname, '../..');
const rebuild = (env: Record<string, string>, args: string[] = []) => {
  const run = spawnSync(process.execPath, ['--require', './bench/support/swc-register.js', 'apps/worker/src/rebuild.ts', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `test-${randomUUID().slice(0, 8)}:`, ...env },
    timeout: 50_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
};
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

let empty: TestDatabase;
let full: TestDatabase;
beforeAll(async () => {
  [empty, full] = await Promise.all([createTestDatabase('rebuild_empty'), createTestDatabase('rebuild_full')]);
  // Both become event stores (migrated); one gets a designation.
  const stores = await Promise.all([empty, full].map((d) => createPostgresEventStore({ connectionString: d.url })));
  await designateWithSunset(stores[1], DEFAULT_POLICY, 300 * 24 * 3600 * 1000);
  await Promise.all(stores.map((s) => s.close()));
});
afterAll(() => Promise.all([empty.drop(), full.drop()]));

it('refuses a DATA_DIR with no event store in it, without creating one there', () => {
  const parent = mkdtempSync(join(tmpdir(), 'rebuild-'));
  const dataDir = join(parent, 'dta'); // a typo of data
  try {
    const run = rebuild({ EVENT_STORE: 'pglite', DATA_DIR: dataDir });
    expect(run.status).toBe(2);
    expect(run.err).toContain('DATA_DIR');
    expect(run.err).toContain(dataDir);
    noStack(run.err);
    expect(existsSync(dataDir)).toBe(false);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

it('refuses an empty log, naming DATABASE_URL, unless told --allow-empty', () => {
  const refused = rebuild({ EVENT_STORE: 'postgres', DATABASE_URL: empty.url });
  expect(refused.status).toBe(2);
  expect(refused.err).toMatch(/DATABASE_URL: the log there holds no event/);
  noStack(refused.err);
  const allowed = rebuild({ EVENT_STORE: 'postgres', DATABASE_URL: empty.url }, ['--allow-empty']);
  expect(allowed.status).toBe(0);
  expect(allowed.out).toMatch(/Done: 0 events/);
});

it('names DATABASE_URL for a database that is not there', () => {
  const url = new URL(empty.url);
  url.pathname = `/no_such_${randomUUID().slice(0, 8).replace(/-/g, '')}`;
  const run = rebuild({ EVENT_STORE: 'postgres', DATABASE_URL: url.toString() });
  expect(run.status).toBe(2);
  expect(run.err).toMatch(/DATABASE_URL: cannot open the event store/);
  noStack(run.err);
});

it('names REDIS_URL when nothing answers there, instead of an ioredis stack', async () => {
  const run = rebuild({ EVENT_STORE: 'postgres', DATABASE_URL: full.url, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
  expect(run.status).toBe(2);
  expect(run.err).toMatch(/REDIS_URL: nothing answers at 127\.0\.0\.1:\d+/);
  noStack(run.err);
});

it('rebuilds a log that holds events', () => {
  const run = rebuild({ EVENT_STORE: 'postgres', DATABASE_URL: full.url });
  expect(run.err).toBe('');
  expect(run.status).toBe(0);
  expect(run.out).toMatch(/Done: 2 events/);
});
