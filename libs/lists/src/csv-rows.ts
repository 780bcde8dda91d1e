import { CsvError, parse, type Options } from 'csv-parse/sync';
import { ListErrorCode, ListFormatError } from './list-format.error';

import { checkEncoding, decodeWindows1252, type EncodingOption } from './text-decoding';
import type { TextEncoding } from './listing';

/** The DOS end-of-file mark OFAC still ends its CSV files with. */
const EOF_MARK = 0x1a;

const DIALECT: Options = { relax_column_count: true, skip_empty_lines: true, bom: true };

const isBlank = (code: number) => code === 0x20 || (code >= 0x09 && code <= 0x0d);

/** The input without a trailing \x1a (and the whitespace after it). */
function withoutEofMark<T extends string | Buffer>(input: T): T {
  let end = input.length;
  const at = (i: number) => (typeof input === 'string' ? input.charCodeAt(i) : input[i]);
  while (end > 0 && isBlank(at(end - 1))) end--;
  if (end === 0 || at(end - 1) !== EOF_MARK) return input;
  return input.slice(0, end - 1) as T;
}

/** Whether the CSV input (text, or UTF-8 bytes) begins with `prefix`, a byte order mark aside. */
export function csvStartsWith(input: string | Buffer, prefix: string): boolean {
  if (typeof input === 'string') return input.replace(/^\ufeff/, '').startsWith(prefix);
  const bom = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
  return input.subarray(bom, bom + prefix.length).toString('utf8') === prefix;
}

/**
 * The records of a CSV file given as bytes: UTF-8 bytes go to csv-parse as they are (decoding
 * them first would only be undone), Windows-1252 ones are decoded first.
 */
export function csvOfBytes(bytes: Buffer, option: EncodingOption = 'auto'): { input: string | Buffer; encoding: TextEncoding } {
  const encoding = checkEncoding(bytes, option);
  return { input: encoding === 'utf-8' ? bytes : decodeWindows1252(bytes), encoding };
}

/**
 * Every record of a decoded CSV text; csv-parse does the parsing. Line numbers are only needed
 * to name a refused record, so they are worked out (by a second csv-parse pass) only then.
 */
export class CsvRecords {
  readonly records: string[][];
  private readonly text: string | Buffer;
  private lines?: number[];

  private readonly range: Options;

  /**
   * A decoded text, or UTF-8 bytes; `fromLine`/`toLine` (one-based) read part of it — a preamble
   * line of another width is best read apart: csv-parse builds an error object for every record
   * whose width differs from the first one's, which costs seconds over a whole list.
   */
  constructor(text: string | Buffer, { fromLine, toLine }: { fromLine?: number; toLine?: number } = {}) {
    this.text = withoutEofMark(text);
    this.range = { from_line: fromLine, to_line: toLine };
    this.records = parseCsv(this.text, { ...DIALECT, ...this.range });
  }

  /** One-based line record `index` starts on. */
  lineOf(index: number): number {
    if (!this.lines) {
      const lines: number[] = [];
      let previousEnd = Number(this.range.from_line ?? 1) - 1;
      let previousEmpty = 0;
      parseCsv(this.text, {
        ...DIALECT,
        ...this.range,
        on_record: (_record, context) => {
          lines.push(previousEnd + 1 + (context.empty_lines - previousEmpty));
          previousEnd = context.lines;
          previousEmpty = context.empty_lines;
          return null;
        },
      });
      this.lines = lines;
    }
    return this.lines[index];
  }

  /** Refuses a record with more or fewer fields than the format has. */
  expectColumns(count: number, what: string, from = 0): void {
    for (let i = from; i < this.records.length; i++) {
      const found = this.records[i].length;
      if (found !== count) throw new ListFormatError(ListErrorCode.Columns, `${what} has ${count} columns; this record has ${found}`, { line: this.lineOf(i) });
    }
  }
}

function parseCsv(text: string | Buffer, options: Options): string[][] {
  try {
    return parse(text, options);
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : undefined;
      throw new ListFormatError(ListErrorCode.Malformed, `not well-formed CSV: ${error.message.replace(/ at line \d+/, '')}`, { line });
    }
    throw error;
  }
}
