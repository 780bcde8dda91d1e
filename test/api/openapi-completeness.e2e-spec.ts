import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ParseUUIDPipe, RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DECORATORS } from '@nestjs/swagger';
import request from 'supertest';
import { isPagePath } from '../../apps/api/src/console/console-http';
import { PurposeRequiredError } from '@app/application';
import { ErrorCode } from '@app/domain';
import { ImportErrorCode } from '@app/imports';
import { ListErrorCode } from '@app/lists';
import { PUBLIC_ROUTE } from '../../apps/api/src/auth/auth.decorators';
import { startApi } from './support/api-test-app';

/**
 * Issue 14: an /openapi.json a client generator can use. Every operation has a summary, a stable
 * unique operationId, one declared tag, its security stated (bearer, or explicitly none where the
 * AuthGuard lets callers in without a token), every error status it can answer with the problem
 * schema and its codes, and `format: uuid` wherever the route parses a UUID. The routes' own
 * metadata (what the guard and the pipes read) is the reference, not a list kept here.
 */
type Schema = { $ref?: string; type?: string; format?: string; items?: Schema; properties?: Record<string, Schema>; required?: string[] };
type Parameter = { name: string; in: string; required?: boolean; schema: Schema };
type Response = { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: Schema }> };
interface OperationObject {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
}
interface Document {
  servers?: Array<{ url: string }>;
  info: { license?: { name: string; url?: string }; contact?: { name?: string; url?: string } };
  tags?: Array<{ name: string; description?: string }>;
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { type: string; scheme?: string }> };
}
interface Op extends OperationObject {
  key: string;
  method: string;
  path: string;
}

/** A route as Nest registered it: what its guard and pipes will do. */
interface Route {
  key: string;
  operationId?: string;
  isPublic: boolean;
  uuidParams: string[];
}

const PUBLIC_BASE_URL = 'https://sanctions.gov.test';
const STABLE_CODE = /^[A-Z][A-Z_]*(\.[A-Z][A-Z_]*)+$/;
const OPERATION_ID = /^[a-z][A-Za-z0-9]*$/;
const PROBLEM = 'application/problem+json';
const PROBLEM_REF = '#/components/schemas/ProblemDetails';
/** What a lifecycle command (an operation that takes If-Match) can answer, beyond 404 for its path id. */
const COMMAND_STATUSES = ['400', '401', '403', '409', '412', '413', '415', '422', '429', '503'];
/** Operations that touch no dependency: they cannot answer 503. */
const NO_DEPENDENCY = ['getLiveness'];

/**
 * Codes the service can answer on any route or on none in particular, so no operation lists them:
 * the router's own refusals, the catch-alls of the error table, and domain codes that validation
 * always answers first (an unknown enum value is a 400 INPUT.VALIDATION_FAILED before the domain sees it).
 * The domain's refusals of the official-list commands (ImportDesignation's first review date, a
 * partner change naming a reference the designation does not cite) come from import batches, which
 * record them as an entry skipped or a preview's refusal: no route answers them as a problem (issue 15).
 */
const NOT_PER_OPERATION = [
  'ROUTE.NOT_FOUND', 'ROUTE.METHOD_NOT_ALLOWED', 'RESOURCE.NOT_FOUND', 'RESOURCE.CONFLICT', 'INPUT.NOT_ACCEPTABLE', 'INPUT.URI_TOO_LONG',
  'INPUT.BAD_URL', 'INPUT.INVALID_CONTENT_LENGTH', 'INPUT.UNPROCESSABLE', 'SERVICE.ERROR', 'INPUT.UNKNOWN_COMMAND', 'INPUT.UNKNOWN_VALUE',
  'DESIGNATION.FIRST_REVIEW_OUT_OF_RANGE', 'DESIGNATION.REFERENCE_NOT_FOUND',
];

/**
 * Refusals of the list import use cases that no route can provoke: the worker's own (applying a
 * batch that is not approved), and those the routes pre-empt (each route names the list's role and
 * compares releases of one format only).
 */
const NO_ROUTE = ['IMPORT.BATCH_NOT_APPROVED', 'LIST.RELEASE_MISMATCH', 'LIST.WRONG_ROLE'];

let app: NestFastifyApplication;
let close: () => Promise<void>;
let doc: Document;
let ops: Op[];
let routes: Map<string, Route>;

