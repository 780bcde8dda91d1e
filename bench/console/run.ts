/**
 * `npm run bench:console`: the console's server-rendered pages against the JSON API serving the
 * same data, in the same run, from the same process, at the same concurrency.
 *
 * A fresh PostgreSQL database; the real api and worker composed in one child process, as `npm start`
 * runs them (apps/embedded/src/main.ts, on EVENT_STORE=postgres), rate limiting and logging off.
 * A register of BENCH_CONSOLE_DESIGNATIONS (10,000) designations, each proposed by an official and
 * approved by a senior official through POST /designations and POST /designations/:id/approve (the
 * real command path, from a bounded pool of lanes); then the read models are waited for (the
 * projection's Redis checkpoint past the last approval), one development sign-in as an official
 * gives a session cookie, and autocannon at c=32 measures, each pair after a warm-up and in
 * alternating rounds, the api left to go idle after each run:
 *
 * - list: `GET /console/designations?sort=name` (25 per page) vs `GET /designations?sort=name&limit=25`,
 *   BENCH_CONSOLE_LIST_REQUESTS (192) requests each rather than BENCH_SECONDS (see LIST_REQUESTS);
 * - page: `GET /console/designations/:id` vs `GET /designations/:id`, BENCH_SECONDS (10) each,
 *   rotating through 100 ids whose evidence is all public (so the JSON read records no access:
 *   both only read the log);
 * - with BENCH_CONSOLE_CLASSIFIED=1 (not a goal), page, classified: the same over 100 ids with
 *   restricted and secret evidence, where both doors append an access record per read (to the day's
 *   one access-log stream), so it measures the log's append more than the pages.
 *
 * Every response must be 2xx (else the bench fails), and before measuring the bench checks that the
 * console's list links the same 25 designations as the JSON list, and that each page names its designation.
 * CPU per request is the child's utime + stime (/proc) over the run: the api and worker process only,
 * not PostgreSQL's or Redis's. BENCH_CONSOLE_PROFILE=<dir> runs the child under `node --cpu-prof`
 * and prints each measured run's window on the monotonic clock (`profile_window`), so that the
 * profile can be cut to one workload.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { SignJWT } from 'jose';
import autocannon from 'autocannon';
import { newPrivateJwk } from '@app/audit';
import { ReadModelKeys } from '@app/read-models';
import { exampleProposal } from '../../test/api/support/example-proposal';
import { freePort } from '../../test/support/free-port';
import { startApi, type ApiProcess } from '../api/api-process';
import { loadavg, printMachine } from '../api/machine';
import { print, withDatabase } from '../support/database';
import { goal } from '../support/goal';
import { mulberry32 } from '../support/random';
import { deleteKeys } from '../support/redis';
import { setting } from '../support/settings';

// bench/api/autocannon.d.ts declares only what bench:api uses; autocannon 8 also reports bytes.
declare module 'autocannon' {
  interface Result {
    throughput: { average: number; total: number };
  }
}

type Requests = NonNullable<Parameters<typeof autocannon>[0]['requests']>;

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = setting('BENCH_SECONDS', 10, 1);
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 2, 0);
const ROUNDS = setting('BENCH_ROUNDS', 3, 1);
const DESIGNATIONS = setting('BENCH_CONSOLE_DESIGNATIONS', 10_000, 200);
/** Lanes proposing and approving the register, each one designation at a time. */
const SEED_CONCURRENCY = setting('BENCH_CONSOLE_SEED_CONCURRENCY', 32, 1);
/** The goals are read at c=32. */
const CONCURRENCY = 32;
/** Ids each page workload rotates through. */
const PAGE_IDS = 100;
const PROFILE_DIR = process.env.BENCH_CONSOLE_PROFILE;
const CLASSIFIED = process.env.BENCH_CONSOLE_CLASSIFIED === '1';
/**
 * The list pair is measured by a count of requests, not a duration: an unfiltered list of 10,000
 * takes seconds at c=32, and in a 10 s run the 32 requests autocannon drops when time is up would be
 * a third of those answered, their CPU charged to the run and their latency never counted.
 */
