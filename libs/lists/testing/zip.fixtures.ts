import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntryFixture {
  name: string;
  data: Buffer;
  /** Deflate (method 8, as OFAC's zips are) or store (method 0). */
  deflate?: boolean;
  /** Lie about the inflated size in the headers (for refusal tests). */
  declaredSize?: number;
}

/** A minimal zip archive (local headers, central directory, end record), for tests that must not read real files. */
export function zipOf(entries: ZipEntryFixture[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, deflate = true, declaredSize } of entries) {
    const body = deflate ? deflateRawSync(data) : data;
    const fileName = Buffer.from(name, 'utf8');
    const fields = { method: deflate ? 8 : 0, crc: crc32(data) >>> 0, compressed: body.byteLength, size: declaredSize ?? data.byteLength };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(fields.method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(fields.crc, 14);
    local.writeUInt32LE(fields.compressed, 18);
    local.writeUInt32LE(fields.size, 22);
    local.writeUInt16LE(fileName.byteLength, 26);
    locals.push(local, fileName, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(fields.method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(fields.crc, 16);
    central.writeUInt32LE(fields.compressed, 20);
    central.writeUInt32LE(fields.size, 24);
    central.writeUInt16LE(fileName.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, fileName);
    offset += local.byteLength + fileName.byteLength + body.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
