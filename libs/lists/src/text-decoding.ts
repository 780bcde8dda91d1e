import { isUtf8 } from 'node:buffer';
import { ListErrorCode, ListFormatError } from './list-format.error';
import type { TextEncoding } from './listing';

/**
 * `auto` (the default): UTF-8 when the bytes are valid UTF-8, otherwise Windows-1252 — what
 * OFSI/HMT and older OFAC CSV files are written in. A declared encoding (an XML declaration, a
 * UTF-8 BOM) is obeyed instead of guessed; an explicit `utf-8` refuses anything else.
 */
export type EncodingOption = 'auto' | TextEncoding;

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const LATIN_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii']);

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);

/** Decodes a whole list file. `declared` is the encoding label the file itself states, if any. */
export function decodeText(bytes: Uint8Array, option: EncodingOption = 'auto', declared?: string): DecodedText {
  const encoding = checkEncoding(bytes, option, declared);
  // TextDecoder drops a leading UTF-8 BOM by itself (ignoreBOM: false).
  const text = encoding === 'utf-8' ? new TextDecoder('utf-8').decode(bytes) : decodeWindows1252(bytes);
  if (text.trim() === '') throw new ListFormatError(ListErrorCode.Empty, 'the file holds nothing but whitespace');
  return { text, encoding };
}

/**
 * Everything decodeText refuses, without decoding: the encoding the bytes are in. For readers
 * that take UTF-8 bytes themselves (csv-parse); only ASCII whitespace counts as empty here.
 */
export function checkEncoding(bytes: Uint8Array, option: EncodingOption = 'auto', declared?: string): TextEncoding {
  if (bytes.byteLength === 0) throw new ListFormatError(ListErrorCode.Empty, 'the file is empty (0 bytes)');
  refuseWideEncodings(bytes);
  const encoding = chooseEncoding(bytes, option, declared);
  if (encoding === 'utf-8') refuseInvalidUtf8(bytes, declared ? `declared ${declared}` : option === 'utf-8' ? 'utf-8 was asked for' : 'it has a UTF-8 BOM');
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
  if (body.every((byte) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d))) throw new ListFormatError(ListErrorCode.Empty, 'the file holds nothing but whitespace');
  return encoding;
}

/**
 * What WHATWG's windows-1252 index maps 0x80–0x9F to (0x81, 0x8D, 0x8F, 0x90, 0x9D map to
 * themselves). Node 20.18.3+/22.13.0+ TextDecoder('windows-1252') decodes these bytes as Latin-1
 * controls instead (nodejs/node#60888): 0x92 would read as U+0092, not ’. The decoder's output is
 * corrected with this table, which is a no-op where Node decodes correctly.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]);
}

function chooseEncoding(bytes: Uint8Array, option: EncodingOption, declared: string | undefined): TextEncoding {
  if (startsWith(bytes, UTF8_BOM)) return 'utf-8';
  if (option !== 'auto') return option;
  if (declared !== undefined) {
    const label = declared.trim().toLowerCase();
    if (label === 'utf-8' || label === 'utf8') return 'utf-8';
    if (LATIN_LABELS.has(label)) return 'windows-1252';
    throw new ListFormatError(ListErrorCode.Encoding, `declared encoding "${declared}" is not one this library reads (UTF-8, ISO-8859-1, Windows-1252)`, { line: 1 });
  }
  return isUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

function refuseWideEncodings(bytes: Uint8Array): void {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new ListFormatError(ListErrorCode.Encoding, 'the file is UTF-16 (byte order mark FF FE / FE FF); official lists are UTF-8 or Windows-1252', { line: 1 });
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new ListFormatError(ListErrorCode.Encoding, `the file holds a NUL byte at offset ${nul}: UTF-16 without a byte order mark, or not text at all`, { line: lineOfOffset(bytes, nul) });
  }
}

function refuseInvalidUtf8(bytes: Uint8Array, why: string): void {
  if (isUtf8(bytes)) return;
  // 0x0A never occurs inside a UTF-8 sequence, so checking line by line finds the first bad line.
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    if (!isUtf8(bytes.subarray(start, stop))) {
      throw new ListFormatError(ListErrorCode.Encoding, `the bytes are not valid UTF-8 (${why}); pass encoding: 'windows-1252' if the file is Latin-1/Windows-1252`, { line });
    }
    if (end === -1) break;
    start = end + 1;
  }
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}