const LIST_REQUESTS = setting('BENCH_CONSOLE_LIST_REQUESTS', 6 * CONCURRENCY, CONCURRENCY);
const SECRET = randomUUID() + randomUUID();

const fixed = (n: number, digits = 1) => n.toFixed(digits);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const monotonicUs = () => process.hrtime.bigint() / 1000n;

interface Measured {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  bytesPerResponse: number;
}

function token(sub: string, role: string): Promise<string> {
  return new SignJWT({ roles: [role] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('4h')
    .sign(new TextEncoder().encode(SECRET));
}

/** `count` jobs from `lanes` lanes, each lane one job at a time. */
async function pool(count: number, lanes: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, count) }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

const WORDS = ['Amber', 'Basalt', 'Cobalt', 'Delta', 'Ember', 'Falcon', 'Granite', 'Harbor', 'Indigo', 'Juniper', 'Krypton', 'Lantern', 'Meridian', 'Nimbus', 'Onyx', 'Polar', 'Quartz', 'Raven', 'Sable', 'Tundra', 'Umber', 'Vortex', 'Willow', 'Xenon', 'Yarrow', 'Zephyr'];
const COUNTRIES = ['XX', 'XY', 'XZ', 'QA', 'QB', 'QC'];
const KINDS = ['Group', 'Unit', 'Collective', 'Team', 'Bureau', 'Network'];

/** The README's example proposal with its own name and country; even-numbered ones with only public evidence. */
function proposal(i: number, random: () => number): object {
  const example = exampleProposal();
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const name = `${pick(WORDS)} ${pick(WORDS)} ${pick(KINDS)} ${i}`;
  const publicOnly = i % 2 === 0;
  return {
    ...example,
    target: { ...example.target, name, aliases: [`APT-${i}`], country: pick(COUNTRIES) },
    attribution: publicOnly
      ? { ...example.attribution, evidence: example.attribution.evidence.map((e: object) => ({ ...e, classification: 'public' })) }
      : example.attribution,
  };
}

async function send(base: string, path: string, auth: string, body: object): Promise<{ id: string; position: number }> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status < 200 || response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as { id: string; position: number };
}

/** The register: each designation proposed by an official and approved by a senior official, through the JSON API. */
async function seed(base: string): Promise<{ publicIds: string[]; classifiedIds: string[]; lastPosition: number; seconds: number }> {
  const official = await token('bench-official', 'official');
  const senior = await token('bench-senior-official', 'senior_official');
  const random = mulberry32(17);
  const bodies = Array.from({ length: DESIGNATIONS }, (_, i) => proposal(i, random));
  const publicIds: string[] = [];
  const classifiedIds: string[] = [];
  let lastPosition = 0;
  let done = 0;
  const started = performance.now();
  await pool(DESIGNATIONS, SEED_CONCURRENCY, async (i) => {
    const { id } = await send(base, '/designations', official, bodies[i]);
    const approved = await send(base, `/designations/${id}/approve`, senior, {});
    lastPosition = Math.max(lastPosition, approved.position);
    (i % 2 === 0 ? publicIds : classifiedIds).push(id);
    if (++done % 2_000 === 0) process.stderr.write(`seeded ${done}/${DESIGNATIONS} (${fixed(done / ((performance.now() - started) / 1000))} designations/s)\n`);
  });
  return { publicIds, classifiedIds, lastPosition, seconds: (performance.now() - started) / 1000 };
}

