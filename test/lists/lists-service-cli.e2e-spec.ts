import { parse } from 'csv-parse/sync';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApiWithWorker, token } from '../api/support/api-test-app';
import { freePort } from '../support/free-port';
import { LISTS, unFile } from './support/shared-lists';

/**
 * Issue 15: `npm run lists -- import | approve | status | watch` against the running service — the
 * real api and worker on PostgreSQL, listening on a loopback port — run as a child process from the
 * TypeScript source (as lists-cli.int-spec.ts runs `diff`), with SLS_URL and SLS_TOKEN. The counts
 * the tables show are checked against counts made here from the files, apart from libs/lists.
 */
jest.setTimeout(180_000);

const repo = resolve(__dirname, '../..');
const SDN_DIR = join(LISTS, 'ofac', 'sdn-csv-2019-01-04');
const SDN_FILES = ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'].map((file) => join(SDN_DIR, file));
const CYBER = ['CYBER', 'CYBER2'];
const WATCHED = 'Al-Qaida';

/** ent_num of every sdn.csv row, and of those whose Program column names a cyber program. */
function sdnRows(): { all: number; cyber: number } {
  const rows: string[][] = parse(readFileSync(join(SDN_DIR, 'sdn.csv'), 'latin1').replace(/\x1a\s*$/, ''), { relax_column_count: true, skip_empty_lines: true });
  const cyber = rows.filter((row) => row[3].split(/\]\s*\[/).some((p) => CYBER.includes(p.replace(/[[\]]/g, '').trim())));
  return { all: new Set(rows.map((row) => row[0].trim())).size, cyber: new Set(cyber.map((row) => row[0].trim())).size };
}

/** DATAID → UN_LIST_TYPE of every record of a UN release, read with regular expressions. */
function unRecords(date: string): Map<string, string> {
  const records = new Map<string, string>();
  for (const [, , body] of unFile(date).toString('utf8').matchAll(/<(INDIVIDUAL|ENTITY)>([\s\S]*?)<\/\1>/g)) {
    const field = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body)?.[1].trim() ?? '';
    records.set(field('DATAID'), field('UN_LIST_TYPE'));
  }
  return records;
}

const SDN = sdnRows();
const UN = { '2018-06-21': unRecords('2018-06-21'), '2018-08-24': unRecords('2018-08-24') };

/** The value of one row of console.table's summary, e.g. `│ added        │ 36     │`. */
const count = (out: string, row: string) => Number(new RegExp(`│ ${row}\\s+│ (\\d+)`).exec(out)?.[1]);

interface Run {
  status: number | null;
  out: string;
  err: string;
}

/** The CLI as a child process: spawned, never spawnSync, for the service answers from this very process. */
function cli(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--require', './bench/support/swc-register.js', 'apps/cli/src/lists.ts', ...args], {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.once('error', fail);
    child.once('close', (status) => {
      clearTimeout(timer);
      done({ status, out, err });
    });
  });
}

const noStackTrace = (run: Run) => expect(`${run.out}${run.err}`).not.toMatch(/^\s+at /m);

let running: Awaited<ReturnType<typeof startApiWithWorker>>;
let url: string;
let dir: string;
const bearer = { official: '', senior: '' };
let batchId: string;

beforeAll(async () => {
  // The api and the worker in this process, on a fresh PostgreSQL database.
  running = await startApiWithWorker({ LIST_IMPORT_POLL_MS: '100' });
  const port = await freePort();
  await running.app.listen(port, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
  bearer.official = await token('official-ana', ['official']);
  bearer.senior = await token('senior-ben', ['senior_official']);
  dir = mkdtempSync(join(tmpdir(), 'lists-cli-'));
  const legalBasis = [{ instrument: 'Executive Order 13694, as amended by Executive Order 13757', provision: 'Sec. 1', jurisdiction: 'domestic' }];
  writeFileSync(join(dir, 'cyber.json'), JSON.stringify({ programs: CYBER.map((program) => ({ program, category: 'cyber_crime', legalBasis, measures: ['asset_freeze'] })) }));
  writeFileSync(
    join(dir, 'terms.json'),
    JSON.stringify({
      sunsetAt: new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000).toISOString(),
      reviewInterval: 'P12M',
      reviewingMinistries: ['foreign-affairs'],
      humanitarianWaiver: { justification: 'Licences under the general licences of the regime meet humanitarian needs' },
    }),
  );
  // A UN release cut off in the middle of a record: not a list the service accepts.
  const un = unFile('2018-06-21');
  writeFileSync(join(dir, 'truncated.xml'), un.subarray(0, Math.floor(un.length / 2)));
}, 180_000);

