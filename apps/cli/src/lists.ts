import { parseArgs } from 'node:util';
import { isListFormatError, LIST_FORMATS, type ListFormat } from '@app/lists';
import { approveBatch, batchIdArgument, batchStatus, importRelease } from './lists-batches';
import { diffReleases } from './lists-diff';
import { CliError, UsageError } from './lists-errors';
import { DEFAULT_URL, service, serviceUrl } from './lists-http';
import { programsOption, watchRelease } from './lists-watch';

const USAGE = `Usage: npm run -s lists -- diff <format> <previous> <next> [--details] [--release-date YYYY-MM-DD,YYYY-MM-DD]
       npm run -s lists -- import <format> <file…> --mapping <mapping.json> [--terms <terms.json>] [--release-date YYYY-MM-DD] [--url URL]
       npm run -s lists -- approve <batchId> [--url URL]
       npm run -s lists -- status <batchId> [--url URL]
       npm run -s lists -- watch <format> <file…> [--release-date YYYY-MM-DD] [--programs A,B] [--url URL]

diff      compares two releases of one official list, offline (no service needed): what the next
          release adds, removes and amends (matched by the list's own ids, amendments by content).
import    uploads a release of the authority's own list and prepares an import batch: prints the
          preview (added, removed, amended, unchanged, out of scope, refusals, the first entries
          of each kind) and the batch id. Nothing is applied until a second official approves it.
approve   approves a batch (a senior official other than its preparer), follows the worker as it
          applies it (a progress bar on a terminal), then prints what was added, lifted, amended
          and skipped (each skipped entry with its code).
status    prints a batch: who prepared and approved it, its counts, the progress or the outcome.
watch     uploads a partner's release and records it: what changed at the partner, which of our
          designations were told (they cite a delisted or amended entry), how many new candidates.

  <format>        ${LIST_FORMATS.join(' | ')}
  <previous>      (diff) the older release: a file, or for ofac-sdn-csv a folder holding sdn.csv
                  (and add.csv, alt.csv, sdn_comments.csv when present)
  <next>          (diff) the newer release, likewise
  <file…>         (import, watch) the release: one file; for ofac-sdn-csv its files, each sent as
                  the part its name says (sdn.csv, add.csv, alt.csv, sdn_comments.csv), or their folder
  --details       (diff) list every added, removed and amended entry (with the fields that changed)
  --release-date  the release's date, for ofac-sdn-csv (its files carry none); for diff, both
  --mapping       (import) JSON: {"programs": [{"program", "category", "legalBasis", "measures"}, …]},
                  which may hold the batch's terms as well, as "terms": {…}
  --terms         (import) JSON: the batch's terms {"sunsetAt", "reviewInterval", "reviewingMinistries",
                  "humanitarianWaiver"?, "confidence"?, "firstReviewDueAt"?}; replaces the mapping file's
  --programs      (watch) the partner's programs whose new listings become alignment candidates
                  (default: the service's PARTNER_WATCH_PROGRAMS)
  --url           the service (default: SLS_URL, else ${DEFAULT_URL})

The service commands send the bearer token in SLS_TOKEN. It is read from the environment only,
never from a flag, so that it lands neither in the shell's history nor in the process list.
import and watch need the role official (or senior_official); approve needs senior_official.
Exit status: 0 done, 1 refused by the service or the service unreachable, 2 bad usage.

Examples:
  npm run -s lists -- diff un-xml un_2018-06-07.xml un_2018-06-21.xml
  SLS_TOKEN=… npm run -s lists -- import ofac-sdn-csv sdn-csv-2019-01-04/ --release-date 2019-01-04 --mapping cyber.json
  SLS_TOKEN=… npm run -s lists -- approve 3f0c…`;

/** The usage's first lines: what a usage error prints. */
const SYNOPSIS = USAGE.slice(0, USAGE.indexOf('\n\n'));

const OPTIONS = {
  details: { type: 'boolean' },
  'release-date': { type: 'string' },
  mapping: { type: 'string' },
  terms: { type: 'string' },
  programs: { type: 'string' },
  url: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options each command takes; any other is a usage error. */
const COMMANDS: Record<string, (keyof typeof OPTIONS)[]> = {
  diff: ['details', 'release-date'],
  import: ['mapping', 'terms', 'release-date', 'url'],
  approve: ['url'],
  status: ['url'],
  watch: ['release-date', 'programs', 'url'],
};

function formatArgument(value: string | undefined): ListFormat {
  if (!value || !(LIST_FORMATS as readonly string[]).includes(value)) throw new UsageError(`the format must be one of ${LIST_FORMATS.join(', ')}`);
  return value as ListFormat;
}

function dateOption(value: string | undefined): string | undefined {
  if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError(`--release-date ${value}: YYYY-MM-DD`);
  return value;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: OPTIONS });
  if (values.help) return void console.log(USAGE);
  const [command, ...args] = positionals;
  if (!command) throw new UsageError('a command is required');
  const allowed = COMMANDS[command];
  if (!allowed) throw new UsageError(`unknown command "${command}"`);
  const stray = Object.keys(values).find((option) => !allowed.includes(option as keyof typeof OPTIONS));
  if (stray) throw new UsageError(`--${stray} does not apply to ${command}`);

  if (command === 'diff') {
    const [format, previousPath, nextPath, ...rest] = args;
    const listFormat = formatArgument(format);
    if (!previousPath || !nextPath || rest.length > 0) throw new UsageError('diff takes two releases: <previous> <next>');
    return diffReleases(listFormat, previousPath, nextPath, { details: values.details ?? false, releaseDate: values['release-date'] });
  }

  const url = serviceUrl(values.url);
  if (command === 'approve' || command === 'status') {
    if (args.length > 1) throw new UsageError(`${command} takes one batch id`);
    const batchId = batchIdArgument(args[0]);
    const client = service(url);
    return command === 'approve' ? approveBatch(client, batchId) : batchStatus(client, batchId);
  }
  const [format, ...paths] = args;
  const listFormat = formatArgument(format);
  const releaseDate = dateOption(values['release-date']);
  if (command === 'import') {
    if (!values.mapping) throw new UsageError('import needs --mapping <mapping.json>');
    return importRelease(service(url), listFormat, paths, { mapping: values.mapping, terms: values.terms, releaseDate });
  }
  const programs = programsOption(values.programs);
  return watchRelease(service(url), listFormat, paths, { releaseDate, programs });
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`lists: ${(error as Error).message}\n\n${SYNOPSIS}\n\nThe commands, options and exit statuses: npm run -s lists -- --help`);
    process.exit(2);
  }
  if (isListFormatError(error)) {
    console.error(`lists: ${(error as Error).message} [${(error as { code: string }).code}]`);
    process.exit(1);
  }
  // A refusal, the service away, or a fault: one line, never a stack trace.
  console.error(`error: ${error instanceof CliError ? error.message : ((error as Error).message ?? String(error))}`);
  process.exit(1);
});
