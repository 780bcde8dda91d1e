import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { designationHandler } from '@app/application';
import { DEFAULT_POLICY, type Actor } from '@app/domain';
import { createPostgresEventStore, releaseArchiveOf, type EventToAppend, type JsonObject, type SqlEventStore } from '@app/event-store';
import { ListImports, type ImportMapping, type ImportTerms } from '@app/imports';
import { parseRelease } from '@app/lists';
import { print, withDatabase } from '../support/database';
import { rate, ratio } from '../event-store/measure';
import { setting } from '../support/settings';

/**
 * Issue 15's bench, the apply half: `ListImports.apply` of a migration batch of ~9,000 entries (the
 * OFAC SDN CSV set of 2021-07-07 under a mapping of every program it names) on a fresh PostgreSQL
 * database, against appending the same events with the raw `store.appendToStream` on another
 * fresh database: as many streams, each with the same events in one append (an addition: two
 * events to a new stream), from as many concurrent lanes as apply uses (8). See README.md.
 */
const ROUNDS = setting('BENCH_LISTS_APPLY_ROUNDS', 3, 1);
/** ListImports applies this many entries at once (APPLY_CONCURRENCY in libs/imports): the baseline gets as many lanes. */
const LANES = setting('BENCH_LISTS_APPLY_LANES', 8, 1);
const REPO_ROOT = resolve(__dirname, '../..');
const DIR = resolve(REPO_ROOT, '../shared/lists/ofac/sdn-csv-2021-07-07');
const RELEASE_DATE = '2021-07-07';
const FILES = ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'];
const OFFICIAL: Actor = { id: 'bench-official', roles: ['official'] };
const SENIOR: Actor = { id: 'bench-senior', roles: ['senior_official'] };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const since = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

/** One append of the baseline: a stream and the events one command appended to it. */
interface Append {
  stream: string;
  events: EventToAppend[];
}

interface ApplyRun {
  ms: number;
  entries: number;
  skipped: number;
  appends: Append[];
}

const openStore = (url: string) => createPostgresEventStore({ connectionString: url });

/** Every mapped program the same way: the batch takes in every listing of the release. */
function mappingOf(programs: string[]): ImportMapping {
  const legalBasis = [{ instrument: 'Bench instrument', provision: 'Art. 1', jurisdiction: 'domestic' as const }];
  return { programs: programs.map((program) => ({ program, category: 'cyber_crime', legalBasis, measures: ['asset_freeze'] })) };
}

function terms(): ImportTerms {
  return {
    sunsetAt: new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000).toISOString(),
    reviewInterval: 'P12M',
    reviewingMinistries: ['foreign-affairs'],
    humanitarianWaiver: { justification: 'Licences under the general licences of the regime meet humanitarian needs' },
  };
}

/** The designation streams' appends as apply made them, in log order: one per command (stream × commandId). */
async function appendsOf(url: string): Promise<Append[]> {
  const sql = new Client({ connectionString: url });
  await sql.connect();
  try {
    const rows = (
      await sql.query<{ stream_name: string; type: string; data: JsonObject; metadata: JsonObject }>(
        `SELECT stream_name, type, data, metadata FROM event_store.events WHERE stream_name LIKE 'designation-%' ORDER BY position`,
      )
    ).rows;
    const appends = new Map<string, Append>();
    for (const row of rows) {
      const { hash: _hash, prevHash: _prevHash, ...metadata } = row.metadata;
      const key = `${row.stream_name}\u0000${String(metadata.commandId)}`;
      const append = appends.get(key) ?? { stream: row.stream_name, events: [] };
      append.events.push({ type: row.type, data: row.data, metadata });
      appends.set(key, append);
    }
    return [...appends.values()];
  } finally {
    await sql.end();
  }
}

async function countEvents(url: string): Promise<number> {
  const sql = new Client({ connectionString: url });
  await sql.connect();
  try {
    return Number((await sql.query(`SELECT count(*) AS n FROM event_store.events WHERE stream_name LIKE 'designation-%'`)).rows[0].n);
  } finally {
    await sql.end();
  }
}