afterAll(async () => {
  await running?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the own list: import, then approve (issue 15)', () => {
  it('the independent counts are what the migration test expects', () => {
    expect(SDN.cyber).toBeGreaterThan(30);
    expect(SDN.all).toBeGreaterThan(5_000);
  });

  it('import uploads the 2019 SDN set (a part per file) and prints the preview: every cyber listing added, the rest out of scope', async () => {
    const run = await cli(['import', 'ofac-sdn-csv', ...SDN_FILES, '--release-date', '2019-01-04', '--mapping', join(dir, 'cyber.json'), '--terms', join(dir, 'terms.json')], {
      SLS_URL: url,
      SLS_TOKEN: bearer.official,
    });
    expect([run.status, run.err]).toEqual([0, '']);
    expect([count(run.out, 'added'), count(run.out, 'removed'), count(run.out, 'amended'), count(run.out, 'unchanged')]).toEqual([SDN.cyber, 0, 0, 0]);
    expect(count(run.out, 'out of scope')).toBe(SDN.all - SDN.cyber);
    expect(count(run.out, 'refusals')).toBe(0);
    expect(run.out).toMatch(/release [0-9a-f]{16}… \(ofac, 2019-01-04, \d+ listings\): uploaded/);
    // The first few additions, then how many more.
    expect(run.out.split('\n').filter((line) => /^\+ \d+ {2}.+\[.*CYBER/.test(line))).toHaveLength(5);
    expect(run.out).toContain(`… and ${SDN.cyber - 5} more added`);
    batchId = /batch ([0-9a-f-]{36}): prepared/.exec(run.out)![1];
    expect(run.out).toContain(`npm run -s lists -- approve ${batchId}`);
  });

  it('the same import again records nothing and says so', async () => {
    const run = await cli(['import', 'ofac-sdn-csv', SDN_DIR, '--release-date', '2019-01-04', '--mapping', join(dir, 'cyber.json'), '--terms', join(dir, 'terms.json')], {
      SLS_URL: url,
      SLS_TOKEN: bearer.official,
    });
    expect(run.status).toBe(0);
    expect(run.out).toContain('already in the archive');
    expect(run.out).toContain('prepared before');
    expect(run.out).toContain(`batch ${batchId}: prepared`);
  });

  it("an official who is not senior may not approve: the service's refusal on one line, exit 1", async () => {
    const run = await cli(['approve', batchId], { SLS_URL: url, SLS_TOKEN: bearer.official });
    expect(run.status).toBe(1);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/^error: (AUTH\.FORBIDDEN|ACTOR\.ROLE_REQUIRED|IMPORT\.[A-Z_]+): .+/);
    noStackTrace(run);
  });

  it('approve (senior) follows the apply to the end and prints what was applied', async () => {
    const run = await cli(['approve', batchId], { SLS_URL: url, SLS_TOKEN: bearer.senior });
    expect([run.status, run.err.includes('error')]).toEqual([0, false]);
    expect(run.out).toContain(`batch ${batchId}: applied`);
    expect([count(run.out, 'added'), count(run.out, 'lifted'), count(run.out, 'amended'), count(run.out, 'skipped')]).toEqual([SDN.cyber, 0, 0, 0]);
    expect(run.out).toMatch(/│ seconds\s+│ [\d.]+/);
    // stderr is no terminal here: plain progress lines, no bar.
    expect(run.err).toMatch(new RegExp(`applying: ${SDN.cyber}/${SDN.cyber} entries`));
    expect(run.err).not.toContain('\u001b[');
  });

  it('status prints the applied batch', async () => {
    const run = await cli(['status', batchId], { SLS_URL: url, SLS_TOKEN: bearer.official });
    expect([run.status, run.err]).toEqual([0, '']);
    expect(run.out).toContain(`batch ${batchId}: applied`);
    expect(run.out).toMatch(/approved {2}by senior-ben at /);
    expect(count(run.out, 'added')).toBe(SDN.cyber);
  });
});

