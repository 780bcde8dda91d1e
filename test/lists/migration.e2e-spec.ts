import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { loadConfig } from '@app/config';
import { importedDesignationId } from '@app/imports';
import { createApp } from '../../apps/api/src/app.factory';
import { TEST_SECRET, token } from '../api/support/api-test-app';
import { spawnWorkerProcess, type WorkerProcess } from '../deadlines/support/worker-process';
import { createTestDatabase } from '../event-store/support/postgres-test-database';
import { LISTS } from './support/shared-lists';

/**
 * Issue 15, acceptance: the authority migrates its own list — the OFAC SDN cyber programs of
 * 2019-01-04 — then brings it to the 2021-07-07 release, all over HTTP on PostgreSQL, with the
 * worker as its own process. Afterwards the register holds exactly the 2021 cyber listings, the
 * delisted ones are lifted with their reason and release, and every event cites its release. The
 * second run SIGKILLs the worker in the middle of each apply (some entries held back by locking
 * their streams in PostgreSQL, as a slow disk would) and checks that nothing is lost or doubled.
 */
const LIST_ID = 'own-ofac-sdn-csv';
const FILES = ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'];
const CYBER = ['CYBER', 'CYBER2'];
const MAPPING = {
  programs: CYBER.map((program) => ({
    program,
    category: 'cyber_crime',
    legalBasis: [{ instrument: 'Executive Order 13694, as amended by Executive Order 13757', provision: 'Sec. 1', jurisdiction: 'domestic' }],
    measures: ['asset_freeze'],
  })),
};
const HELD_BACK = 3;

interface Release {
  date: string;
  dir: string;
  /** Independent of libs/lists: ent_num of every sdn.csv row whose Program column names a cyber program. */
  cyber: Set<string>;
}

function release(date: string): Release {
  const dir = join(LISTS, 'ofac', `sdn-csv-${date}`);
  const rows: string[][] = parse(readFileSync(join(dir, 'sdn.csv'), 'latin1').replace(/\x1a\s*$/, ''), { relax_column_count: true, skip_empty_lines: true });
  const cyber = new Set(rows.filter((row) => row[3].split(/\]\s*\[/).some((p) => CYBER.includes(p.trim()))).map((row) => row[0].trim()));
  return { date, dir, cyber };
}

const R2019 = release('2019-01-04');
const R2021 = release('2021-07-07');
const minus = (a: Set<string>, b: Set<string>) => [...a].filter((id) => !b.has(id));

describe('migrating the OFAC cyber listings 2019 → 2021 over HTTP on PostgreSQL (issue 15)', () => {
  it('the independent counts are what SOURCES.md leads one to expect', () => {
    expect(R2019.cyber.size).toBeGreaterThan(30);
    expect(R2021.cyber.size).toBeGreaterThan(R2019.cyber.size);
  });

  it.each([
    ['as the worker runs', false],
    ['with the worker SIGKILLed in the middle of each apply', true],
  ])('%s', (_name, crash) => migrate(crash), 300_000);
});

/**
 * No cyber listing left the OFAC list between those two releases (counted above: none removed), so
 * the delisting half runs on the UN list, whose 2018-06-21 → 2018-08-24 pair delists eight Iraqi
 * state bodies (SOURCES.md names them): the authority's own list, in scope DPRK and Iraq.
 */
