/** What the service commands print: summary tables (console.table, as `diff` prints its own) and a few entries of each kind. */

/** How many entries of each kind a summary shows. */
export const FIRST = 5;

export interface PreviewEntry {
  action: 'add' | 'amend' | 'lift';
  sourceId: string;
  name: string;
  programs: string[];
  designationId: string;
  changes?: { field: string }[];
  refusal?: { code: string; message: string };
}

export interface SkippedEntry {
  sourceId: string;
  action: string;
  code: string;
  message: string;
}

export interface BatchSummary {
  listId: string;
  batchId: string;
  status: 'prepared' | 'approved' | 'rejected' | 'applied';
  release: { releaseHash: string; releaseDate: string; source: string; listings: number };
  baseReleaseHash: string | null;
  counts: { added: number; removed: number; amended: number; unchanged: number; outOfScope: number };
  preparedBy: string;
  preparedAt: string;
  approvedBy?: string;
  approvedAt?: string;
  rejection?: { by: string; reason: string };
  applied?: { applied: { added: number; lifted: number; amended: number }; skipped: SkippedEntry[]; appliedAt: string };
  progress?: { done: number; total: number };
}

const write = (line = '') => process.stdout.write(`${line}\n`);

/** A one-column summary, `│ added │ 36 │`. */
export function table(rows: Record<string, number>): void {
  console.table(rows);
}

/** The first few of `items`, each as a line, then how many more. */
export function firstFew<T>(items: T[], line: (item: T) => string, kind: string): void {
  for (const item of items.slice(0, FIRST)) write(line(item));
  if (items.length > FIRST) write(`  … and ${items.length - FIRST} more ${kind}`);
}

const name = (entry: PreviewEntry) => `${entry.sourceId}  ${entry.name}${entry.programs.length ? `  [${entry.programs.join(', ')}]` : ''}`;

/** The preview's entries: the first few added, amended (with the fields), lifted, and refused (with the code). */
export function previewEntries(entries: PreviewEntry[]): void {
  const of = (action: PreviewEntry['action']) => entries.filter((e) => e.action === action);
  firstFew(of('add'), (e) => `+ ${name(e)}`, 'added');
  firstFew(of('amend'), (e) => `~ ${name(e)}  (${(e.changes ?? []).map((c) => c.field).join(', ')})`, 'amended');
  firstFew(of('lift'), (e) => `- ${name(e)}`, 'lifted');
  firstFew(entries.filter((e) => e.refusal), (e) => `! ${e.sourceId}  ${e.name}  ${e.refusal!.code}: ${e.refusal!.message}`, 'refused');
}

export function batchCounts(batch: BatchSummary, refusals?: number): void {
  const { added, removed, amended, unchanged, outOfScope } = batch.counts;
  table({ added, removed, amended, unchanged, 'out of scope': outOfScope, ...(refusals === undefined ? {} : { refusals }) });
}

/** The applied batch: what was added, lifted, amended and skipped (each skipped entry with its code), and how long it took. */
export function appliedSummary(batch: BatchSummary, seconds?: number): void {
  const applied = batch.applied!;
  const took = seconds ?? (batch.approvedAt ? (Date.parse(applied.appliedAt) - Date.parse(batch.approvedAt)) / 1000 : undefined);
  table({
    added: applied.applied.added,
    lifted: applied.applied.lifted,
    amended: applied.applied.amended,
    skipped: applied.skipped.length,
    ...(took === undefined || Number.isNaN(took) ? {} : { seconds: Number(took.toFixed(1)) }),
  });
  for (const entry of applied.skipped) write(`! ${entry.sourceId}  ${entry.action}  ${entry.code}: ${entry.message}`);
}

/** Who did what to the batch, and when. */
export function batchHeader(batch: BatchSummary): void {
  write(`batch ${batch.batchId}: ${batch.status}`);
  write(`  list      ${batch.listId}, release ${batch.release.releaseHash.slice(0, 16)}… of ${batch.release.releaseDate}${batch.baseReleaseHash ? ` (over ${batch.baseReleaseHash.slice(0, 16)}…)` : ' (the first)'}`);
  write(`  prepared  by ${batch.preparedBy} at ${batch.preparedAt}`);
  if (batch.approvedBy) write(`  approved  by ${batch.approvedBy} at ${batch.approvedAt}`);
  if (batch.rejection) write(`  rejected  by ${batch.rejection.by}: ${batch.rejection.reason}`);
  if (batch.applied) write(`  applied   at ${batch.applied.appliedAt}`);
}

export { write };
