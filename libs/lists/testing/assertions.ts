import { ListFormatError } from '../src/list-format.error';

/** The ListFormatError a parse was refused with; fails the test if it succeeded or failed otherwise. */
export async function refusal(work: Promise<unknown> | (() => unknown)): Promise<ListFormatError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (error instanceof ListFormatError) return error;
    throw new Error(`expected a ListFormatError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a ListFormatError, but the list was accepted');
}

/** The bytes as a stream of chunks of `size` bytes, as a caller reading a file or a socket would hand them in. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) yield bytes.subarray(offset, offset + size);
}
