import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { SignJWT } from 'jose';
import { newPrivateJwk } from '@app/audit';
import { exampleProposal } from '../../test/api/support/example-proposal';
import { print, withDatabase } from '../support/database';
import { deleteKeys } from '../support/redis';
import { goal } from '../support/goal';
import { freePort } from '../../test/support/free-port';
import { startApi } from './api-process';
import { loadavg, printMachine } from './machine';
import { verifyAcknowledged, verifyEmmettAcknowledged } from './verify';
import { createRawTable, emmettAppends, migrateEmmett, proposeDesignations, rawInserts, type Measured } from './workloads';
import { setting } from '../support/settings';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = setting('BENCH_SECONDS', 10, 1);
/** Each workload runs this long at its concurrency first, unmeasured (JIT, pools, caches). */
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 2, 0);
/**
 * The baselines' pools have `c` connections, but at most this many: the shared PostgreSQL allows
 * 100 connections in all, and other test runs need theirs. (The api's own pool is pg's default, 10.)
 */
const MAX_POOL = setting('BENCH_MAX_POOL', 40, 1);
/** Measured runs of each workload per concurrency; the figures are the medians. */
const ROUNDS = setting('BENCH_ROUNDS', 3, 1);
/** BENCH_API_CONCURRENCY=32 (comma-separated) runs only those; the goals are read at c=32. */
const CONCURRENCIES = (process.env.BENCH_API_CONCURRENCY ?? '1,32,128').split(',').map(Number);
if (!CONCURRENCIES.includes(32) || CONCURRENCIES.some((c) => !Number.isInteger(c) || c < 1)) throw new RangeError('BENCH_API_CONCURRENCY must list positive integers, 32 among them');
const SECRET = randomUUID() + randomUUID();

interface Row {
  concurrency: number;
  poolSize: number;
  commands: Measured;
  /** One Fastify route: JWT check + one INSERT, its own process, the api's pool size. */
  bare: Measured;
  /** Emmett's Express web API running our decider: JWT check + Emmett's command handler, its own process, pool 10. */
  emmettHttp: Measured;
  raw: Measured;
  emmett: Measured;
}

/** A measured run with the CPU it cost per operation (ms), in the process doing the work. */
type Costed = Measured & { cpuMsPerOp: number };