beforeAll(async () => {
  ({ app, close } = await startApi({ PUBLIC_BASE_URL }));
  doc = (await request(app.getHttpServer()).get('/openapi.json').expect(200)).body;
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ ...operation, key: `${method.toUpperCase()} ${path}`, method, path })),
  );
  routes = new Map(registeredRoutes(app).map((route) => [route.key, route]));
});
afterAll(() => close());

/** Every operation for which `check` answers a complaint, as `KEY: complaint` lines (empty when all pass). */
const failing = (check: (op: Op) => string | undefined): string[] =>
  ops.flatMap((op) => {
    const complaint = check(op);
    return complaint ? [`${op.key}: ${complaint}`] : [];
  });

const missing = (op: Op, statuses: string[]) => statuses.filter((status) => !op.responses[status]);

describe('/openapi.json, for client generators', () => {
  it('documents every route Nest serves, and no other', () => {
    expect(ops.map((op) => op.key).sort()).toEqual([...routes.keys()].sort());
    expect(ops.length).toBeGreaterThanOrEqual(30);
  });

  it('leaves out only pages: every controller kept out of the document serves HTML page paths (the console, the register)', () => {
    const pages = registeredRoutes(app, true);
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.map((route) => route.key).filter((key) => !isPagePath(key.split(' ')[1]))).toEqual([]);
  });

  it('gives every operation a summary and a stable, unique, camelCase operationId', () => {
    expect(failing((op) => (op.summary?.trim() ? undefined : 'no summary'))).toEqual([]);
    expect(failing((op) => (op.operationId && OPERATION_ID.test(op.operationId) ? undefined : `operationId ${op.operationId} is not camelCase`))).toEqual([]);
    const ids = ops.map((op) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    // Stable: written on the route, not derived by Nest from class and method names (which move in refactors).
    expect(failing((op) => (routes.get(op.key)?.operationId === op.operationId ? undefined : 'operationId not set with @ApiOperation'))).toEqual([]);
  });

  it('declares each tag once, with a description, and puts every operation under exactly one of them', () => {
    const tags = doc.tags ?? [];
    const names = tags.map((tag) => tag.name.toLowerCase());
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(tags.filter((tag) => !tag.description?.trim()).map((tag) => tag.name)).toEqual([]);
    const declared = new Set(tags.map((tag) => tag.name));
    expect(failing((op) => (op.tags?.length === 1 && declared.has(op.tags[0]) ? undefined : `tags ${JSON.stringify(op.tags)}`))).toEqual([]);
    const used = new Set(ops.flatMap((op) => op.tags ?? []));
    expect([...declared].filter((tag) => !used.has(tag))).toEqual([]);
  });

  it('states security on every operation: bearer where the guard wants a token, explicitly none where it does not', () => {
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(
      failing((op) => {
        if (!op.security) return 'security not declared';
        const expected = routes.get(op.key)?.isPublic ? [] : [{ bearer: [] }];
        return JSON.stringify(op.security) === JSON.stringify(expected) ? undefined : `security ${JSON.stringify(op.security)}, the guard wants ${JSON.stringify(expected)}`;
      }),
    ).toEqual([]);
    const open = ops.filter((op) => op.security?.length === 0).map((op) => op.path);
    expect(open.filter((path) => !/^\/(public|health|\.well-known)\//.test(path))).toEqual([]);
  });

  it('declares the error statuses each operation can answer', () => {
    expect(failing((op) => missing(op, ['429']).join(' ') || undefined)).toEqual([]);
    expect(failing((op) => (op.security?.length ? missing(op, ['401', '403']).join(' ') || undefined : undefined))).toEqual([]);
    expect(failing((op) => (op.security?.length === 0 && (op.responses['401'] || op.responses['403']) ? 'a public operation never answers 401/403' : undefined))).toEqual([]);
    const takesInput = (op: Op) => !!op.requestBody || (op.parameters ?? []).some((p) => p.in === 'path' || p.in === 'query');
    expect(failing((op) => (takesInput(op) ? missing(op, ['400']).join(' ') || undefined : undefined))).toEqual([]);
    expect(failing((op) => (op.requestBody ? missing(op, ['400', '401', '403', '413', '415', '429', '503']).join(' ') || undefined : undefined))).toEqual([]);
    const isCommand = (op: Op) => (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'If-Match');
    expect(ops.filter(isCommand).length).toBeGreaterThanOrEqual(15);
    expect(failing((op) => (isCommand(op) ? missing(op, COMMAND_STATUSES).join(' ') || undefined : undefined))).toEqual([]);
    expect(failing((op) => (isCommand(op) && op.path.includes('{id}') ? missing(op, ['404']).join(' ') || undefined : undefined))).toEqual([]);
    expect(failing((op) => (NO_DEPENDENCY.includes(op.operationId!) ? undefined : missing(op, ['503']).join(' ') || undefined))).toEqual([]);
  });

  it('answers every error with the one problem schema, and names its codes', () => {
    const errors = ops.flatMap((op) => Object.entries(op.responses).filter(([status]) => Number(status) >= 400).map(([status, response]) => ({ op, status, response })));
    const wrong = errors.filter(({ response }) => JSON.stringify(Object.keys(response.content ?? {})) !== JSON.stringify([PROBLEM]) || response.content![PROBLEM].schema.$ref !== PROBLEM_REF);
    expect(wrong.map(({ op, status }) => `${op.key} ${status}`)).toEqual([]);
    const uncoded = errors.filter(({ response }) => codesIn(response.description).length === 0 || codesIn(response.description).some((code) => !STABLE_CODE.test(code)));
    expect(uncoded.map(({ op, status, response }) => `${op.key} ${status}: ${response.description}`)).toEqual([]);
    const retryable = errors.filter(({ status }) => status === '503' || status === '429');
    expect(retryable.filter(({ response }) => !response.headers || Object.keys(response.headers).length === 0).map(({ op, status }) => `${op.key} ${status}`)).toEqual([]);

    const problem = doc.components.schemas.ProblemDetails;
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'code']));
    expect(Object.keys(problem.properties ?? {})).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'errors']));
    expect(problem.properties!.status.type).toBe('integer');
    expect(problem.properties!.errors.items?.$ref).toBe('#/components/schemas/ProblemFieldError');
  });

  it('lists only codes the service produces, and every code some route can produce', () => {
    const documented = new Set(ops.flatMap((op) => Object.entries(op.responses).filter(([s]) => Number(s) >= 400).flatMap(([, r]) => codesIn(r.description))));
    const produced = producedCodes();
    expect([...documented].filter((code) => !produced.has(code)).sort()).toEqual([]);
    // A new code fails here until the routes that can answer it list it (their ApiCommandErrors rules, or ApiReadErrors).
    const unlisted = [...produced].filter((code) => !documented.has(code) && !NOT_PER_OPERATION.includes(code) && !NO_ROUTE.includes(code)).sort();
    expect(unlisted.map((code) => `${code} is listed on no route`)).toEqual([]);
  });

  it('types every UUID the routes parse as format uuid, and declares every path parameter', () => {
    expect(
      failing((op) => {
        const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
        const undeclared = inPath.filter((name) => !declared.some((p) => p.name === name && p.required));
        const notUuid = (routes.get(op.key)?.uuidParams ?? []).filter((name) => declared.find((p) => p.name === name)?.schema.format !== 'uuid');
        const uuidUnparsed = declared.filter((p) => p.schema.format === 'uuid' && !routes.get(op.key)?.uuidParams.includes(p.name)).map((p) => p.name);
        const complaints = [
          ...undeclared.map((name) => `{${name}} not declared`),
          ...notUuid.map((name) => `${name} is parsed with ParseUUIDPipe but not format uuid`),
          ...uuidUnparsed.map((name) => `${name} is format uuid but not parsed with ParseUUIDPipe`),
        ];
        return complaints.join('; ') || undefined;
      }),
    ).toEqual([]);
  });

  it('types whole numbers as integer: nothing in the document is a fractional number', () => {
    expect(locationsOf(doc, (node) => node.type === 'number')).toEqual([]);
    const counts = ops.flatMap((op) => (op.parameters ?? []).filter((p) => ['limit', 'since', 'minPosition'].includes(p.name)).map((p) => `${op.key} ${p.name}: ${p.schema.type}`));
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.filter((line) => !line.endsWith(': integer'))).toEqual([]);
  });

  it('answers every command with the receipt schema { id, revision, position }', () => {
    const receipt = doc.components.schemas.CommandReceipt;
    expect(receipt.required?.sort()).toEqual(['id', 'position', 'revision']);
    expect([receipt.properties!.id.format, receipt.properties!.revision.type, receipt.properties!.position.type]).toEqual(['uuid', 'integer', 'integer']);
    const commands = ops.filter((op) => (op.parameters ?? []).some((p) => p.name === 'If-Match'));
    expect(
      failing((op) => {
        if (!commands.includes(op)) return undefined;
        const ok = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
        return ok?.[1].content?.['application/json']?.schema.$ref === '#/components/schemas/CommandReceipt' ? undefined : 'no receipt schema';
      }),
    ).toEqual([]);
    expect(doc.paths['/designations'].post.responses['201'].headers).toEqual(expect.objectContaining({ Location: expect.anything(), ETag: expect.anything() }));
  });

  it('names this deployment as its server, its operator as contact, and its licence', () => {
    expect(doc.servers?.map((server) => server.url)).toEqual([PUBLIC_BASE_URL]);
    expect(doc.info.license).toEqual({ name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' });
    expect(doc.info.contact?.name).toBeTruthy();
  });
});

