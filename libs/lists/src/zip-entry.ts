import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';
import { DEFAULT_MAX_BYTES } from './bytes';
import { ListErrorCode, ListFormatError } from './list-format.error';

export interface ZipEntryBytes {
  name: string;
  bytes: Buffer;
}

/**
 * The one XML file in a zip, inflated in memory by yauzl (read from the Buffer, never from disk).
 * The declared and the actual inflated size are both held to `maxBytes`, so a zip bomb is
 * refused rather than inflated.
 */
export async function xmlEntryOfZip(zip: Buffer, maxBytes = DEFAULT_MAX_BYTES): Promise<ZipEntryBytes> {
  let file: ZipFile;
  try {
    file = await fromBufferPromise(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw new ListFormatError(ListErrorCode.Malformed, `not a readable zip: ${(error as Error).message}`);
  }
  try {
    const entries: Entry[] = [];
    for await (const entry of file.eachEntry()) entries.push(entry);
    const xml = entries.filter((entry) => /\.xml$/i.test(entry.fileName));
    const chosen = xml.length === 1 ? xml[0] : xml.find((entry) => /ENHANCED/i.test(entry.fileName));
    if (!chosen) {
      const names = entries.map((entry) => entry.fileName).join(', ') || 'nothing';
      throw new ListFormatError(ListErrorCode.WrongFormat, `expected a zip holding one enhanced XML file, found ${names}`);
    }
    if (chosen.uncompressedSize > maxBytes) {
      throw new ListFormatError(ListErrorCode.TooLarge, `${chosen.fileName} inflates to ${chosen.uncompressedSize} bytes, over ${maxBytes}`, { part: chosen.fileName });
    }
    return { name: chosen.fileName, bytes: await inflate(file, chosen, maxBytes) };
  } finally {
    file.close();
  }
}

async function inflate(file: ZipFile, entry: Entry, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const stream = await file.openReadStreamPromise(entry, {});
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        stream.destroy();
        throw new ListFormatError(ListErrorCode.TooLarge, `${entry.fileName} inflates to over ${maxBytes} bytes`, { part: entry.fileName });
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ListFormatError) throw error;
    throw new ListFormatError(ListErrorCode.Malformed, `cannot inflate ${entry.fileName}: ${(error as Error).message}`, { part: entry.fileName });
  }
  return Buffer.concat(chunks, total);
}