describe('an own list whose source delists entries: UN 2018-06-21 → 2018-08-24 (issue 15)', () => {
  const DELISTED = ['IQe.024', 'IQe.041', 'IQe.058', 'IQe.066', 'IQe.079', 'IQe.088', 'IQe.124', 'IQe.145'];
  const UN_MAPPING = {
    programs: ['DPRK', 'Iraq'].map((program) => ({
      program,
      category: 'cyber_espionage',
      legalBasis: [{ instrument: 'UN Security Council resolutions, as implemented', provision: 'the listing', jurisdiction: 'multilateral' }],
      measures: ['asset_freeze'],
    })),
  };

  it('lifts each delisted entry with reason delisted_at_source and the release that delisted it', async () => {
    const stack = await startStack('imports_un');
    const { http, sql } = stack;
    const official = await token('official-ana', ['official']);
    const senior = await token('senior-ben', ['senior_official']);
    try {
      const hashes: string[] = [];
      let last: { batchId: string; counts: Record<string, number>; entries: { action: string; references: string[]; designationId: string }[] } | undefined;
      for (const date of ['2018-06-21', '2018-08-24']) {
        const uploaded = await http()
          .post('/lists/releases?format=un-xml')
          .set('authorization', `Bearer ${official}`)
          .set('content-type', 'application/xml')
          .send(readFileSync(join(LISTS, 'un', `un_consolidated_${date}.xml`)))
          .expect(201);
        hashes.push(uploaded.body.releaseHash);
        const response = await http().post('/imports').set('authorization', `Bearer ${official}`).send({ releaseHash: uploaded.body.releaseHash, mapping: UN_MAPPING, terms: terms() });
        expect([response.status, response.body.detail]).toEqual([201, undefined]);
        last = response.body;
        await http().post(`/imports/${last!.batchId}/approve`).set('authorization', `Bearer ${senior}`).expect(202);
        await until(async () => (await http().get(`/imports/${last!.batchId}`).set('authorization', `Bearer ${official}`)).body.status === 'applied', 120_000, 'the batch applied');
      }
      const removed = last!.entries.filter((e) => e.action === 'lift');
      expect(removed.map((e) => e.references.find((r) => r.startsWith('un:IQe'))?.slice(3)).sort()).toEqual(DELISTED);
      expect(last!.counts.removed).toBe(DELISTED.length);
      for (const entry of removed) {
        const events = (await sql.query('SELECT type, data FROM event_store.events WHERE stream_name = $1 ORDER BY revision', [`designation-${entry.designationId}`])).rows;
        expect(events.map((e) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'DesignationLifted']);
        expect(events[2].data).toMatchObject({ reason: 'delisted_at_source', source: { source: 'un', releaseHash: hashes[1], releaseDate: expect.stringMatching(/^2018-08-24/), batchId: last!.batchId } });
        expect(events[1].data.provenance.releaseHash).toBe(hashes[0]);
      }
      const head = Number((await sql.query('SELECT max(position) AS head FROM event_store.events')).rows[0].head);
      const lifted = await allPages(http, official, `/designations?status=lifted&minPosition=${head}`);
      expect(lifted.map((d) => d.id).sort()).toEqual(removed.map((e) => e.designationId).sort());
      const register = (await http().get(`/public/register?minPosition=${head}`).expect(200)).body;
      expect(register.entries.some((e: { id: string }) => removed.some((r) => r.designationId === e.id))).toBe(false);
    } catch (error) {
      throw stack.failure(error);
    } finally {
      await stack.close();
    }
  }, 300_000);
});