/** Until the projection has applied `position` (its checkpoint in Redis), then checks that it holds the whole register. */
async function caughtUp(redis: Redis, keys: ReadModelKeys, position: number, withinMs = 300_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const generation = await redis.get(keys.current);
    const checkpoint = generation ? Number(await redis.get(keys.generation(generation).checkpoint)) : -1;
    if (generation && checkpoint >= position) {
      const held = await redis.hlen(keys.generation(generation).summary);
      if (held !== DESIGNATIONS) throw new Error(`the read models hold ${held} designations, not ${DESIGNATIONS}`);
      return (performance.now() - started) / 1000;
    }
    if (performance.now() - started > withinMs) throw new Error(`the read models did not reach position ${position} within ${withinMs} ms (at ${checkpoint})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const cookieOf = (response: Response): string | undefined =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .find((pair) => pair.startsWith('__Host-console-session='));

/** The development sign-in, as a browser does it: the form (its CSRF token, a visitor session), then the post. */
async function signIn(base: string): Promise<string> {
  const form = await fetch(`${base}/console/sign-in`, { redirect: 'manual' });
  const visitor = cookieOf(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (form.status !== 200 || !visitor || !csrf) throw new Error(`GET /console/sign-in: ${form.status}, cookie ${Boolean(visitor)}, csrf ${Boolean(csrf)}`);
  const posted = await fetch(`${base}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: visitor, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, userId: 'bench-official', name: 'Bench Official', roles: 'official', ministry: '', next: '/console/designations' }).toString(),
  });
  const session = cookieOf(posted);
  if (posted.status !== 303 || !session) throw new Error(`POST /console/sign-in: ${posted.status} ${(await posted.text()).slice(0, 500)}`);
  return session;
}

async function get(base: string, path: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text;
}

/** Before measuring: the console shows what the API answers (a 200 that is an error or the sign-in page would be measured as a page). */
async function checkSameData(base: string, cookie: string, bearer: string, ids: string[]): Promise<void> {
  const json = JSON.parse(await get(base, '/designations?sort=name&limit=25', { authorization: `Bearer ${bearer}` })) as { items: { id: string }[] };
  const html = await get(base, '/console/designations?sort=name', { cookie });
  if (json.items.length !== 25) throw new Error(`GET /designations gave ${json.items.length} items, not 25`);
  const missing = json.items.filter((item) => !html.includes(`/console/designations/${item.id}`));
  if (missing.length > 0) throw new Error(`the console list does not link ${missing.length} of the API's first 25 designations`);
  for (const id of ids) {
    const designation = JSON.parse(await get(base, `/designations/${id}`, { authorization: `Bearer ${bearer}` })) as { target: { name: string } };
    const page = await get(base, `/console/designations/${id}`, { cookie });
    if (!page.includes(designation.target.name)) throw new Error(`the console page of ${id} does not name ${designation.target.name}`);
  }
}

/**
 * Until the process has been idle for a moment (under 10% of a core for 250 ms). When its time is
 * up autocannon drops the requests in flight, but the server still finishes them: an unfiltered
 * list of 10,000 takes seconds, and without this the next workload would share the cores with 32
 * abandoned lists and be charged their CPU.
 */
async function quiesce(api: ApiProcess, withinMs = 120_000): Promise<number> {
  const started = performance.now();
  let last = api.cpuMs();
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = api.cpuMs();
    if (now - last < 25) return performance.now() - started;
    if (performance.now() - started > withinMs) throw new Error(`the api did not go idle within ${withinMs} ms:\n${api.tail()}`);
    last = now;
  }
}

/** How long a run lasts: `seconds`, or until `amount` requests have been answered. */
type Span = { seconds: number } | { amount: number };

