import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isListFormatError, LIST_FORMATS, parseRelease, reconcile, type ListFormat, type Release, type ReleaseInput } from '@app/lists';

const USAGE = `Usage: npm run -s lists -- diff <format> <previous> <next> [--details] [--release-date YYYY-MM-DD,YYYY-MM-DD]

Compares two releases of one official list, offline (no service needed): what the next release
adds, removes and amends (matched by the list's own ids, amendments by content).

  <format>        ${LIST_FORMATS.join(' | ')}
  <previous>      the older release: a file, or for ofac-sdn-csv a folder holding sdn.csv
                  (and add.csv, alt.csv, sdn_comments.csv when present)
  <next>          the newer release, likewise
  --details       list every added, removed and amended entry (with the fields that changed)
  --release-date  the two releases' dates, for ofac-sdn-csv (its files carry none)

Example: npm run -s lists -- diff un-xml un_2018-06-07.xml un_2018-06-21.xml`;

class UsageError extends Error {}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { details: { type: 'boolean', default: false }, 'release-date': { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return void console.log(USAGE);
  const [command, format, previousPath, nextPath, ...rest] = positionals;
  if (command !== 'diff') throw new UsageError(command ? `unknown command "${command}"` : 'a command is required');
  if (!format || !(LIST_FORMATS as readonly string[]).includes(format)) throw new UsageError(`the format must be one of ${LIST_FORMATS.join(', ')}`);
  if (!previousPath || !nextPath || rest.length > 0) throw new UsageError('diff takes two releases: <previous> <next>');
  const dates = values['release-date']?.split(',') ?? [];

  const started = process.hrtime.bigint();
  const previous = await read(format as ListFormat, previousPath, dates[0]);
  const next = await read(format as ListFormat, nextPath, dates[1]);
  const diff = reconcile(previous, next);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  if (values.details) {
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

main().catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`lists: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (isListFormatError(error)) {
    console.error(`lists: ${(error as Error).message} [${(error as { code: string }).code}]`);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