/** Upload, prepare and approve (untimed), then `apply` timed, on a fresh database. */
async function applySubject(files: { role: string; bytes: Buffer }[], mapping: ImportMapping, capture: boolean): Promise<ApplyRun> {
  return withDatabase('bench_lists_apply', async (url) => {
    const store: SqlEventStore = await openStore(url);
    try {
      const imports = new ListImports({
        store,
        archive: releaseArchiveOf(store),
        designations: designationHandler(store, DEFAULT_POLICY),
        policy: DEFAULT_POLICY,
        clock: () => new Date(),
      });
      const { manifest } = await imports.upload('ofac-sdn-csv', files, { releaseDate: RELEASE_DATE }, OFFICIAL);
      const preview = await imports.prepare({ releaseHash: manifest.releaseHash, mapping, terms: terms() }, OFFICIAL, 'bench-prepare');
      await imports.approve(preview.batch.batchId, SENIOR, 'bench-approve');
      const entries = preview.entries.length;

      const started = process.hrtime.bigint();
      const { batch } = await imports.apply(preview.batch.batchId);
      const ms = since(started);

      if (batch.status !== 'applied' || !batch.applied) throw new Error(`the batch ended ${batch.status}`);
      const { added, lifted, amended } = batch.applied.applied;
      const skipped = batch.applied.skipped.length;
      if (added + lifted + amended + skipped !== entries) throw new Error(`applied ${added + lifted + amended} and skipped ${skipped} of ${entries} entries`);
      return { ms, entries, skipped, appends: capture ? await appendsOf(url) : [] };
    } finally {
      await store.close();
    }
  });
}

/** The baseline: the same appends with the raw store, from LANES concurrent lanes, on a fresh database. */
async function rawSubject(appends: Append[]): Promise<number> {
  return withDatabase('bench_lists_raw', async (url) => {
    const store = await openStore(url);
    try {
      let next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: LANES }, async () => {
          while (next < appends.length) {
            const { stream, events } = appends[next++];
            await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
          }
        }),
      );
      const ms = since(started);
      const expected = appends.reduce((sum, a) => sum + a.events.length, 0);
      const found = await countEvents(url);
      if (found !== expected) throw new Error(`the baseline appended ${found} events, expected ${expected}`);
      return ms;
    } finally {
      await store.close();
    }
  });
}

async function main(): Promise<void> {
  const files = FILES.map((role) => ({ role, bytes: readFileSync(resolve(DIR, role)) }));
  const release = await parseRelease('ofac-sdn-csv', { sdn: files[0].bytes, add: files[1].bytes, alt: files[2].bytes, comments: files[3].bytes }, { releaseDate: RELEASE_DATE });
  const programs = [...new Set(release.listings.flatMap((l) => l.programs))].sort();
  const mapping = mappingOf(programs);
  print('config', `rounds=${ROUNDS} lanes=${LANES} release=ofac/sdn-csv-2021-07-07 listings=${release.listings.length} programs=${programs.length} pool=10`);

  // Warm-up (untimed): a whole apply, whose appends are the baseline's, and the baseline once.
  const warm = await applySubject(files, mapping, true);
  const appends = warm.appends;
  const streams = new Set(appends.map((a) => a.stream)).size;
  const events = appends.reduce((sum, a) => sum + a.events.length, 0);
  print('entries', String(warm.entries));
  print('skipped', String(warm.skipped));
  print('streams', String(streams));
  print('events', String(events));
  print('appends', String(appends.length));
  print('warmup_apply_ms', warm.ms.toFixed(0));
  print('warmup_raw_append_ms', (await rawSubject(appends)).toFixed(0));

  const figures = { apply: [] as number[], raw: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which runs first, so neither always finds the server's caches as the other left them.
    const subjects = [async () => figures.apply.push((await applySubject(files, mapping, false)).ms), async () => figures.raw.push(await rawSubject(appends))];
    if (round % 2 === 1) subjects.reverse();
    for (const subject of subjects) await subject();
    print(`round_${round + 1}`, `apply_ms=${figures.apply[round].toFixed(0)} raw_append_ms=${figures.raw[round].toFixed(0)}`);
  }

  const applyMs = median(figures.apply);
  const rawMs = median(figures.raw);
  print('apply_ms', applyMs.toFixed(0));
  print('raw_append_ms', rawMs.toFixed(0));
  print('apply_entries_per_s', rate(warm.entries / (applyMs / 1000)));
  print('raw_append_entries_per_s', rate(appends.length / (rawMs / 1000)));
  print('ratio_apply_vs_raw_append', ratio(rawMs, applyMs));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