/** One autocannon run over `paths` (each connection cycles through them), charged the child's CPU; then waits for the api to go idle. */
async function measure(api: ApiProcess, label: string, paths: string[], headers: Record<string, string>, span: Span, measured: boolean): Promise<Measured> {
  const cpuBefore = api.cpuMs();
  const startUs = monotonicUs();
  const result = await autocannon({
    url: api.baseUrl,
    connections: CONCURRENCY,
    ...('amount' in span ? { amount: span.amount } : { duration: span.seconds }),
    method: 'GET',
    headers,
    // autocannon's request objects take a method and path (not in the shared declaration).
    requests: paths.map((path) => ({ method: 'GET', path })) as unknown as Requests,
    // The unfiltered list of 10,000 takes seconds at c=32 (every query loads and sorts every
    // summary): a slow answer is measured, not dropped at autocannon's default 10 s.
    timeout: 120,
  });
  const cpuMs = api.cpuMs() - cpuBefore;
  const endUs = monotonicUs();
  const drainedMs = await quiesce(api);
  if (measured) process.stderr.write(`${label}: ${result['2xx']} answered in ${fixed(result.duration, 1)} s, idle ${fixed(drainedMs / 1000, 1)} s later\n`);
  if (PROFILE_DIR && measured) process.stderr.write(`profile_window ${label} ${startUs} ${endUs}\n`);
  if (result.non2xx !== 0 || result.errors !== 0 || result.timeouts !== 0) {
    throw new Error(
      `${label}: ${result.non2xx} non-2xx responses, ${result.errors} errors, ${result.timeouts} timeouts ` +
        `(status codes ${JSON.stringify(result.statusCodeStats)}) — a bench that measures error pages measures nothing; api stderr:\n${api.tail()}`,
    );
  }
  const ok = result['2xx'];
  return {
    requests: ok,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: cpuMs / Math.max(1, ok),
    bytesPerResponse: result.throughput.total / Math.max(1, ok),
  };
}

function medianOf(runs: Measured[]): Measured {
  const of = (key: keyof Measured) => median(runs.map((run) => run[key]));
  return { requests: runs.reduce((sum, run) => sum + run.requests, 0), perSecond: of('perSecond'), p50: of('p50'), p99: of('p99'), cpuMsPerRequest: of('cpuMsPerRequest'), bytesPerResponse: of('bytesPerResponse') };
}

