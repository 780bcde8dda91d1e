import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEFAULT_POLICY } from '@app/domain';
import { planBatch, previewEntries, type BatchState, type ImportMapping } from '@app/imports';
import { parseRelease, reconcile, type Release, type SdnCsvFiles } from '@app/lists';
import { print } from '../support/database';
import { ratio } from '../event-store/measure';
import { setting } from '../support/settings';

const ROUNDS = setting('BENCH_LISTS_ROUNDS', 7, 1);
const REPO_ROOT = resolve(__dirname, '../..');
const LISTS = resolve(REPO_ROOT, '../shared/lists');
const RELEASES = [
  { dir: 'ofac/sdn-csv-2019-01-04', releaseDate: '2019-01-04' },
  { dir: 'ofac/sdn-csv-2021-07-07', releaseDate: '2021-07-07' },
];
const FILES = { sdn: 'sdn.csv', add: 'add.csv', alt: 'alt.csv', comments: 'sdn_comments.csv' } as const;
/** What the reconciliation must find (test/lists/ofac-reconciliation.int-spec.ts counts it independently). */
const EXPECTED = { added: 1858, removed: 261, amended: 842 };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => value.toFixed(1);

function timed<T>(work: () => T): [T, number] {
  const started = process.hrtime.bigint();
  const value = work();
  return [value, Number(process.hrtime.bigint() - started) / 1e6];
}

async function timedAsync<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const value = await work();
  return [value, Number(process.hrtime.bigint() - started) / 1e6];
}

/** The floor: csv-parse over the same eight files, records only — no encoding check, no hash, no join, no listing. */
function csvParse(releases: SdnCsvFiles[]): number {
  let records = 0;
  for (const files of releases) for (const bytes of Object.values(files)) records += parse(bytes as Buffer, { relax_column_count: true }).length;
  return records;
}

async function parseBoth(releases: SdnCsvFiles[]): Promise<Release[]> {
  return Promise.all(RELEASES.map(({ releaseDate }, i) => parseRelease('ofac-sdn-csv', releases[i], { releaseDate })));
}

function check(previous: Release, next: Release): void {
  const result = reconcile(previous, next);
  const found = { added: result.added.length, removed: result.removed.length, amended: result.amended.length };
  if (JSON.stringify(found) !== JSON.stringify(EXPECTED)) throw new Error(`reconciliation found ${JSON.stringify(found)}, expected ${JSON.stringify(EXPECTED)}`);
}

/** Every program of the releases mapped: the whole list in scope, as a migration of it would be. */
function everyProgram(releases: Release[]): ImportMapping {
  const programs = [...new Set(releases.flatMap((release) => release.listings.flatMap((listing) => listing.programs)))].sort();
  return {
    programs: programs.map((program) => ({
      program,
      category: 'cyber_crime',
      legalBasis: [{ instrument: 'The regime of the program', provision: program, jurisdiction: 'domestic' }],
      measures: ['asset_freeze'],
    })),
  };
}

/** What the official sees after an upload: the batch's plan, each addition decided now by the real decider. */
function preview(previous: Release, next: Release, mapping: ImportMapping): number {
  const plan = planBatch('own-ofac-sdn-csv', previous, next, mapping);
  const batch = {
    batchId: 'bench',
    preparedBy: 'official-1',
    mapping,
    terms: { sunsetAt: new Date(Date.now() + 2 * 365 * 86_400_000).toISOString(), reviewInterval: 'P12M', reviewingMinistries: ['foreign-affairs'], humanitarianWaiver: { justification: 'general licences' } },
  } as BatchState;
  const entries = previewEntries(plan, batch, next, DEFAULT_POLICY, new Date().toISOString());
  if (plan.counts.added !== EXPECTED.added || plan.counts.removed !== EXPECTED.removed) throw new Error(`preview planned ${JSON.stringify(plan.counts)}`);
  return entries.length;
}

async function main(): Promise<void> {
  const releases: SdnCsvFiles[] = RELEASES.map(({ dir }) => {
    const read = (file: string) => readFileSync(resolve(LISTS, dir, file));
    return { sdn: read(FILES.sdn), add: read(FILES.add), alt: read(FILES.alt), comments: read(FILES.comments) };
  });
  const bytes = releases.flatMap((files) => Object.values(files) as Buffer[]).reduce((sum, file) => sum + file.byteLength, 0);
  print('config', `rounds=${ROUNDS} files=8 bytes=${bytes} previous=${RELEASES[0].dir} next=${RELEASES[1].dir}`);

  const [warm, warmNext] = await parseBoth(releases);
  check(warm, (await parseBoth(releases))[1]);
  const mapping = everyProgram([warm, warmNext]);
  preview(warm, warmNext, mapping);
  csvParse(releases);

  const figures: Record<'csv' | 'parse' | 'parseThenReconcile' | 'reconcile' | 'parseThenPreview', number[]> = { csv: [], parse: [], parseThenReconcile: [], reconcile: [], parseThenPreview: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order, so that no subject always runs on a heap the one before it left behind.
    const subjects = [
      async () => figures.csv.push(timed(() => csvParse(releases))[1]),
      async () => figures.parse.push((await timedAsync(() => parseBoth(releases)))[1]),
      async () => {
        const [[previous, next], parseMs] = await timedAsync(() => parseBoth(releases));
        const [, reconcileMs] = timed(() => check(previous, next));
        figures.reconcile.push(reconcileMs);
        figures.parseThenReconcile.push(parseMs + reconcileMs);
      },
      async () => {
        const [[previous, next], parseMs] = await timedAsync(() => parseBoth(releases));
        const [, previewMs] = timed(() => preview(previous, next, mapping));
        figures.parseThenPreview.push(parseMs + previewMs);
      },
    ];
    for (let i = 0; i < subjects.length; i++) await subjects[(i + round) % subjects.length]();
  }

  print('records', String(csvParse(releases)));
  print('csv_parse_ms', ms(median(figures.csv)));
  print('parse_ms', ms(median(figures.parse)));
  print('reconcile_ms', ms(median(figures.reconcile)));
  print('parse_reconcile_ms', ms(median(figures.parseThenReconcile)));
  print('ratio_parse_vs_csv_parse', ratio(median(figures.parse), median(figures.csv)));
  print('ratio_parse_reconcile_vs_csv_parse', ratio(median(figures.parseThenReconcile), median(figures.csv)));
  print('ratio_reconcile_vs_parse', ratio(median(figures.parseThenReconcile), median(figures.parse)));
  // The goal: parse + reconcile + preview (the batch's plan, each addition decided) ≤ 2× the bare parse.
  print('parse_preview_ms', ms(median(figures.parseThenPreview)));
  print('ratio_preview_vs_parse', ratio(median(figures.parseThenPreview), median(figures.parse)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
