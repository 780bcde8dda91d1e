import { InvalidCursorError } from './read-model.errors';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
  /** The position in the log the read models had reached when this page was read. */
  position: number | null;
}

export type SortKey = [string | number | null, string];

/** Missing values sort last in either direction; ties are broken by id, so the order is total. */
export function compareKeys(a: SortKey, b: SortKey, descending = false): number {
  if (a[0] !== b[0]) {
    if (a[0] === null) return 1;
    if (b[0] === null) return -1;
    const order = a[0] < b[0] ? -1 : 1;
    return descending ? -order : order;
  }
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Keyset pagination: the cursor is the sort key of the last item given, so inserts never shift pages. */
export function paginate<T>(
  items: T[],
  keyOf: (item: T) => SortKey,
  descending: boolean,
  limit: number,
  cursor: string | undefined,
  scope: string,
  position: number | undefined,
): Page<T> {
  const keyed = items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => compareKeys(a.key, b.key, descending));
  const after = cursor === undefined ? undefined : decodeCursor(cursor, scope, descending);
  const rest = after ? keyed.filter(({ key }) => compareKeys(key, after, descending) > 0) : keyed;
  const page = rest.slice(0, limit);
  const nextCursor = rest.length > limit ? encodeCursor(page[page.length - 1].key, scope, descending) : undefined;
  return { items: page.map(({ item }) => item), nextCursor, position: position ?? null };
}

/** Opaque to clients; `scope` and `descending` tie it to one listing and sort order. */
function encodeCursor(key: SortKey, scope: string, descending: boolean): string {
  return Buffer.from(JSON.stringify([scope, descending, key[0], key[1]])).toString('base64url');
}

function decodeCursor(cursor: string, scope: string, descending: boolean): SortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('The cursor is not one this service handed out.');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== scope ||
    parsed[1] !== descending ||
    !(parsed[2] === null || typeof parsed[2] === 'string') ||
    typeof parsed[3] !== 'string'
  ) {
    throw new InvalidCursorError('The cursor does not belong to this listing and sort order.');
  }
  return [parsed[2], parsed[3]];
}