const fixed = (n: number, digits = 1) => n.toFixed(digits);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Each figure is the median over the rounds, on its own. */
function medianOf(runs: Costed[]): Costed {
  return {
    operations: runs.reduce((sum, run) => sum + run.operations, 0),
    opsPerSecond: median(runs.map((run) => run.opsPerSecond)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    cpuMsPerOp: median(runs.map((run) => run.cpuMsPerOp)),
  };
}

/** Runs `work`, charging it the CPU that `cpuMs` reports (a child's, or this process's own). */
async function costed(cpuMs: () => number, work: () => Promise<Measured>): Promise<Costed> {
  const before = cpuMs();
  const measured = await work();
  return { ...measured, cpuMsPerOp: (cpuMs() - before) / Math.max(1, measured.operations) };
}

const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Fails the bench if the api answered anything but 2xx, or dropped or timed out a request. */
function demandOnly2xx(run: Awaited<ReturnType<typeof proposeDesignations>>, c: number, tail: () => string): void {
  if (run.non2xx === 0 && run.errors === 0 && run.timeouts === 0) return;
  throw new Error(
    `c=${c}: ${run.non2xx} non-2xx responses, ${run.errors} errors, ${run.timeouts} timeouts ` +
      `(status codes ${JSON.stringify(run.statusCodes)}); api stderr:\n${tail()}`,
  );
}

function report(rows: Row[]): void {
  process.stdout.write('\n| c | workload | ops/s | p50 ms | p99 ms | CPU ms/op |\n|---|---|---|---|---|---|\n');
  for (const row of rows) {
    const workloads = [
      ['commands (POST /designations)', row.commands],
      ['bare route (JWT + INSERT, pool 10)', row.bare],
      ['Emmett HTTP (Express + command handler, pool 10)', row.emmettHttp],
      [`raw pg INSERT (pool ${row.poolSize})`, row.raw],
      [`Emmett append (pool ${row.poolSize})`, row.emmett],
    ] as const;
    for (const [name, m] of workloads) {
      process.stdout.write(`| ${row.concurrency} | ${name} | ${fixed(m.opsPerSecond)} | ${fixed(m.p50, 2)} | ${fixed(m.p99, 2)} | ${fixed((m as Costed).cpuMsPerOp, 3)} |\n`);
    }
  }
  process.stdout.write('\n');
  for (const { concurrency: c, commands, bare, emmettHttp, raw, emmett } of rows) {
    print(`throughput_ratio_commands_vs_bare_route_c${c}`, fixed(commands.opsPerSecond / bare.opsPerSecond, 3));
    print(`throughput_ratio_commands_vs_emmett_http_c${c}`, fixed(commands.opsPerSecond / emmettHttp.opsPerSecond, 3));
    print(`p99_ratio_commands_vs_emmett_http_c${c}`, fixed(commands.p99 / emmettHttp.p99, 2));
    print(`cpu_ms_per_op_c${c}`, `commands=${fixed((commands as Costed).cpuMsPerOp, 3)} bare_route=${fixed((bare as Costed).cpuMsPerOp, 3)} emmett_http=${fixed((emmettHttp as Costed).cpuMsPerOp, 3)} raw_insert_client=${fixed((raw as Costed).cpuMsPerOp, 3)} emmett_client=${fixed((emmett as Costed).cpuMsPerOp, 3)}`);
    // Throughput ratios: 1 would be as fast as the baseline. Latency ratios: how many times slower.
    print(`throughput_ratio_commands_vs_raw_insert_c${c}`, fixed(commands.opsPerSecond / raw.opsPerSecond, 3));
    print(`throughput_ratio_commands_vs_emmett_c${c}`, fixed(commands.opsPerSecond / emmett.opsPerSecond, 3));
    print(`p50_ratio_commands_vs_raw_insert_c${c}`, fixed(commands.p50 / raw.p50, 2));
    print(`p99_ratio_commands_vs_raw_insert_c${c}`, fixed(commands.p99 / raw.p99, 2));
    print(`p50_ratio_commands_vs_emmett_c${c}`, fixed(commands.p50 / emmett.p50, 2));
    print(`p99_ratio_commands_vs_emmett_c${c}`, fixed(commands.p99 / emmett.p99, 2));
  }
}

async function main(): Promise<void> {
  await printMachine(`seconds=${SECONDS} rounds=${ROUNDS} warmup_seconds=${WARMUP_SECONDS} concurrency=${CONCURRENCIES.join(',')} max_pool=${MAX_POOL}`);
  const prefix = `bench-api-${randomUUID().slice(0, 8)}:`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  const rows: Row[] = [];
  try {
    await withDatabase('api_bench', (apiUrl) =>
      withDatabase('api_bench_base', (baseUrl) => withDatabase('api_bench_emmett', async (emmettUrl) => {
        // Production semantics: production requires a persistent audit signing key, so one is made per run.
        const api = await startApi(
          {
            NODE_ENV: 'production',
            AUDIT_SIGNING_KEYS: JSON.stringify([newPrivateJwk('bench-api')]),
            EVENT_STORE: 'postgres',
            DATABASE_URL: apiUrl,
            AUTH_JWT_SECRET: SECRET,
            REDIS_URL,
            REDIS_KEY_PREFIX: prefix,
            RATE_LIMIT_PER_MINUTE: '0',
            RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
            LOG_FORMAT: 'json',
            // BENCH_API_PROFILE=<dir>: the api writes a V8 CPU profile there when it stops (node --cpu-prof).
            ...(process.env.BENCH_API_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_API_PROFILE}` } : {}),
          },
          await freePort(),
        );
        // The bare route gets the baselines' database (its bench_rows table) and the api's pool size.
        const bare = await startApi({ DATABASE_URL: baseUrl, AUTH_JWT_SECRET: SECRET, POOL_MAX: '10' }, await freePort(), 60_000, 'bench/api/bare-route.ts');
        // Emmett's web API gets a database of its own (its schema, migrated on start), so that every 201 can be found in it.
        const emmettHttp = await startApi({ DATABASE_URL: emmettUrl, AUTH_JWT_SECRET: SECRET, POOL_MAX: '10' }, await freePort(), 60_000, 'bench/api/emmett-http.ts');
        try {
          const token = await new SignJWT({ roles: ['official'] })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('bench-official')
            .setIssuedAt()
            .setExpirationTime('2h')
            .sign(new TextEncoder().encode(SECRET));
          const body = exampleProposal();
          await createRawTable(baseUrl);
          await migrateEmmett(baseUrl);
          const acknowledged: string[] = [];
          const emmettAcknowledged: string[] = [];
          let connectionsOpened = 0;
          let sent = 0;
          let emmettSent = 0;
          for (const c of CONCURRENCIES) {
            const poolSize = Math.min(c, MAX_POOL);
            const commandRun = (seconds: number) =>
              costed(api.cpuMs, async () => {
                const run = await proposeDesignations(api.baseUrl, token, body, c, seconds);
                demandOnly2xx(run, c, api.tail);
                acknowledged.push(...run.acknowledged);
                connectionsOpened += c;
                sent += run.sent;
                return run;
              });
            const bareRun = (seconds: number) =>
              costed(bare.cpuMs, async () => {
                const run = await proposeDesignations(bare.baseUrl, token, body, c, seconds);
                demandOnly2xx(run, c, bare.tail);
                return run;
              });
            const emmettHttpRun = (seconds: number) =>
              costed(emmettHttp.cpuMs, async () => {
                const run = await proposeDesignations(emmettHttp.baseUrl, token, body, c, seconds);
                demandOnly2xx(run, c, emmettHttp.tail);
                emmettAcknowledged.push(...run.acknowledged);
                emmettSent += run.sent;
                return run;
              });
            const workloads = [
              commandRun,
              bareRun,
              emmettHttpRun,
              (seconds: number) => costed(ownCpuMs, () => rawInserts(baseUrl, body, c, poolSize, seconds)),
              (seconds: number) => costed(ownCpuMs, () => emmettAppends(baseUrl, body, c, poolSize, seconds)),
            ];
            if (WARMUP_SECONDS > 0) for (const workload of workloads) await workload(WARMUP_SECONDS);
            // Rounds alternate the workloads, so a burst of load from elsewhere on the machine hits all of them.
            const runs: Costed[][] = workloads.map(() => []);
            for (let round = 0; round < ROUNDS; round++) {
              for (const [i, workload] of workloads.entries()) runs[i].push(await workload(SECONDS));
              const [cmd, br, eh, raw, emm] = runs.map((r) => r[round].opsPerSecond);
              process.stderr.write(`c=${c} round ${round + 1}: commands ${fixed(cmd)}/s, bare route ${fixed(br)}/s, emmett http ${fixed(eh)}/s, raw ${fixed(raw)}/s, emmett ${fixed(emm)}/s\n`);
            }
            const [commands, bareRoute, emmettHttpRow, raw, emmett] = runs.map(medianOf);
            rows.push({ concurrency: c, poolSize, commands, bare: bareRoute, emmettHttp: emmettHttpRow, raw, emmett });
          }
          const check = await verifyAcknowledged(apiUrl, acknowledged, connectionsOpened, sent);
          print('verified', check);
          print('verified_emmett_http', await verifyEmmettAcknowledged(emmettUrl, emmettAcknowledged, connectionsOpened, emmettSent));
        } finally {
          await emmettHttp.stop();
          await bare.stop();
          await api.stop();
        }
      })),
    );
  } finally {
    const removed = await deleteKeys(redis, prefix).catch(() => -1);
    await redis.quit();
    process.stderr.write(`redis keys removed under ${prefix}: ${removed}\n`);
  }
  print('loadavg_at_end', loadavg());
  report(rows);
  const c32 = rows.find((r) => r.concurrency === 32)!;
  print('ratio_commands_vs_raw_insert_c32', fixed(c32.commands.opsPerSecond / c32.raw.opsPerSecond, 3));
  goal('api_vs_route', c32.commands.opsPerSecond / c32.bare.opsPerSecond, 0.5, 'atLeast');
  goal('api_vs_emmett_http', c32.commands.opsPerSecond / c32.emmettHttp.opsPerSecond, 1.5, 'atLeast');
  goal('api_p99_ms', c32.commands.p99, 50, 'atMost');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
