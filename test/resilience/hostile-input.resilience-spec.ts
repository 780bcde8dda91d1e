import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { startApi } from '../api/support/api-test-app';
import { exampleProposal } from '../api/support/example-proposal';
import { allRefs, MINISTRY, operations, readOpenApi, resolve, ROLES, ROUTE_ROLES, type OpenApi, type Operation, type Role } from './support/openapi-routes';
import { hostileRequests, type HostileRequest, type MutationKind } from './support/openapi-arbitraries';
import { closeConnections, countEvents, roleTokens, seedDesignations, send, type Answer } from './support/hostile-client';

/** Issue 8: at least this many generated requests, every one refused with a 4xx problem+json. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 10_500);
/** A failure names its seed: HOSTILE_SEED=<seed> replays the same requests. */
const SEED = Number(process.env.HOSTILE_SEED ?? Date.now() % 2 ** 31);
/** `AREA.REASON`, as the error table writes them. */
const STABLE_CODE = /^[A-Z][A-Z_]*(\.[A-Z][A-Z_]*)+$/;

type Api = Awaited<ReturnType<typeof startApi>>;

/**
 * Hostile input against the real API on PostgreSQL (no worker, so nothing else appends): requests
 * generated from /openapi.json that no valid client sends. Each must be refused with a 4xx
 * application/problem+json; none may be a 5xx or an acceptance; and the log must not grow.
 */
