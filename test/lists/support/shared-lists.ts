import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SdnCsvFiles } from '@app/lists';

/** The real official list files, beside the project and never copied into it (../shared/lists/SOURCES.md). */
const REPO_ROOT = resolve(__dirname, '../../..');
export const LISTS = resolve(REPO_ROOT, '../shared/lists');

export const readList = (path: string): Buffer => readFileSync(resolve(LISTS, path));

export const unFile = (date: string) => readList(`un/un_consolidated_${date}.xml`);

export function sdnCsvFiles(dir: string): SdnCsvFiles {
  const read = (file: string) => readList(`ofac/${dir}/${file}`);
  return { sdn: read('sdn.csv'), add: read('add.csv'), alt: read('alt.csv'), comments: read('sdn_comments.csv') };
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Set differences of two id → content maps, computed here, apart from the library under test. */
export function independentDiff(previous: Map<string, string>, next: Map<string, string>): { added: string[]; removed: string[]; amended: string[] } {
  const added = [...next.keys()].filter((id) => !previous.has(id));
  const removed = [...previous.keys()].filter((id) => !next.has(id));
  const amended = [...next.keys()].filter((id) => previous.has(id) && previous.get(id) !== next.get(id));
  return { added: added.sort(), removed: removed.sort(), amended: amended.sort() };
}