async function migrate(crash: boolean): Promise<void> {
  const stack = await startStack('imports');
  const { http, sql, env } = stack;
  const official = await token('official-ana', ['official']);
  const senior = await token('senior-ben', ['senior_official']);
  try {

    // ── 2019: the migration ─────────────────────────────────────────────────────────────────
    const hash2019 = await upload(http, official, R2019);
    const first = await prepare(http, official, hash2019, 201);
    expect(first.counts).toMatchObject({ added: R2019.cyber.size, removed: 0, amended: 0, unchanged: 0 });
    expect(first.entries.map((e: { sourceId: string }) => e.sourceId).sort()).toEqual([...R2019.cyber].sort());
    expect(first.entries.filter((e: { refusal?: unknown }) => e.refusal)).toEqual([]);
    // The preparer may not approve their own batch.
    await http().post(`/imports/${first.batchId}/approve`).set('authorization', `Bearer ${await token('official-ana', ['senior_official'])}`).expect(409).expect((r) => expect(r.body.code).toBe('ACTOR.FOUR_EYES'));
    stack.worker = await approveAndApply(http, senior, first, sql, stack.worker, env, crash);

    // ── 2021: the list kept in step ─────────────────────────────────────────────────────────
    const hash2021 = await upload(http, official, R2021);
    const second = await prepare(http, official, hash2021, 201);
    const added = minus(R2021.cyber, R2019.cyber);
    const removed = minus(R2019.cyber, R2021.cyber);
    expect(second.counts.added).toBe(added.length);
    expect(second.counts.removed).toBe(removed.length);
    expect(second.counts.amended + second.counts.unchanged).toBe(R2019.cyber.size - removed.length);
    expect(second.baseReleaseHash).toBe(hash2019);
    stack.worker = await approveAndApply(http, senior, second, sql, stack.worker, env, crash);

    // ── the register afterwards ─────────────────────────────────────────────────────────────
    const head = Number((await sql.query('SELECT max(position) AS head FROM event_store.events')).rows[0].head);
    const active = await allPages(http, official, `/designations?status=active&minPosition=${head}`);
    expect(active.map((d) => d.source?.sourceId).sort()).toEqual([...R2021.cyber].sort());
    // The public register and its FollowTheMoney export show each with its source reference.
    const register = (await http().get(`/public/register?minPosition=${head}`).expect(200)).body;
    expect(register.entries.map((e: { source?: { sourceId: string } }) => e.source?.sourceId).sort()).toEqual([...R2021.cyber].sort());
    const ftm = (await http().get(`/public/register.ftm.jsonl?minPosition=${head}`).expect(200)).text;
    const sample = [...R2021.cyber][0];
    expect(ftm).toContain(`"${sample}"`);

    // Every event of an imported designation cites its release; the delisted are lifted with theirs.
    const events = (await sql.query(`SELECT stream_name, type, data, metadata FROM event_store.events WHERE stream_name LIKE 'designation-%' ORDER BY position`)).rows;
    const byStream = new Map<string, typeof events>();
    for (const event of events) byStream.set(event.stream_name, [...(byStream.get(event.stream_name) ?? []), event]);
    expect(byStream.size).toBe(new Set([...R2019.cyber, ...R2021.cyber]).size);
    for (const [stream, stream_events] of byStream) {
      expect(stream_events.filter((e) => e.type === 'DesignationProposed')).toHaveLength(1);
      expect(stream_events.filter((e) => e.type === 'DesignationIssued')).toHaveLength(1);
      for (const event of stream_events) {
        const cited = event.data.provenance?.releaseHash ?? event.data.source?.releaseHash;
        expect([stream, event.type, [hash2019, hash2021].includes(cited)]).toEqual([stream, event.type, true]);
        // One command per entry and batch: a repeat would show as a second event of its command.
        expect(stream_events.filter((e) => e.metadata.commandId === event.metadata.commandId).length).toBeLessThanOrEqual(2);
      }
    }
    for (const sourceId of removed) {
      const lifted = byStream.get(`designation-${importedDesignationId(LIST_ID, sourceId)}`)!;
      const last = lifted[lifted.length - 1];
      expect([sourceId, last.type, last.data.reason, last.data.source.releaseHash]).toEqual([sourceId, 'DesignationLifted', 'delisted_at_source', hash2021]);
    }
    for (const sourceId of added) {
      const issued = byStream.get(`designation-${importedDesignationId(LIST_ID, sourceId)}`)!.find((e) => e.type === 'DesignationIssued')!;
      expect(issued.data.provenance).toMatchObject({ source: 'ofac', sourceId, releaseHash: hash2021, releaseDate: '2021-07-07', batchId: second.batchId });
    }
    const amendments = events.filter((e) => e.type === 'DesignationAmended');
    expect(amendments).toHaveLength(second.counts.amended);
    expect(amendments.every((e) => e.data.source.releaseHash === hash2021 && e.data.changes.length > 0)).toBe(true);

    // The same release again appends nothing.
    await http()
      .post('/imports')
      .set('authorization', `Bearer ${official}`)
      .send({ releaseHash: hash2021, mapping: MAPPING, terms: terms() })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('LIST.RELEASE_ALREADY_RECORDED'));
    // An older one would reverse a newer: refused, nothing appended either.
    await http()
      .post('/imports')
      .set('authorization', `Bearer ${official}`)
      .send({ releaseHash: hash2019, mapping: MAPPING, terms: terms() })
      .expect(409);
    expect(Number((await sql.query('SELECT max(position) AS head FROM event_store.events')).rows[0].head)).toBe(head);
  } catch (error) {
    throw stack.failure(error);
  } finally {
    await stack.close();
  }
}

/** The api in this process and the worker as its own, on a fresh PostgreSQL database and Redis prefix. */
async function startStack(name: string) {
  const database = await createTestDatabase(name);
  const env = {
    EVENT_STORE: 'postgres',
    DATABASE_URL: database.url,
    REDIS_KEY_PREFIX: `${name}-${randomUUID().slice(0, 8)}:`,
    LIST_IMPORT_POLL_MS: '100',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
  };
  const app = await createApp(loadConfig({ ...env, AUTH_JWT_SECRET: TEST_SECRET }), false);
  const sql = new Client({ connectionString: database.url });
  await sql.connect();
  const stack = {
    env,
    sql,
    http: () => request(app.getHttpServer()),
    worker: spawnWorkerProcess(name, env) as WorkerProcess,
    failure: (error: unknown) => new Error(`${(error as Error).stack}\n${stack.worker.tail()}`),
    async close() {
      await stack.worker.kill('SIGTERM');
      await sql.end();
      await app.close();
      await database.drop();
    },
  };
  await stack.worker.ready(90_000);
  return stack;
}