describe("a partner's list: watch (issue 15)", () => {
  const watch = (date: '2018-06-21' | '2018-08-24') =>
    cli(['watch', 'un-xml', join(LISTS, 'un', `un_consolidated_${date}.xml`), '--programs', WATCHED], { SLS_URL: url, SLS_TOKEN: bearer.official });
  const watched = (records: Map<string, string>, ids: string[]) => ids.filter((id) => records.get(id) === WATCHED).length;

  it('records the first release: everything is new at the partner; its watched listings become candidates', async () => {
    const run = await watch('2018-06-21');
    expect([run.status, run.err]).toEqual([0, '']);
    const records = UN['2018-06-21'];
    expect([count(run.out, 'added'), count(run.out, 'removed'), count(run.out, 'amended'), count(run.out, 'unchanged')]).toEqual([records.size, 0, 0, 0]);
    expect(count(run.out, 'designations told')).toBe(0);
    expect(count(run.out, 'new candidates')).toBe(watched(records, [...records.keys()]));
  });

  it('records the next: +6 −8 ~14 (SOURCES.md), the added Al-Qaida listings as candidates', async () => {
    const run = await watch('2018-08-24');
    expect([run.status, run.err]).toEqual([0, '']);
    const [before, after] = [UN['2018-06-21'], UN['2018-08-24']];
    const added = [...after.keys()].filter((id) => !before.has(id));
    const removed = [...before.keys()].filter((id) => !after.has(id));
    expect([added.length, removed.length]).toEqual([6, 8]);
    expect([count(run.out, 'added'), count(run.out, 'removed'), count(run.out, 'amended')]).toEqual([added.length, removed.length, 14]);
    expect(count(run.out, 'unchanged')).toBe(after.size - added.length - 14);
    expect(count(run.out, 'new candidates')).toBe(watched(after, added));
    expect(count(run.out, 'new candidates')).toBeGreaterThan(0);
  });

  it('the same release again is refused by the service: one line, exit 1', async () => {
    const run = await watch('2018-08-24');
    expect(run.status).toBe(1);
    expect(run.err).toMatch(/^error: [A-Z_]+\.RELEASE_ALREADY_RECORDED: .+\n$/);
  });
});

describe('errors (issue 15)', () => {
  it('a file that is not a valid release: the LIST code, what is wrong and where, exit 1', async () => {
    const run = await cli(['watch', 'un-xml', join(dir, 'truncated.xml')], { SLS_URL: url, SLS_TOKEN: bearer.official });
    expect(run.status).toBe(1);
    expect(run.out).toBe('');
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/^error: LIST\.[A-Z_]+: .*line \d+/);
    noStackTrace(run);
  });

  it('no token: says SLS_TOKEN is missing, exit 1; a bad one: the service refuses it, exit 1', async () => {
    const none = await cli(['status', batchId], { SLS_URL: url });
    expect(none.status).toBe(1);
    expect(none.err).toMatch(/^error: SLS_TOKEN is not set/);
    const bad = await cli(['status', batchId], { SLS_URL: url, SLS_TOKEN: 'not-a-token' });
    expect(bad.status).toBe(1);
    expect(bad.err).toMatch(/^error: AUTH\.UNAUTHENTICATED: /);
    noStackTrace(bad);
  });

  it('the service unreachable: names the URL, exit 1', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const run = await cli(['watch', 'un-xml', join(LISTS, 'un', 'un_consolidated_2018-06-21.xml'), '--url', nobody], { SLS_URL: url, SLS_TOKEN: bearer.official });
    expect(run.status).toBe(1);
    expect(run.err).toBe(`error: cannot reach the service at ${nobody} (ECONNREFUSED): is it running? Set --url or SLS_URL to where it listens\n`);
  });

  it('import without the batch\'s terms (no --terms, none in the mapping file): the usage, exit 2, nothing uploaded', async () => {
    const run = await cli(['import', 'ofac-sdn-csv', SDN_DIR, '--release-date', '2019-01-04', '--mapping', join(dir, 'cyber.json')], { SLS_URL: url, SLS_TOKEN: bearer.official });
    expect(run.status).toBe(2);
    expect(run.err).toMatch(/^lists: the batch's terms are missing/);
    expect(run.out).toBe('');
  });

  it.each([
    [['import', 'ofac-sdn-csv', SDN_DIR]],
    [['import', 'ofac-sdn-csv', '/no/such/folder', '--mapping', 'm.json']],
    [['approve']],
    [['approve', 'not-a-batch-id']],
    [['status', '3f0c2b1a-1111-4222-8333-444455556666', '--details']],
    [['watch', 'un-xml', 'a.xml', 'b.xml']],
    [['watch', 'un-xml', '--token', 'x']],
  ])('bad usage %j: the usage, exit 2', async (args) => {
    const run = await cli(args, { SLS_URL: url, SLS_TOKEN: bearer.official });
    expect(run.status).toBe(2);
    expect(run.err).toContain('Usage: npm run -s lists -- diff');
    noStackTrace(run);
  });
});
