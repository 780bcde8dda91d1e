import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { startApi, startApiWithWorker, token } from '../api/support/api-test-app';
import { exampleProposal } from '../api/support/example-proposal';
import { readList, unFile } from './support/shared-lists';

/**
 * Issue 15, the upload route's refusals over HTTP on PostgreSQL: each bad input is answered 4xx
 * `application/problem+json` with a stable code and, where it applies, the part, line or element
 * it is about; and nothing is stored: the archive lists the same releases and the log's head is
 * where it was. The inputs are the real official files, spoiled in one place each.
 *
 * LIST_UPLOAD_MAX_BYTES is set far below the 64 MiB default, yet above the real files the other
 * cases spoil (UN 2018 ≈ 1.6 MB, OFAC sdn.csv 2019 ≈ 1.5 MB), so that the real files larger than it
 * (UN 2026-02 ≈ 2.03 MB, OFAC sdn.csv 2021 ≈ 2.01 MB) are the oversized ones.
 */
const MAX_BYTES = 1_700_000;

type Http = () => ReturnType<typeof request>;

interface Problem {
  status: number;
  code: string;
  part?: string;
  line?: number;
  element?: string;
}

/** Asserts a problem+json refusal: status, code and (where given) the place it names. */
function expectProblem(response: request.Response, expected: Problem): void {
  const { status, code, ...where } = expected;
  expect([response.status, response.headers['content-type'], response.body.code]).toEqual([status, expect.stringContaining('application/problem+json'), code]);
  expect(response.body).toMatchObject({ status, type: expect.stringContaining(code), detail: expect.any(String), ...where });
}

/** The one-based line of a byte offset in a file. */
const lineAt = (bytes: Buffer, offset: number) => bytes.subarray(0, offset).toString('latin1').split('\n').length;

function replaceOnce(bytes: Buffer, find: string, replacement: Buffer | string): { bytes: Buffer; offset: number } {
  const offset = bytes.indexOf(find);
  if (offset < 0) throw new Error(`"${find}" not in the file`);
  const inserted = typeof replacement === 'string' ? Buffer.from(replacement, 'utf8') : replacement;
  return { bytes: Buffer.concat([bytes.subarray(0, offset), inserted, bytes.subarray(offset + Buffer.byteLength(find))]), offset };
}

const UN = unFile('2018-06-21');
const SDN_2019 = readList('ofac/sdn-csv-2019-01-04/sdn.csv');
const sdnLines = () => SDN_2019.toString('latin1').split('\n');
const sdnOf = (lines: string[]) => Buffer.from(lines.join('\n'), 'latin1');