function terms() {
  const in2Years = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000).toISOString();
  return {
    sunsetAt: in2Years,
    reviewInterval: 'P12M',
    reviewingMinistries: ['foreign-affairs'],
    humanitarianWaiver: { justification: 'Licences under the general licences of the regime meet humanitarian needs' },
  };
}

type Http = () => ReturnType<typeof request>;

async function upload(http: Http, bearer: string, release: Release): Promise<string> {
  let call = http().post(`/lists/releases?format=ofac-sdn-csv&releaseDate=${release.date}`).set('authorization', `Bearer ${bearer}`);
  for (const file of FILES) call = call.attach(file, readFileSync(join(release.dir, file)), file);
  const response = await call;
  expect([response.status, response.body.code]).toEqual([201, undefined]);
  expect(response.body).toMatchObject({ format: 'ofac-sdn-csv', source: 'ofac', releaseDate: release.date });
  return response.body.releaseHash;
}

async function prepare(http: Http, bearer: string, releaseHash: string, status: number) {
  const response = await http().post('/imports').set('authorization', `Bearer ${bearer}`).send({ releaseHash, mapping: MAPPING, terms: terms() });
  expect([response.status, response.body.detail]).toEqual([status, undefined]);
  expect(response.body).toMatchObject({ listId: LIST_ID, status: 'prepared' });
  return response.body;
}

/**
 * Approves and waits until applied. With `crash`: a few entries' streams are locked in PostgreSQL
 * first, so the worker is stuck on them with the rest applied; it is SIGKILLed there, the locks
 * released, and a new worker finishes the batch.
 */
async function approveAndApply(
  http: Http,
  bearer: string,
  batch: { batchId: string; entries: { designationId: string }[] },
  sql: Client,
  worker: WorkerProcess,
  env: Record<string, string>,
  crash: boolean,
): Promise<WorkerProcess> {
  const held = crash ? batch.entries.filter((_, i) => i % Math.max(1, Math.floor(batch.entries.length / HELD_BACK)) === 1).slice(0, HELD_BACK) : [];
  const locks = held.length ? new Client({ connectionString: env.DATABASE_URL }) : undefined;
  if (locks) {
    await locks.connect();
    for (const entry of held) await locks.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`designation-${entry.designationId}`]);
  }
  await http().post(`/imports/${batch.batchId}/approve`).set('authorization', `Bearer ${bearer}`).expect(202);
  if (locks) {
    const others = batch.entries.length - held.length;
    await until(async () => Number((await sql.query(`SELECT count(DISTINCT metadata->>'commandId') AS n FROM event_store.events WHERE metadata->>'correlationId' = $1 AND stream_name LIKE 'designation-%'`, [batch.batchId])).rows[0].n) >= others, 60_000, 'the unheld entries applied');
    const applied = await sql.query(`SELECT 1 FROM event_store.events WHERE type = 'ImportBatchApplied' AND data->>'batchId' = $1`, [batch.batchId]);
    expect(applied.rowCount).toBe(0); // killed in the middle: the batch is not complete
    await worker.kill('SIGKILL');
    await locks.end();
    worker = spawnWorkerProcess('imports-restarted', env);
    await worker.ready(90_000);
  }
  await until(async () => (await http().get(`/imports/${batch.batchId}`).set('authorization', `Bearer ${bearer}`)).body.status === 'applied', 120_000, 'the batch applied');
  const done = (await http().get(`/imports/${batch.batchId}`).set('authorization', `Bearer ${bearer}`)).body;
  expect(done.applied.skipped).toEqual([]);
  return worker;
}

async function allPages(http: Http, bearer: string | undefined, path: string): Promise<Array<{ id: string; source?: { sourceId: string; releaseHash: string } }>> {
  const items: Array<{ id: string; source?: { sourceId: string; releaseHash: string } }> = [];
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    let call = http().get(`${path}${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (bearer) call = call.set('authorization', `Bearer ${bearer}`);
    const response = await call;
    expect([response.status, response.body.detail, response.body.errors]).toEqual([200, undefined, undefined]);
    const page = response.body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