/** The codes a response description names: `Codes: \`A.B\`, \`C.D\`.` */
function codesIn(description: string): string[] {
  const list = /Codes: (.*)\.$/.exec(description)?.[1] ?? '';
  return [...list.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

/** JSON paths of every node of the document for which `matches` holds. */
function locationsOf(node: unknown, matches: (node: Record<string, unknown>) => boolean, path = '#'): string[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => locationsOf(child, matches, `${path}/${i}`));
  if (!node || typeof node !== 'object') return [];
  const here = matches(node as Record<string, unknown>) ? [path] : [];
  return [...here, ...Object.entries(node).flatMap(([key, child]) => locationsOf(child, matches, `${path}/${key}`))];
}

/** Every route of the running app, read from the metadata its guard and pipes act on. */
/** The controllers Nest serves; `pages`: those left out of the API document (the console's HTML pages), or the others. */
function controllersOf(nest: NestFastifyApplication, pages: boolean): (new () => object)[] {
  const controllers = [...nest.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()].map((wrapper) => wrapper.metatype as new () => object));
  return controllers.filter((controller) => Boolean(Reflect.getMetadata(DECORATORS.API_EXCLUDE_CONTROLLER, controller)?.[0]) === pages);
}

function registeredRoutes(nest: NestFastifyApplication, pages = false): Route[] {
  return controllersOf(nest, pages).flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    return Object.getOwnPropertyNames(controller.prototype).filter((name) => name !== 'constructor').flatMap((name) => {
      const handler = (controller.prototype as Record<string, unknown>)[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (typeof handler !== 'function' || path === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const full = `/${[base, path].map((part) => part.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`.replace(/:(\w+)/g, '{$1}');
      const args = Object.values((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>);
      const uuidParams = args
        .filter((arg) => typeof arg.data === 'string' && (arg.pipes ?? []).some((pipe) => pipe instanceof ParseUUIDPipe || pipe === ParseUUIDPipe))
        .map((arg) => arg.data as string);
      return [
        {
          key: `${method} ${full}`,
          operationId: (Reflect.getMetadata(DECORATORS.API_OPERATION, handler) as { operationId?: string } | undefined)?.operationId,
          isPublic: Reflect.getMetadata(PUBLIC_ROUTE, handler) === true || Reflect.getMetadata(PUBLIC_ROUTE, controller) === true,
          uuidParams,
        },
      ];
    });
  });
}

/**
 * The codes the service can answer, from where they are made: the domain's ErrorCode, the list
 * imports' ImportErrorCode and the list files' ListErrorCode, the error
 * table and the validation pipe (every code literal in apps/api/src/problem), and the `code:` of the
 * refusals the api throws. The OpenAPI decorators are not read: they are what is checked.
 */
function producedCodes(): Set<string> {
  const root = resolve(__dirname, '../..');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'openapi' ? [] : sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
    });
  const literal = /'([A-Z][A-Z_]*(?:\.[A-Z][A-Z_]*)+)'/g;
  const assigned = /\bcode\s*[:=]\s*'([A-Z][A-Z_]*(?:\.[A-Z][A-Z_]*)+)'/g;
  const codes = new Set<string>([...Object.values(ErrorCode), ...Object.values(ImportErrorCode), ...Object.values(ListErrorCode), new PurposeRequiredError().code]);
  for (const file of sources(join(root, 'apps/api/src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(file.includes('/problem/') ? literal : assigned)) codes.add(match[1]);
  }
  return codes;
}