describe('uploading a list file that is not a valid release: refused, nothing stored (issue 15)', () => {
  let app: NestFastifyApplication;
  let close: () => Promise<void>;
  let sql: Client;
  let official: string;
  const http: Http = () => request(app.getHttpServer());
  const head = async () => (await sql.query('SELECT max(position) AS head FROM event_store.events')).rows[0].head as string | null;
  const releases = async () => {
    const response = await http().get('/lists/releases').set('authorization', official);
    expect(response.status).toBe(200);
    return response.body;
  };

  /** Runs the refused call and checks that the archive and the log are as they were. */
  async function nothingStored(call: () => Promise<void>): Promise<void> {
    const [archiveBefore, headBefore] = [await releases(), await head()];
    await call();
    expect(await releases()).toEqual(archiveBefore);
    expect(await head()).toBe(headBefore);
  }

  const raw = (format: string, bytes: Buffer | string, contentType = 'application/xml', query = '') =>
    http().post(`/lists/releases?format=${format}${query}`).set('authorization', official).set('content-type', contentType).send(bytes);

  const form = (format: string, parts: Record<string, Buffer>, query = '&releaseDate=2019-01-04') => {
    let call = http().post(`/lists/releases?format=${format}${query}`).set('authorization', official);
    for (const [name, bytes] of Object.entries(parts)) call = call.attach(name, bytes, name);
    return call;
  };

  beforeAll(async () => {
    ({ app, close } = await startApi({ LIST_UPLOAD_MAX_BYTES: String(MAX_BYTES) }));
    sql = new Client({ connectionString: app.get<AppConfig>(APP_CONFIG).databaseUrl });
    await sql.connect();
    official = `Bearer ${await token('official-ana', ['official'])}`;
    // Something in the archive and in the log, so that "unchanged" compares more than nothing.
    const uploaded = await raw('un-xml', unFile('2018-06-07'));
    expect([uploaded.status, uploaded.body.detail]).toEqual([201, undefined]);
    await http().post('/designations').set('authorization', official).send(exampleProposal()).expect(201);
    expect(await head()).not.toBeNull();
    expect(await releases()).toHaveLength(1);
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await close?.();
  });

  it('the spoiled files are small enough and the oversized ones are real files larger than LIST_UPLOAD_MAX_BYTES', () => {
    expect(Math.max(UN.length, SDN_2019.length)).toBeLessThan(MAX_BYTES - 10_000);
    expect(unFile('2026-02').length).toBeGreaterThan(MAX_BYTES);
    expect(readList('ofac/sdn-csv-2021-07-07/sdn.csv').length).toBeGreaterThan(MAX_BYTES);
  });

  it('malformed XML (a mismatched closing tag in a real UN file): 400 LIST.MALFORMED at its line', async () => {
    const { bytes, offset } = replaceOnce(UN, '</SECOND_NAME>', '</SECOND_NAMES>');
    await nothingStored(async () => expectProblem(await raw('un-xml', bytes), { status: 400, code: 'LIST.MALFORMED', line: lineAt(bytes, offset) }));
  });

  it('truncated XML (a real UN file cut in half): 400 LIST.TRUNCATED, naming the element left open', async () => {
    const half = UN.subarray(0, Math.floor(UN.length / 2));
    await nothingStored(async () => {
      const response = await raw('un-xml', half);
      expectProblem(response, { status: 400, code: 'LIST.TRUNCATED', line: lineAt(half, half.length) });
      expect(response.body.element).toMatch(/^CONSOLIDATED_LIST\/(INDIVIDUALS|ENTITIES)/);
    });
  });

  describe('hostile XML', () => {
    let server: Server;
    let url: string;
    const seen: string[] = [];
    let connections = 0;

    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        res.end('<INDIVIDUAL>spliced</INDIVIDUAL>');
      });
      server.on('connection', () => connections++);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('an entity-expansion bomb (billion laughs): 400 LIST.ENTITY_DECLARATION at its DOCTYPE, nothing expanded', async () => {
      const levels = Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n');
      const bomb = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE CONSOLIDATED_LIST [\n  <!ENTITY lol "lol">\n${levels}\n]>\n<CONSOLIDATED_LIST dateGenerated="2018-06-21T19:02:22"><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&lol9;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n`;
      const started = Date.now();
      // Refused where the DOCTYPE's internal subset ends, before any element is read.
      const line = lineAt(Buffer.from(bomb), bomb.indexOf(']>'));
      expect(line).toBe(13);
      await nothingStored(async () => expectProblem(await raw('un-xml', bomb), { status: 400, code: 'LIST.ENTITY_DECLARATION', line }));
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('an external entity pointing at a local HTTP server: 400 LIST.ENTITY_DECLARATION, and the server receives no request', async () => {
      const xxe = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "${url}">]>\n<CONSOLIDATED_LIST dateGenerated="2018-06-21T19:02:22"><INDIVIDUALS>&x;</INDIVIDUALS></CONSOLIDATED_LIST>\n`;
      await nothingStored(async () => expectProblem(await raw('un-xml', xxe), { status: 400, code: 'LIST.ENTITY_DECLARATION', line: 2 }));
      // The same entity in a real UN file, before its root element.
      const spliced = Buffer.from(UN.toString('utf8').replace('<CONSOLIDATED_LIST ', `<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "${url}">]><CONSOLIDATED_LIST `).replace('<FIRST_NAME> RI </FIRST_NAME>', '<FIRST_NAME>&x;</FIRST_NAME>'));
      await nothingStored(async () => expectProblem(await raw('un-xml', spliced), { status: 400, code: 'LIST.ENTITY_DECLARATION', line: 1 }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect([seen, connections]).toEqual([[], 0]);
    });
  });

  it('the wrong format named: UN XML uploaded as uk-ofsi-csv, OFAC sdn.csv as un-xml: 400 LIST.WRONG_FORMAT, saying what it looks like', async () => {
    await nothingStored(async () => {
      const response = await raw('uk-ofsi-csv', UN, 'text/csv');
      expectProblem(response, { status: 400, code: 'LIST.WRONG_FORMAT' });
      expect(response.body.detail).toContain('looks like un-xml');
    });
    await nothingStored(async () => {
      const response = await raw('un-xml', SDN_2019, 'text/csv');
      expectProblem(response, { status: 400, code: 'LIST.WRONG_FORMAT' });
      expect(response.body.detail).toContain('looks like ofac-sdn-csv');
    });
    // The SDN CSV set sent for a one-file format.
    await nothingStored(async () => expectProblem(await form('un-xml', { 'sdn.csv': SDN_2019 }), { status: 400, code: 'LIST.WRONG_FORMAT' }));
  });

  it('OFAC sdn.csv with a row missing a column: 400 LIST.COLUMNS at sdn.csv, that line', async () => {
    const lines = sdnLines();
    expect(lines[1]).toMatch(/,-0- $/);
    lines[1] = lines[1].replace(/,-0- $/, '');
    await nothingStored(async () => expectProblem(await form('ofac-sdn-csv', { 'sdn.csv': sdnOf(lines) }), { status: 400, code: 'LIST.COLUMNS', part: 'sdn.csv', line: 2 }));
  });

  it('OFAC sdn.csv with a row of one column too many: 400 LIST.COLUMNS at sdn.csv, that line', async () => {
    const lines = sdnLines();
    lines[2] = `${lines[2]},"one too many"`;
    await nothingStored(async () => expectProblem(await form('ofac-sdn-csv', { 'sdn.csv': sdnOf(lines) }), { status: 400, code: 'LIST.COLUMNS', part: 'sdn.csv', line: 3 }));
  });

  it('duplicate source ids in one release (an sdn.csv row twice; a UN record twice): 400 LIST.DUPLICATE_ID where the second one is', async () => {
    const lines = sdnLines();
    lines.splice(4, 0, lines[0]);
    await nothingStored(async () => expectProblem(await form('ofac-sdn-csv', { 'sdn.csv': sdnOf(lines) }), { status: 400, code: 'LIST.DUPLICATE_ID', part: 'sdn.csv', line: 5 }));

    const text = UN.toString('utf8');
    const record = /<INDIVIDUAL>[\s\S]*?<\/INDIVIDUAL>/.exec(text)!;
    const at = record.index + record[0].length;
    const twice = Buffer.from(`${text.slice(0, at)}\n        ${record[0]}${text.slice(at)}`, 'utf8');
    const line = lineAt(twice, Buffer.byteLength(text.slice(0, at)) + 1);
    await nothingStored(async () =>
      expectProblem(await raw('un-xml', twice), { status: 400, code: 'LIST.DUPLICATE_ID', line, element: 'CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL' }),
    );
  });

  it('a wrong encoding (bytes that are not UTF-8 in a file declared UTF-8): 400 LIST.ENCODING at the first bad line', async () => {
    const { bytes, offset } = replaceOnce(UN, 'WON HO', Buffer.from([0x57, 0xd6, 0x4e, 0x20, 0x48, 0xff]));
    expect(UN.subarray(0, 60).toString('latin1')).toContain('encoding="UTF-8"');
    await nothingStored(async () => expectProblem(await raw('un-xml', bytes), { status: 400, code: 'LIST.ENCODING', line: lineAt(bytes, offset) }));
    // And an SDN CSV file read as UTF-8 when asked to.
    const lines = sdnLines();
    const latin = Buffer.concat([sdnOf(lines.slice(0, 2)), Buffer.from('\n999999,"CAF\xc9 ROUGE",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ', 'latin1')]);
    await nothingStored(async () => expectProblem(await form('ofac-sdn-csv', { 'sdn.csv': latin }, '&releaseDate=2019-01-04&encoding=utf-8'), { status: 400, code: 'LIST.ENCODING', part: 'sdn.csv', line: 3 }));
  });

  it('an empty file, as the body or as a part: 400 LIST.EMPTY', async () => {
    await nothingStored(async () => expectProblem(await raw('un-xml', Buffer.alloc(0)), { status: 400, code: 'LIST.EMPTY' }));
    await nothingStored(async () => expectProblem(await form('ofac-sdn-csv', { 'sdn.csv': Buffer.alloc(0) }), { status: 400, code: 'LIST.EMPTY', part: 'sdn.csv' }));
  });

  it('a file over LIST_UPLOAD_MAX_BYTES, as the raw body (with a Content-Length and chunked) or a multipart part: 413 INPUT.TOO_LARGE', async () => {
    const big = unFile('2026-02');
    await nothingStored(async () => expectProblem(await raw('un-xml', big), { status: 413, code: 'INPUT.TOO_LARGE' }));
    await nothingStored(async () => {
      const response = await chunked(app, '/lists/releases?format=un-xml', official, big);
      expect([response.status, response.contentType, response.body.code]).toEqual([413, expect.stringContaining('application/problem+json'), 'INPUT.TOO_LARGE']);
    });
    const set2021 = Object.fromEntries(['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'].map((name) => [name, readList(`ofac/sdn-csv-2021-07-07/${name}`)]));
    await nothingStored(async () => expectProblem(await form('ofac-sdn-csv', set2021, '&releaseDate=2021-07-07'), { status: 413, code: 'INPUT.TOO_LARGE' }));
    // A file just under the limit is read (and refused for what it is, not for its size).
    const under = Buffer.concat([SDN_2019, Buffer.from('\n'.repeat(MAX_BYTES - SDN_2019.length - 1))]);
    expect(under.length).toBeLessThan(MAX_BYTES);
    await nothingStored(async () => expect((await raw('un-xml', under, 'text/csv')).status).toBe(400));
  });

  it('a JSON body or text/plain to the upload route: 415 INPUT.UNSUPPORTED_MEDIA_TYPE', async () => {
    await nothingStored(async () => expectProblem(await raw('un-xml', JSON.stringify({ file: UN.subarray(0, 200).toString('utf8') }), 'application/json'), { status: 415, code: 'INPUT.UNSUPPORTED_MEDIA_TYPE' }));
    await nothingStored(async () => expectProblem(await raw('un-xml', UN.subarray(0, 5000).toString('utf8'), 'text/plain'), { status: 415, code: 'INPUT.UNSUPPORTED_MEDIA_TYPE' }));
  });

  it('an XML body to another route (POST /designations): 415 as before', async () => {
    await nothingStored(async () => {
      const response = await http().post('/designations').set('authorization', official).set('content-type', 'application/xml').send(UN);
      expectProblem(response, { status: 415, code: 'INPUT.UNSUPPORTED_MEDIA_TYPE' });
    });
    await nothingStored(async () => {
      const response = await http().post('/designations').set('authorization', official).attach('sdn.csv', SDN_2019, 'sdn.csv');
      expectProblem(response, { status: 415, code: 'INPUT.UNSUPPORTED_MEDIA_TYPE' });
    });
  });

  it('an unknown format, or none: 400', async () => {
    for (const query of ['format=sdn-advanced', 'format=', '']) {
      await nothingStored(async () => {
        const response = await http().post(`/lists/releases?${query}`).set('authorization', official).set('content-type', 'application/xml').send(UN);
        expectProblem(response, { status: 400, code: 'INPUT.VALIDATION_FAILED' });
      });
    }
  });

  it('OFAC SDN CSV without a releaseDate (the files carry none): 400 LIST.RELEASE_DATE; a malformed one: 400', async () => {
    await nothingStored(async () => expectProblem(await form('ofac-sdn-csv', { 'sdn.csv': SDN_2019 }, ''), { status: 400, code: 'LIST.RELEASE_DATE' }));
    await nothingStored(async () => expectProblem(await form('ofac-sdn-csv', { 'sdn.csv': SDN_2019 }, '&releaseDate=04/01/2019'), { status: 400, code: 'INPUT.VALIDATION_FAILED' }));
  });

  it('after all that, a valid release is still accepted (and stored once)', async () => {
    const before = (await releases()).length;
    const first = await raw('un-xml', UN);
    expect([first.status, first.body.detail]).toEqual([201, undefined]);
    expect((await raw('un-xml', UN)).status).toBe(200);
    expect(await releases()).toHaveLength(before + 1);
  });
});

