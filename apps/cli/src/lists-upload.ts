import { existsSync, openAsBlob, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { ListFormat } from '@app/lists';
import { UsageError } from './lists-errors';
import type { Service } from './lists-http';

/** The files of an OFAC SDN CSV set, by the names OFAC gives them: each is the multipart part of that name. */
const SDN_PARTS = ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'];

/** A release as the archive describes it (POST /lists/releases). */
export interface Manifest {
  releaseHash: string;
  format: string;
  source: string;
  releaseDate: string;
  listings: number;
  parts: { role: string; sha256: string; bytes: number }[];
}

interface Part {
  path: string;
  /** The multipart part's name (the SDN set), or undefined: the file is the whole body. */
  name?: string;
}

/**
 * The files to send: for the SDN set each named by its file name (case-insensitively; a folder
 * stands for the ones it holds), sdn.csv among them; any other format takes exactly one file.
 */
export function releaseParts(format: ListFormat, paths: string[]): Part[] {
  if (paths.length === 0) throw new UsageError(`name the release's file${format === 'ofac-sdn-csv' ? 's (or their folder)' : ''}`);
  for (const path of paths) if (!existsSync(path)) throw new UsageError(`${path}: no such file or folder`);
  if (format !== 'ofac-sdn-csv') {
    if (paths.length > 1) throw new UsageError(`${format} is one file; got ${paths.length}`);
    if (statSync(paths[0]).isDirectory()) throw new UsageError(`${paths[0]} is a folder; ${format} is one file`);
    return [{ path: paths[0] }];
  }
  const files = paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => SDN_PARTS.includes(name.toLowerCase()))
          .map((name) => join(path, name))
      : [path],
  );
  const parts = files.map((path) => ({ path, name: basename(path).toLowerCase() }));
  for (const part of parts) {
    if (!SDN_PARTS.includes(part.name)) throw new UsageError(`${part.path}: an SDN CSV set's files are named ${SDN_PARTS.join(', ')}`);
  }
  const names = parts.map((p) => p.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new UsageError(`${twice} is named twice`);
  if (!names.includes('sdn.csv')) throw new UsageError('an SDN CSV set needs its sdn.csv');
  return parts;
}

const CONTENT_TYPES: Record<string, string> = { '.xml': 'application/xml', '.csv': 'text/csv', '.zip': 'application/zip' };

/** Uploads the release (multipart for the SDN set, else the file as the body): its manifest, and whether the archive had it already. */
export async function uploadRelease(client: Service, format: ListFormat, paths: string[], releaseDate: string | undefined): Promise<{ manifest: Manifest; created: boolean }> {
  const parts = releaseParts(format, paths);
  const query = `format=${encodeURIComponent(format)}${releaseDate ? `&releaseDate=${encodeURIComponent(releaseDate)}` : ''}`;
  let answer;
  if (format === 'ofac-sdn-csv') {
    const form = new FormData();
    for (const part of parts) form.append(part.name!, await openAsBlob(part.path, { type: 'text/csv' }), part.name);
    answer = await client.post<Manifest>(`/lists/releases?${query}`, { form }, 600_000);
  } else {
    const contentType = CONTENT_TYPES[extname(parts[0].path).toLowerCase()] ?? 'application/octet-stream';
    answer = await client.post<Manifest>(`/lists/releases?${query}`, { blob: await openAsBlob(parts[0].path), contentType }, 600_000);
  }
  return { manifest: answer.body, created: answer.status === 201 };
}

export function manifestLine(manifest: Manifest, created: boolean): string {
  return `release ${manifest.releaseHash.slice(0, 16)}… (${manifest.source}, ${manifest.releaseDate}, ${manifest.listings} listings): ${created ? 'uploaded' : 'already in the archive'}`;
}
