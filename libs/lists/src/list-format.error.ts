/** Stable codes of a refused list file: add new ones freely, never rename one. */
export const ListErrorCode = {
  Empty: 'LIST.EMPTY',
  WrongFormat: 'LIST.WRONG_FORMAT',
  Encoding: 'LIST.ENCODING',
  Malformed: 'LIST.MALFORMED',
  Truncated: 'LIST.TRUNCATED',
  EntityDeclaration: 'LIST.ENTITY_DECLARATION',
  Doctype: 'LIST.DOCTYPE',
  Columns: 'LIST.COLUMNS',
  DuplicateId: 'LIST.DUPLICATE_ID',
  MissingField: 'LIST.MISSING_FIELD',
  ReleaseDate: 'LIST.RELEASE_DATE',
  TooLarge: 'LIST.TOO_LARGE',
  ReleaseMismatch: 'LIST.RELEASE_MISMATCH',
} as const;

export type ListErrorCode = (typeof ListErrorCode)[keyof typeof ListErrorCode];

export interface ListErrorPlace {
  /** Which input: `sdn.csv`, `add.csv`, `CONS_ENHANCED.XML` inside a zip… (absent for single-file formats). */
  part?: string;
  /** One-based line number in the decoded text. */
  line?: number;
  column?: number;
  /** The element (XML path, e.g. `CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL`) or CSV column concerned. */
  element?: string;
}

/** A list file was refused: nothing of it was read into a release. */
export class ListFormatError extends Error {
  override readonly name = 'ListFormatError';
  readonly part?: string;
  readonly line?: number;
  readonly column?: number;
  readonly element?: string;

  constructor(
    readonly code: ListErrorCode,
    /** What is wrong, without where. */
    readonly reason: string,
    place: ListErrorPlace = {},
  ) {
    super(withPlace(reason, place));
    this.part = place.part;
    this.line = place.line;
    this.column = place.column;
    this.element = place.element;
  }
}

function withPlace(message: string, { part, line, column, element }: ListErrorPlace): string {
  const where = [part, line === undefined ? undefined : `line ${line}${column === undefined ? '' : `:${column}`}`, element && `<${element}>`].filter(Boolean);
  return where.length ? `${message} (${where.join(', ')})` : message;
}

export function isListFormatError(error: unknown): error is ListFormatError {
  return error instanceof ListFormatError;
}

/** The same error, placed in one part of a multi-file release. */
export function inPart(error: unknown, part: string): unknown {
  if (!isListFormatError(error) || error.part) return error;
  const { line, column, element } = error;
  return new ListFormatError(error.code, error.reason, { part, line, column, element });
}
