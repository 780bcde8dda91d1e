// The release's identity (the hash of its one input, or of the manifest of its several) is defined
// once, by the event store's release archive, which recomputes it from the files it keeps.
import { releaseHash } from '@app/event-store';
import { readAllBytes, sha256Hex, type ListBytes } from './bytes';
import { ListErrorCode, ListFormatError } from './list-format.error';
import { SOURCE_OF_FORMAT, type ListFormat, type Listing, type Release, type ReleasePart, type TextEncoding } from './listing';
import { sniffFormat } from './sniff-format';
import type { EncodingOption } from './text-decoding';

export interface ParseOptions {
  /** How to decode the text; see EncodingOption. Default `auto`. */
  encoding?: EncodingOption;
  /** The release date for formats that carry none (OFAC SDN CSV): `YYYY-MM-DD` or an ISO instant. Ignored otherwise. */
  releaseDate?: string;
  /** Largest input accepted, in bytes (per file, and per zip entry once inflated). */
  maxBytes?: number;
}

export interface ReadInput {
  role: string;
  bytes: Buffer;
  part: ReleasePart;
}

export async function readInput(role: string, input: ListBytes, options: ParseOptions): Promise<ReadInput> {
  const bytes = await readAllBytes(input, options.maxBytes);
  return { role, bytes, part: { role, sha256: sha256Hex(bytes), bytes: bytes.byteLength } };
}

export function makeRelease(format: ListFormat, releaseDate: string, parts: ReleasePart[], encoding: TextEncoding, listings: Listing[]): Release {
  return { format, source: SOURCE_OF_FORMAT[format], releaseDate, sha256: releaseHash(parts), parts, encoding, listings };
}

/** Refuses bytes that are plainly another format than the one named, saying what they look like. */
export function wrongFormat(expected: ListFormat, bytes: Uint8Array): ListFormatError {
  const { format, description } = sniffFormat(bytes);
  const hint = format && format !== expected ? ` (it looks like ${format})` : '';
  return new ListFormatError(ListErrorCode.WrongFormat, `expected ${expected}, got ${description}${hint}`, { line: 1 });
}

export function requireReleaseDate(format: ListFormat, options: ParseOptions): string {
  const date = options.releaseDate?.trim();
  if (!date || !/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(date)) {
    throw new ListFormatError(ListErrorCode.ReleaseDate, `${format} carries no release date: pass options.releaseDate (YYYY-MM-DD), e.g. the date OFAC published it`);
  }
  return date;
}
