import { CsvError, parse, type Options } from 'csv-parse/sync';
import { ListErrorCode, ListFormatError } from './list-format.error';

/** The DOS end-of-file mark OFAC still ends its CSV files with. */
const TRAILING_EOF_MARK = /\x1a\s*$/;

const DIALECT: Options = { relax_column_count: true, skip_empty_lines: true };

/**
 * Every record of a decoded CSV text; csv-parse does the parsing. Line numbers are only needed
 * to name a refused record, so they are worked out (by a second csv-parse pass) only then.
 */
export class CsvRecords {
  readonly records: string[][];
  private readonly text: string;
  private lines?: number[];

  constructor(text: string) {
    this.text = text.replace(TRAILING_EOF_MARK, '');
    this.records = parseCsv(this.text, DIALECT);
  }

  /** One-based line record `index` starts on. */
  lineOf(index: number): number {
    if (!this.lines) {
      const lines: number[] = [];
      let previousEnd = 0;
      let previousEmpty = 0;
      parseCsv(this.text, {
        ...DIALECT,
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

function parseCsv(text: string, options: Options): string[][] {
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
