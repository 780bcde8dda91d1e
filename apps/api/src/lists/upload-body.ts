import Busboy, { type BusboyHeaders } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** The one route that takes list files; every other route answers these content types with 415, as before. */
export const UPLOAD_ROUTE = '/lists/releases';

/** Raw list files: XML, CSV, a zip, or bytes named by the format. */
export const FILE_CONTENT_TYPES = ['application/xml', 'text/xml', 'text/csv', 'application/csv', 'application/octet-stream', 'application/zip'];

/** A list file as the upload route receives it: the raw body, or one part of a multipart form. */
export interface UploadedFile {
  /** The form field's name (`sdn.csv`, `file`…), or `file` for a raw body. */
  role: string;
  fileName?: string;
  bytes: Buffer;
}

export interface UploadBody {
  upload: true;
  files: UploadedFile[];
}

const MAX_PARTS = 8;

/** The refusals as Fastify's own (its error table row turns them into problem+json). */
function httpError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

const tooLarge = (limit: number) => httpError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', `A list file may be at most ${limit} bytes (LIST_UPLOAD_MAX_BYTES)`);
const unsupported = (type: string | undefined) => httpError(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE', `Unsupported Media Type: ${type ?? 'none'}`);

function isUploadRoute(request: FastifyRequest): boolean {
  return request.method === 'POST' && request.routeOptions.url === UPLOAD_ROUTE;
}

/**
 * Body parsers for list files, up to `maxBytes` per file (a larger one is 413 before it is read
 * whole, from Content-Length where given). Files are parsed by libs/lists, not here: this only
 * collects the exact bytes.
 */
export function registerUploadParsers(fastify: FastifyInstance, maxBytes: number): void {
  fastify.addContentTypeParser(FILE_CONTENT_TYPES, (request, payload, done) => {
    if (!isUploadRoute(request)) return done(unsupported(request.headers['content-type']), undefined);
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return done(tooLarge(maxBytes), undefined);
    collect(payload, maxBytes).then(
      (bytes) => done(null, { upload: true, files: [{ role: 'file', bytes }] } satisfies UploadBody),
      (error: Error) => done(error, undefined),
    );
  });

  fastify.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    if (!isUploadRoute(request)) return done(unsupported(request.headers['content-type']), undefined);
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes * 4 + 64 * 1024) return done(tooLarge(maxBytes), undefined);
    readForm(request.headers, payload, maxBytes).then(
      (files) => done(null, { upload: true, files } satisfies UploadBody),
      (error: Error) => done(error, undefined),
    );
  });
}

function collect(stream: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        // Stop collecting and let the rest drain: destroying the request would reset the connection before the 413 is sent.
        stream.removeListener('data', onData);
        stream.resume();
        chunks.length = 0;
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.on('end', () => resolve(Buffer.concat(chunks, total)));
    stream.on('error', reject);
  });
}

function readForm(headers: IncomingHttpHeaders, payload: Readable, maxBytes: number): Promise<UploadedFile[]> {
  return new Promise((resolve, reject) => {
    let form: InstanceType<typeof Busboy>;
    try {
      form = new Busboy({ headers: headers as BusboyHeaders, limits: { fileSize: maxBytes, files: MAX_PARTS, parts: MAX_PARTS * 2, fields: MAX_PARTS } });
    } catch (error) {
      reject(httpError(400, 'FST_INVALID_MULTIPART', `The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    const files: Promise<UploadedFile>[] = [];
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      payload.unpipe(form);
      payload.resume();
      reject(error);
    };
    form.on('file', (field: string, stream: Readable & { truncated?: boolean }, fileName: string) => {
      files.push(
        new Promise((done, refuse) => {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('limit', () => refuse(tooLarge(maxBytes)));
          stream.on('end', () => done({ role: field, ...(fileName ? { fileName } : {}), bytes: Buffer.concat(chunks) }));
          stream.on('error', refuse);
        }),
      );
    });
    form.on('filesLimit', () => fail(httpError(400, 'FST_FILES_LIMIT', `At most ${MAX_PARTS} files may be sent at once`)));
    form.on('partsLimit', () => fail(httpError(400, 'FST_PARTS_LIMIT', `At most ${MAX_PARTS * 2} parts may be sent at once`)));
    form.on('error', (error: Error) => fail(httpError(400, 'FST_INVALID_MULTIPART', `The multipart body cannot be read: ${error.message}`)));
    form.on('finish', () => {
      Promise.all(files).then((read) => (failed ? undefined : resolve(read)), fail);
    });
    payload.pipe(form);
  });
}
