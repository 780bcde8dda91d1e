import { LIST_FORMATS, SOURCE_OF_FORMAT, type ListFormat, type ListSource } from '@app/lists';

/**
 * A list the service follows: the authority's own list in one format (migrated, then kept in step
 * release by release), or a partner's (watched). Releases are compared only within one list, since
 * source ids are only comparable within one format of one publisher.
 */
export const LIST_ROLES = ['own', 'partner'] as const;
export type ListRole = (typeof LIST_ROLES)[number];

export interface ListRef {
  id: string;
  role: ListRole;
  format: ListFormat;
  source: ListSource;
}

export function listRef(role: ListRole, format: ListFormat): ListRef {
  return { id: `${role}-${format}`, role, format, source: SOURCE_OF_FORMAT[format] };
}

export const LIST_STREAM_PREFIX = 'list-';

export function listStream(listId: string): string {
  return `${LIST_STREAM_PREFIX}${listId}`;
}

/** Every list there can be: a fixed, small set, so that the worker can find open batches without an index. */
export function everyList(role?: ListRole): ListRef[] {
  return LIST_ROLES.filter((r) => role === undefined || r === role).flatMap((r) => LIST_FORMATS.map((format) => listRef(r, format)));
}

export function parseListId(id: string): ListRef | undefined {
  return everyList().find((list) => list.id === id);
}
