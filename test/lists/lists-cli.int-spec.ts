import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * `npm run lists -- diff` works offline on two real releases (issue 15): the summary counts are
 * the reconciliation's, a file of another format is refused with its code, and bad usage prints
 * the usage. Run from the TypeScript source, as the benches are.
 */
jest.setTimeout(60_000);

const repo = resolve(__dirname, '../..');
const lists = resolve(repo, '../shared/lists');
const cli = (...args: string[]) => {
  const run = spawnSync(process.execPath, ['--require', './bench/support/swc-register.js', 'apps/cli/src/lists.ts', ...args], { cwd: repo, encoding: 'utf8', timeout: 50_000 });
  return { status: run.status, out: run.stdout, err: run.stderr };
};
/** The value of one row of console.table's summary, e.g. `│ added     │ 6      │`. */
const count = (out: string, row: string) => Number(new RegExp(`│ ${row}\\s+│ (\\d+)`).exec(out)?.[1]);

it('diffs two UN releases: 6 added, 8 removed (the Iraqi state bodies), 14 amended', () => {
  const run = cli('diff', 'un-xml', `${lists}/un/un_consolidated_2018-06-21.xml`, `${lists}/un/un_consolidated_2018-08-24.xml`, '--details');
  expect(run.err).toBe('');
  expect(run.status).toBe(0);
  expect([count(run.out, 'added'), count(run.out, 'removed'), count(run.out, 'amended')]).toEqual([6, 8, 14]);
  expect(run.out.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(8);
  expect(run.out).toMatch(/^- \d+ {2}.+/m);
});

it('diffs the OFAC SDN CSV sets of 2019 and 2021, each a folder of files', () => {
  const run = cli('diff', 'ofac-sdn-csv', `${lists}/ofac/sdn-csv-2019-01-04`, `${lists}/ofac/sdn-csv-2021-07-07`, '--release-date', '2019-01-04,2021-07-07');
  expect(run.status).toBe(0);
  expect([count(run.out, 'added'), count(run.out, 'removed')]).toEqual([1858, 261]);
  expect(count(run.out, 'added') + count(run.out, 'amended') + count(run.out, 'unchanged')).toBe(8976);
});

it('refuses a file of another format than the one named, saying what it looks like', () => {
  const run = cli('diff', 'ofac-xml', `${lists}/un/un_consolidated_2018-06-07.xml`, `${lists}/un/un_consolidated_2018-06-21.xml`);
  expect(run.status).toBe(1);
  expect(run.err).toMatch(/looks like un-xml.*\[LIST\.WRONG_FORMAT\]/);
});

it.each([[['frob']], [['diff', 'un-xml', 'one-file-only.xml']], [['diff', 'no-such-format', 'a', 'b']], [['diff', '--nope']]])('prints the usage for %j', (args) => {
  const run = cli(...args);
  expect(run.status).toBe(2);
  expect(run.err).toContain('Usage: npm run -s lists -- diff');
  expect(run.err).not.toMatch(/^\s+at /m);
});
