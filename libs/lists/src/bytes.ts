import { createHash } from 'node:crypto';
import { ListErrorCode, ListFormatError } from './list-format.error';

/** The bytes of a list file, as the caller read them: whole, or as a stream of chunks. */
export type ListBytes = Uint8Array | AsyncIterable<Uint8Array>;

/** Refuses anything larger: the largest official list (EU FSF XML) is some tens of MB. */
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/**
 * The whole input as one Buffer. A release is hashed over its exact bytes and its encoding is
 * checked before any record is read, so a stream is collected first: a file that turns out to be
 * broken halfway is refused whole, never half-imported.
 */
export async function readAllBytes(input: ListBytes, maxBytes = DEFAULT_MAX_BYTES): Promise<Buffer> {
  if (input instanceof Uint8Array) {
    if (input.byteLength > maxBytes) throw tooLarge(input.byteLength, maxBytes);
    return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(total, maxBytes);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, total);
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function tooLarge(bytes: number, maxBytes: number): ListFormatError {
  return new ListFormatError(ListErrorCode.TooLarge, `input is over ${maxBytes} bytes (read ${bytes} so far)`);
}