/** A raw body sent chunked, without Content-Length: the route counts the bytes as they arrive. */
async function chunked(app: NestFastifyApplication, path: string, bearer: string, bytes: Buffer): Promise<{ status: number; contentType: string; body: { code?: string } }> {
  const server = app.getHttpServer();
  const listening = server.listening;
  if (!listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: bearer, 'content-type': 'application/xml', 'transfer-encoding': 'chunked' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
      });
      req.on('error', reject);
      let offset = 0;
      const write = () => {
        while (offset < bytes.length) {
          const chunk = bytes.subarray(offset, offset + 64 * 1024);
          offset += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', write);
        }
        req.end();
      };
      write();
    });
  } finally {
    if (!listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * The authority's own list moves only forward: once 2018-08-24 is applied, preparing a batch of
 * the older 2018-06-21 is refused and appends nothing. Approving and applying needs the worker.
 */
describe('an older release after a newer one on POST /imports (issue 15)', () => {
  const MAPPING = {
    programs: [{ program: 'Yemen', category: 'cyber_espionage', legalBasis: [{ instrument: 'UN Security Council resolution 2140 (2014), as implemented', provision: 'para. 11', jurisdiction: 'multilateral' }], measures: ['asset_freeze'] }],
  };
  const terms = () => ({
    sunsetAt: new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000).toISOString(),
    reviewInterval: 'P12M',
    reviewingMinistries: ['foreign-affairs'],
    humanitarianWaiver: { justification: 'Licences under the general licences of the regime meet humanitarian needs' },
  });

  it('409 LIST.RELEASE_OLDER with nothing appended; the list stays at the newer release', async () => {
    const { app, close } = await startApiWithWorker({ LIST_IMPORT_POLL_MS: '100', LIST_UPLOAD_MAX_BYTES: String(MAX_BYTES) });
    const sql = new Client({ connectionString: app.get<AppConfig>(APP_CONFIG).databaseUrl });
    await sql.connect();
    try {
      const http: Http = () => request(app.getHttpServer());
      const official = `Bearer ${await token('official-ana', ['official'])}`;
      const senior = `Bearer ${await token('senior-ben', ['senior_official'])}`;
      const hashes: Record<string, string> = {};
      for (const date of ['2018-06-21', '2018-08-24']) {
        const response = await http().post('/lists/releases?format=un-xml').set('authorization', official).set('content-type', 'application/xml').send(unFile(date));
        expect([response.status, response.body.detail]).toEqual([201, undefined]);
        hashes[date] = response.body.releaseHash;
      }
      const prepared = await http().post('/imports').set('authorization', official).send({ releaseHash: hashes['2018-08-24'], mapping: MAPPING, terms: terms() });
      expect([prepared.status, prepared.body.detail]).toEqual([201, undefined]);
      expect(prepared.body.counts.added).toBeGreaterThan(0);
      await http().post(`/imports/${prepared.body.batchId}/approve`).set('authorization', senior).expect(202);
      const deadline = Date.now() + 60_000;
      while ((await http().get(`/imports/${prepared.body.batchId}`).set('authorization', official)).body.status !== 'applied') {
        if (Date.now() > deadline) throw new Error('timed out waiting for the batch to apply');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // What a refused import could have written: the list's stream or new designations. Not the whole
      // log's head, which the worker beside the api moves by itself now and then (checkpoints,
      // deadlines of the imported designations): under load, once, between the two reads.
      const head = async () =>
        (await sql.query(`SELECT max(position) FILTER (WHERE stream_name LIKE 'list-%') AS list, count(DISTINCT stream_name) FILTER (WHERE stream_name LIKE 'designation-%') AS designations FROM event_store.events`)).rows[0] as object;
      const before = await head();
      const lists = (await http().get('/lists').set('authorization', official).expect(200)).body;
      const older = await http().post('/imports').set('authorization', official).send({ releaseHash: hashes['2018-06-21'], mapping: MAPPING, terms: terms() });
      expectProblem(older, { status: 409, code: 'LIST.RELEASE_OLDER' });
      expect(older.body).toMatchObject({ currentReleaseHash: hashes['2018-08-24'] });
      const again = await http().post('/imports').set('authorization', official).send({ releaseHash: hashes['2018-08-24'], mapping: MAPPING, terms: terms() });
      expectProblem(again, { status: 409, code: 'LIST.RELEASE_ALREADY_RECORDED' });
      expect(await head()).toEqual(before);
      expect((await http().get('/lists').set('authorization', official).expect(200)).body).toEqual(lists);
      expect(lists.find((l: { listId: string }) => l.listId === 'own-un-xml')).toMatchObject({ current: { releaseHash: hashes['2018-08-24'] } });
    } finally {
      await sql.end();
      await close();
    }
  }, 120_000);
});