async function main(): Promise<void> {
  await printMachine(`designations=${DESIGNATIONS} seed_concurrency=${SEED_CONCURRENCY} seconds=${SECONDS} rounds=${ROUNDS} warmup_seconds=${WARMUP_SECONDS} concurrency=${CONCURRENCY} page_ids=${PAGE_IDS} list_requests=${LIST_REQUESTS} classified=${CLASSIFIED}`);
  const prefix = `bench-console-${randomUUID().slice(0, 8)}:`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  const results = new Map<string, Measured>();
  try {
    await withDatabase('console_bench', async (url) => {
      // The api and the worker in one process, as `npm start` composes them, here on PostgreSQL.
      const api = await startApi(
        {
          NODE_ENV: 'development',
          AUDIT_SIGNING_KEYS: JSON.stringify([newPrivateJwk('bench-console')]),
          EVENT_STORE: 'postgres',
          DATABASE_URL: url,
          AUTH_JWT_SECRET: SECRET,
          REDIS_URL,
          REDIS_KEY_PREFIX: prefix,
          RATE_LIMIT_PER_MINUTE: '0',
          RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
          LOG_LEVEL: 'silent',
          ...(PROFILE_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` } : {}),
        },
        await freePort(),
        120_000,
        'apps/embedded/src/main.ts',
      );
      try {
        const seeded = await seed(api.baseUrl);
        print('seeded', `${DESIGNATIONS} designations (propose + approve) in ${fixed(seeded.seconds)} s = ${fixed(DESIGNATIONS / seeded.seconds)} designations/s`);
        const waited = await caughtUp(redis, new ReadModelKeys(prefix), seeded.lastPosition);
        print('read_models_caught_up_after_s', fixed(waited, 2));
        const cookie = await signIn(api.baseUrl);
        const bearer = await token('bench-official', 'official');
        const publicIds = seeded.publicIds.slice(0, PAGE_IDS);
        const classifiedIds = seeded.classifiedIds.slice(0, PAGE_IDS);
        await checkSameData(api.baseUrl, cookie, bearer, [...publicIds, ...classifiedIds]);
        print('checked', `the console list links the API's first 25 designations by name; ${publicIds.length + classifiedIds.length} pages name their designation`);
        const asConsole = { cookie };
        const asApi = { authorization: `Bearer ${bearer}` };
        // [name, paths, headers, list]: a list is measured by LIST_REQUESTS, warmed up by one request a connection.
        const workloads: [string, string[], Record<string, string>, boolean][] = [
          ['console_list', ['/console/designations?sort=name'], asConsole, true],
          ['api_list', ['/designations?sort=name&limit=25'], asApi, true],
          ['console_page', publicIds.map((id) => `/console/designations/${id}`), asConsole, false],
          ['api_page', publicIds.map((id) => `/designations/${id}`), asApi, false],
        ];
        if (CLASSIFIED) {
          workloads.push(
            ['console_page_classified', classifiedIds.map((id) => `/console/designations/${id}`), asConsole, false],
            ['api_page_classified', classifiedIds.map((id) => `/designations/${id}`), asApi, false],
          );
        }
        await quiesce(api);
        if (WARMUP_SECONDS > 0) {
          for (const [name, paths, headers, list] of workloads) await measure(api, name, paths, headers, list ? { amount: CONCURRENCY } : { seconds: WARMUP_SECONDS }, false);
        }
        // Rounds alternate the workloads, so a burst of load from elsewhere on the machine hits all of them.
        const runs = workloads.map(() => [] as Measured[]);
        for (let round = 0; round < ROUNDS; round++) {
          for (const [i, [name, paths, headers, list]] of workloads.entries()) {
            runs[i].push(await measure(api, name, paths, headers, list ? { amount: LIST_REQUESTS } : { seconds: SECONDS }, true));
          }
          process.stderr.write(`round ${round + 1}: ${workloads.map(([name], i) => `${name} ${fixed(runs[i][round].perSecond)}/s`).join(', ')}\n`);
        }
        workloads.forEach(([name], i) => results.set(name, medianOf(runs[i])));
      } finally {
        await api.stop();
      }
    });
  } finally {
    const removed = await deleteKeys(redis, prefix).catch(() => -1);
    await redis.quit();
    process.stderr.write(`redis keys removed under ${prefix}: ${removed}\n`);
  }
  print('loadavg_at_end', loadavg());
  process.stdout.write(`\n| c=${CONCURRENCY} | req/s | p50 ms | p99 ms | CPU ms/req | bytes/resp |\n|---|---|---|---|---|---|\n`);
  for (const [name, m] of results) {
    process.stdout.write(`| ${name} | ${fixed(m.perSecond)} | ${fixed(m.p50, 2)} | ${fixed(m.p99, 2)} | ${fixed(m.cpuMsPerRequest, 3)} | ${fixed(m.bytesPerResponse, 0)} |\n`);
  }
  process.stdout.write('\n');
  const pair = (consoleName: string, apiName: string) => {
    const [c, a] = [results.get(consoleName)!, results.get(apiName)!];
    print(`ratio_${consoleName}_vs_${apiName}`, `throughput=${fixed(c.perSecond / a.perSecond, 3)} p50=${fixed(c.p50 / a.p50, 2)} p99=${fixed(c.p99 / a.p99, 2)} cpu_per_request=${fixed(c.cpuMsPerRequest / a.cpuMsPerRequest, 2)}`);
    return c.perSecond / a.perSecond;
  };
  const list = pair('console_list', 'api_list');
  const page = pair('console_page', 'api_page');
  if (CLASSIFIED) pair('console_page_classified', 'api_page_classified');
  goal('console_list_vs_api', list, 0.5, 'atLeast');
  goal('console_page_vs_api', page, 0.5, 'atLeast');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
