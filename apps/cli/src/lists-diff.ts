import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isListFormatError, parseRelease, reconcile, type ListFormat, type Release, type ReleaseInput } from '@app/lists';
import { UsageError } from './lists-errors';

/** `lists diff`: two releases of one list compared offline, no service needed. */
export async function diffReleases(format: ListFormat, previousPath: string, nextPath: string, options: { details: boolean; releaseDate?: string }): Promise<void> {
  const dates = options.releaseDate?.split(',') ?? [];
  const started = process.hrtime.bigint();
  const previous = await read(format, previousPath, dates[0]);
  const next = await read(format, nextPath, dates[1]);
  const diff = reconcile(previous, next);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  if (options.details) {
    for (const listing of diff.added) console.log(`+ ${listing.sourceId}  ${listing.names[0]?.name ?? ''}`);
    for (const listing of diff.removed) console.log(`- ${listing.sourceId}  ${listing.names[0]?.name ?? ''}`);
    for (const amendment of diff.amended) console.log(`~ ${amendment.sourceId}  ${amendment.after.names[0]?.name ?? ''}  (${amendment.changes.map((c) => c.field).join(', ')})`);
    console.log('');
  }
  console.table([
    { release: 'previous', date: previous.releaseDate, listings: previous.listings.length, sha256: previous.sha256.slice(0, 16) },
    { release: 'next', date: next.releaseDate, listings: next.listings.length, sha256: next.sha256.slice(0, 16) },
  ]);
  console.table({ added: diff.added.length, removed: diff.removed.length, amended: diff.amended.length, unchanged: diff.unchanged.length, seconds: Number(seconds.toFixed(2)) });
}

/** A release from a path: the file itself, or for the SDN CSV set the folder that holds it. */
function read(format: ListFormat, path: string, releaseDate: string | undefined): Promise<Release> {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file or folder`);
  let input: ReleaseInput;
  if (statSync(path).isDirectory()) {
    if (format !== 'ofac-sdn-csv') throw new UsageError(`${path} is a folder; ${format} is read from one file`);
    const file = (name: string) => (existsSync(join(path, name)) ? createReadStream(join(path, name)) : undefined);
    const sdn = file('sdn.csv');
    if (!sdn) throw new UsageError(`${path}: no sdn.csv in it`);
    input = { sdn, add: file('add.csv'), alt: file('alt.csv'), comments: file('sdn_comments.csv') };
  } else {
    input = createReadStream(path);
  }
  return parseRelease(format, input, { releaseDate }).catch((error: unknown) => {
    if (isListFormatError(error)) (error as Error).message = `${path}: ${(error as Error).message}`;
    throw error;
  });
}