describe('hostile input (resilience)', () => {
  let api: Api;
  let store: EventStore;
  let doc: OpenApi;
  let ops: Operation[];
  let tokens: Record<Role, string>;
  let pathValues: Record<string, string[]>;
  let eventsBefore: number;
  let port: number;
  const counts = { requests: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  const byKind = new Map<MutationKind, number>();
  const byStatus = new Map<number, number>();
  const codes = new Map<string, number>();

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0' });
    store = api.app.get(EVENT_STORE);
    // Over a real socket: what a client sends is what Fastify parses (content types, lengths, limits).
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer().address() as { port: number }).port;
    doc = await readOpenApi(`http://127.0.0.1:${port}`);
    ops = operations(doc);
    tokens = await roleTokens();
    const seeded = await seedDesignations(port, tokens);
    pathValues = { id: [seeded.proposed, seeded.active, seeded.withdrawn], exemptionId: [seeded.exemptionId], ministry: [MINISTRY], deliveryId: [randomUUID()], batchId: [randomUUID()], candidateId: [randomUUID()], releaseHash: ['a'.repeat(64)] };
    eventsBefore = await countEvents(store);
  });

  afterAll(async () => {
    const appended = store ? (await countEvents(store)) - eventsBefore : NaN;
    console.log(
      `hostile-input: requests=${counts.requests} 4xx=${counts['4xx']} 5xx=${counts['5xx']} 2xx=${counts['2xx']} events-appended=${appended}` +
        ` (seed=${SEED})\n` +
        `  by kind: ${[...byKind].sort().map(([kind, n]) => `${kind}=${n}`).join(' ')}\n` +
        `  by status: ${[...byStatus].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status}=${n}`).join(' ')}\n` +
        `  by code: ${[...codes].sort().map(([code, n]) => `${code}=${n}`).join(' ')}`,
    );
    closeConnections();
    await api?.close();
  });

  /** Mostly a role the route admits, so requests get past the guard; now and then any role, or none. */
  const bearerFor = (req: HostileRequest, dice: number): string | undefined => {
    const allowed = ROUTE_ROLES[req.operation];
    if (allowed === 'public') return dice < 80 ? undefined : tokens[ROLES[dice % ROLES.length]];
    return dice < 85 ? tokens[allowed[dice % allowed.length]] : tokens[ROLES[dice % ROLES.length]];
  };

  const record = (req: HostileRequest, answer: Answer): boolean => {
    counts.requests++;
    const status = `${Math.floor(answer.status / 100)}xx` as '2xx' | '3xx' | '4xx' | '5xx';
    counts[status] = (counts[status] ?? 0) + 1;
    byKind.set(req.kind, (byKind.get(req.kind) ?? 0) + 1);
    byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
    return answer.status >= 400 && answer.status < 500 && answer.contentType.startsWith('application/problem+json') && hasCode(answer);
  };

  /** Every problem names a stable code, and its type is that code's URN, never a bare about:blank (issue 13). */
  const hasCode = (answer: Answer): boolean => {
    let problem: { code?: unknown; type?: unknown };
    try {
      problem = JSON.parse(answer.body);
    } catch {
      return false;
    }
    const ok = typeof problem.code === 'string' && STABLE_CODE.test(problem.code) && problem.type === `urn:sanctions:problem:${problem.code}`;
    if (ok) codes.set(problem.code as string, (codes.get(problem.code as string) ?? 0) + 1);
    return ok;
  };

  /** What a failure prints: enough to replay the request by hand, not a megabyte of padding. */
  const describeFailure = (req: HostileRequest, answer: Answer) =>
    `${req.kind}: ${req.method} ${req.url.slice(0, 200)} ${JSON.stringify(req.headers).slice(0, 200)} ${String(req.payload).slice(0, 300)}\n` +
    `  -> ${answer.status} ${answer.contentType} ${answer.body.slice(0, 300)}`;

  it('reads a complete /openapi.json: every $ref resolves and every operation takes hostile input or none', () => {
    for (const ref of allRefs(doc)) expect(() => resolve(doc, { $ref: ref })).not.toThrow();
    const withInput = ops.filter((op) => op.body || op.parameters.some((p) => p.in !== 'header'));
    expect(withInput.length).toBeGreaterThanOrEqual(25);
  });

  it(`refuses ${RUNS} generated requests with a 4xx problem+json and appends nothing`, async () => {
    const targets = ops.filter((op) => op.body || op.parameters.some((p) => p.in !== 'header'));
    // Operations with a body have the most ways to be wrong: they get three times the share.
    const perOperation = targets.map((op) => ({ arbitrary: hostileRequests(doc, op, pathValues), weight: op.body ? 3 : 1 }));
    const arbitrary = fc.tuple(fc.oneof(...perOperation), fc.nat(99));
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([req, dice]) => {
        const answer = await send(port, req, bearerFor(req, dice));
        if (!record(req, answer)) failures.push(describeFailure(req, answer));
        return failures.length === 0;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    ).catch((error: Error) => {
      throw new Error(`${failures.slice(0, 5).join('\n')}\n${error.message.split('\n').slice(0, 3).join('\n')}`);
    });
    expect(counts['5xx']).toBe(0);
    expect(counts['2xx']).toBe(0);
    // Every kind of mutation was exercised.
    expect([...byKind.keys()].sort()).toEqual(
      ['array-over-max', 'bad-date', 'bad-idempotency-key', 'bad-if-match', 'bad-path-id', 'bad-query', 'deep-nesting', 'huge-string', 'malformed-json',
        'missing-required', 'non-object-body', 'oversized-body', 'prototype-key', 'unknown-property', 'wrong-content-type', 'wrong-type'],
    );
    expect(await countEvents(store)).toBe(eventsBefore);
  });

  // Regressions: each of these was accepted, or a 500, before the fixes this test came with.
  it.each([
    ['an array where one object belongs (coalition: [{…}])', (p: Record<string, unknown>) => JSON.stringify({ ...p, coalition: [p.coalition] }), 'application/json', 400],
    ['a key found on Object.prototype (constructor)', (p: Record<string, unknown>) => JSON.stringify({ ...p, constructor: 1 }), 'application/json', 400],
    ['a nested key found on Object.prototype (target.toString)', (p: Record<string, unknown>) => JSON.stringify({ ...p, target: { ...(p.target as object), toString: 'x' } }), 'application/json', 400],
    ['an array where a list holds objects (target.identifiers: [[]])', (p: Record<string, unknown>) => JSON.stringify({ ...p, target: { ...(p.target as object), identifiers: [[]] } }), 'application/json', 400],
    ['an unknown key named prototype', (p: Record<string, unknown>) => JSON.stringify({ ...p, prototype: {} }), 'application/json', 400],
    ['a list nested 100,000 deep (was a stack overflow, 500)', (p: Record<string, unknown>) => JSON.stringify({ ...p, target: { ...(p.target as object), aliases: '@' } }).replace('"@"', '['.repeat(100_000) + ']'.repeat(100_000)), 'application/json', 400],
  ])('refuses %s', async (_case, body, contentType, status) => {
    const before = await countEvents(store);
    const req: HostileRequest = { kind: 'wrong-type', operation: 'POST /designations', method: 'POST', url: '/designations', headers: { 'content-type': contentType }, payload: body(exampleProposal()) };
    const answer = await send(port, req, tokens.official);
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(hasCode(answer)).toBe(true);
    expect(await countEvents(store)).toBe(before);
  });

  it('refuses a form-urlencoded body with 415 (a withdrawal was parsed from one and recorded)', async () => {
    const before = await countEvents(store);
    const url = `/designations/${pathValues.id[0]}/withdraw`;
    const answer = await send(port, { kind: 'wrong-content-type', operation: 'POST /designations/{id}/withdraw', method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'reason=r' }, tokens.official);
    expect(answer.status).toBe(415);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body).code).toBe('INPUT.UNSUPPORTED_MEDIA_TYPE');
    const malformed = await send(port, { kind: 'malformed-json', operation: 'POST /designations/{id}/withdraw', method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"reason":' }, tokens.official);
    expect([malformed.status, JSON.parse(malformed.body).code]).toEqual([400, 'INPUT.MALFORMED_JSON']);
    expect(await countEvents(store)).toBe(before);
  });

  it('refuses GET /reviews/due?before=…T24:00 with 400 before waiting for the read models (was 503, or read as the next midnight)', async () => {
    const answer = await send(port, { kind: 'bad-query', operation: 'GET /reviews/due', method: 'GET', url: '/reviews/due?before=2026-01-01T24%3A00%3A00Z', headers: {} }, tokens.official);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
  });

  it('answers a URL the router refuses with problem+json (was Fastify JSON)', async () => {
    for (const url of [`/designations/%E0%A4%A/approve`, `/designations/${'a'.repeat(200)}/approve`]) {
      const answer = await send(port, { kind: 'bad-path-id', operation: 'POST /designations/{id}/approve', method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{}' }, tokens.senior_official);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(hasCode(answer)).toBe(true);
    }
  });
});
