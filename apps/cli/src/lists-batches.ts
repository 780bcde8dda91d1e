import { existsSync, readFileSync } from 'node:fs';
import type { ListFormat } from '@app/lists';
import { UsageError } from './lists-errors';
import type { Service } from './lists-http';
import { appliedSummary, batchCounts, batchHeader, previewEntries, write, type BatchSummary, type PreviewEntry } from './lists-output';
import { followApply } from './lists-progress';
import { manifestLine, uploadRelease } from './lists-upload';

/** Import batches of the authority's own list: prepare (import), approve and follow, look at one (status). */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function batchIdArgument(value: string | undefined): string {
  if (!value) throw new UsageError('name the batch: its id, as `lists import` printed it');
  if (!UUID.test(value)) throw new UsageError(`${value} is not a batch id (a UUID, as \`lists import\` printed it)`);
  return value.toLowerCase();
}

function readJson(path: string, option: string): Record<string, unknown> {
  if (!existsSync(path)) throw new UsageError(`${option} ${path}: no such file`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${option} ${path}: not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${option} ${path}: a JSON object is expected`);
  return value as Record<string, unknown>;
}

/**
 * The mapping and terms of a batch: the mapping file is `{ "programs": [...] }` and may hold the
 * terms too, as `"terms": {...}`; a --terms file (ImportTerms itself) takes their place. The
 * service checks what is in them.
 */
export function importSettings(mappingPath: string | undefined, termsPath: string | undefined): { mapping: { programs: unknown[] }; terms: Record<string, unknown> } {
  if (!mappingPath) throw new UsageError('import needs --mapping <mapping.json>');
  const file = readJson(mappingPath, '--mapping');
  if (!Array.isArray(file.programs)) throw new UsageError(`--mapping ${mappingPath}: "programs" must be a list of program mappings`);
  const terms = termsPath ? readJson(termsPath, '--terms') : file.terms;
  if (typeof terms !== 'object' || terms === null || Array.isArray(terms)) {
    throw new UsageError(`the batch's terms are missing: give --terms <terms.json>, or "terms" in ${mappingPath}`);
  }
  return { mapping: { programs: file.programs }, terms: terms as Record<string, unknown> };
}

/** `lists import`: uploads the release, prepares a batch under the mapping and terms, prints the preview. */
export async function importRelease(
  client: Service,
  format: ListFormat,
  paths: string[],
  options: { mapping?: string; terms?: string; releaseDate?: string },
): Promise<void> {
  const settings = importSettings(options.mapping, options.terms);
  const { manifest, created } = await uploadRelease(client, format, paths, options.releaseDate);
  write(manifestLine(manifest, created));
  const { status, body } = await client.post<BatchSummary & { entries: PreviewEntry[] }>('/imports', { json: { releaseHash: manifest.releaseHash, ...settings } }, 600_000);
  const refusals = body.entries.filter((e) => e.refusal).length;
  write('');
  batchHeader(body);
  write('');
  batchCounts(body, refusals);
  previewEntries(body.entries);
  write('');
  if (status === 200) write(`This batch had been prepared before (the same release, mapping and terms): nothing new was recorded. It is ${body.status}.`);
  if (body.status === 'prepared') {
    write(`Batch ${body.batchId} is prepared. A second official (senior_official, not ${body.preparedBy}) approves it with:`);
    write(`  SLS_TOKEN=<their token> npm run -s lists -- approve ${body.batchId}`);
    if (refusals > 0) write(`${refusals} entr${refusals === 1 ? 'y' : 'ies'} would be refused as things stand, and skipped when applied.`);
  }
}

/** `lists approve`: approves (four eyes), follows the worker's apply with a progress bar, prints what was applied. */
export async function approveBatch(client: Service, batchId: string): Promise<void> {
  const started = Date.now();
  const { body: approved } = await client.post<BatchSummary>(`/imports/${batchId}/approve`, { json: {} });
  write(`batch ${batchId} approved by ${approved.approvedBy ?? 'you'}; the worker applies it`);
  const applied = await followApply(client, batchId);
  write('');
  batchHeader(applied);
  write('');
  // Applied while this command waited: its wall time; applied before (a repeated approval): the log's, approval to applied.
  appliedSummary(applied, approved.status === 'applied' ? undefined : (Date.now() - started) / 1000);
}

/** `lists status`: the batch as the log has it, with the worker's progress while it is applied. */
export async function batchStatus(client: Service, batchId: string): Promise<void> {
  const { body } = await client.get<BatchSummary>(`/imports/${batchId}`);
  batchHeader(body);
  write('');
  batchCounts(body);
  if (body.status === 'approved') {
    write(body.progress ? `applying: ${body.progress.done}/${body.progress.total} entries` : 'approved, waiting for the worker to apply it');
  }
  if (body.status === 'applied') {
    write('');
    appliedSummary(body);
  }
  if (body.status === 'prepared') write(`awaiting a second official's approval: npm run -s lists -- approve ${body.batchId}`);
}
