import { print, withDatabase } from '../support/database';
import { randomUUID } from 'node:crypto';
import { opsPerSecond, rate, ratio } from './measure';
import { emmettPostgres, openPglite, pgliteStore, postgresStore, rawPglite, rawPostgres, type Subject } from './subjects';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const READS = Number(process.env.BENCH_READS ?? 2000);
const STREAM_LENGTH = Number(process.env.BENCH_STREAM_LENGTH ?? 20);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,32').split(',').map(Number);

interface Figures {
  appendsPerSecond: number;
  readsPerSecond: number;
}

/** Appends EVENTS events (one per call, one stream per worker), then reads whole STREAM_LENGTH-event streams READS times. */
async function measure(subject: Subject, concurrency: number): Promise<Figures> {
  const run = randomUUID().slice(0, 8);
  await opsPerSecond({ operations: Math.min(100, EVENTS), concurrency }, (w, i) => subject.append(`warmup-${run}-${w}`, i));
  const appendsPerSecond = await opsPerSecond({ operations: EVENTS, concurrency }, (w, i) => subject.append(`append-${run}-${w}`, i));
  const readable = Array.from({ length: 32 }, (_, s) => `read-${run}-${s}`);
  await opsPerSecond({ operations: readable.length * STREAM_LENGTH, concurrency: readable.length }, (s, i) => subject.append(readable[s], i));
  const readsPerSecond = await opsPerSecond({ operations: READS, concurrency }, async (w, i) => {
    const length = await subject.readStream(readable[(w + i) % readable.length]);
    if (length !== STREAM_LENGTH) throw new Error(`read ${length} events, expected ${STREAM_LENGTH}`);
  });
  await subject.close();
  return { appendsPerSecond, readsPerSecond };
}

async function main(): Promise<void> {
  print('config', `events=${EVENTS} reads=${READS} stream_length=${STREAM_LENGTH} concurrency=${CONCURRENCY.join('/')}`);
  await withDatabase('es_bench', async (url) => {
    const pglite = await openPglite();
    try {
      for (const c of CONCURRENCY) {
        const raw = await measure(await rawPostgres(url, c), c);
        const emmett = await measure(await emmettPostgres(url, c), c);
        const postgres = await measure(await postgresStore(url, c), c);
        const rawLite = await measure(await rawPglite(pglite.db), c);
        const lite = await measure(await pgliteStore(pglite.db), c);

        print(`raw_pg_c${c}_insert_per_s`, rate(raw.appendsPerSecond));
        print(`emmett_pg_c${c}_append_per_s`, rate(emmett.appendsPerSecond));
        print(`postgres_c${c}_append_per_s`, rate(postgres.appendsPerSecond));
        print(`raw_pglite_c${c}_insert_per_s`, rate(rawLite.appendsPerSecond));
        print(`pglite_c${c}_append_per_s`, rate(lite.appendsPerSecond));
        print(`postgres_c${c}_append_vs_raw_insert`, ratio(postgres.appendsPerSecond, raw.appendsPerSecond));
        print(`postgres_c${c}_append_vs_emmett`, ratio(postgres.appendsPerSecond, emmett.appendsPerSecond));
        print(`pglite_c${c}_append_vs_raw_pglite_insert`, ratio(lite.appendsPerSecond, rawLite.appendsPerSecond));
        print(`pglite_c${c}_append_vs_raw_insert`, ratio(lite.appendsPerSecond, raw.appendsPerSecond));
        print(`pglite_c${c}_append_vs_emmett`, ratio(lite.appendsPerSecond, emmett.appendsPerSecond));

        print(`raw_pg_c${c}_stream_read_per_s`, rate(raw.readsPerSecond));
        print(`emmett_pg_c${c}_stream_read_per_s`, rate(emmett.readsPerSecond));
        print(`postgres_c${c}_stream_read_per_s`, rate(postgres.readsPerSecond));
        print(`raw_pglite_c${c}_stream_read_per_s`, rate(rawLite.readsPerSecond));
        print(`pglite_c${c}_stream_read_per_s`, rate(lite.readsPerSecond));
        print(`postgres_c${c}_read_vs_raw_select`, ratio(postgres.readsPerSecond, raw.readsPerSecond));
        print(`postgres_c${c}_read_vs_emmett`, ratio(postgres.readsPerSecond, emmett.readsPerSecond));
        print(`pglite_c${c}_read_vs_raw_pglite_select`, ratio(lite.readsPerSecond, rawLite.readsPerSecond));
      }
    } finally {
      await pglite.close();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
