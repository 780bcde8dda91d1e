import { randomUUID } from 'node:crypto';
import { startApi, token } from '../api/support/api-test-app';
import { MINISTRY, operations, readOpenApi, ROLES, ROUTE_ROLES, type Operation } from './support/openapi-routes';
import { closeConnections, roleTokens, send } from './support/hostile-client';

type Api = Awaited<ReturnType<typeof startApi>>;
/** Every role of DOMAIN.md, a caller without a token, and a valid token that carries no role. */
const CALLERS = [...ROLES, 'no-token', 'no-roles'] as const;
type Caller = (typeof CALLERS)[number];

/**
 * Every route of /openapi.json against every kind of caller, compared with ROUTE_ROLES (written
 * from DOMAIN.md): a route the table does not know fails the test, so a new route must declare who
 * may call it. "Allowed" means the guard let the request through (anything but 401/403).
 */
describe('endpoint x role matrix (resilience)', () => {
  let api: Api;
  let port: number;
  let ops: Operation[];
  const bearers = new Map<Caller, string | undefined>();
  const results = { requests: 0, unexpectedAllow: [] as string[], unexpectedDeny: [] as string[], byStatus: new Map<number, number>() };

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0' });
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer().address() as { port: number }).port;
    ops = operations(await readOpenApi(`http://127.0.0.1:${port}`));
    const tokens = await roleTokens();
    for (const role of ROLES) bearers.set(role, tokens[role]);
    bearers.set('no-token', undefined);
    bearers.set('no-roles', await token('nobody-1', []));
  });

  afterAll(async () => {
    console.log(
      `role-matrix: routes=${ops?.length} roles=${CALLERS.length} requests=${results.requests} unexpected-allow=${results.unexpectedAllow.length}` +
        ` unexpected-deny=${results.unexpectedDeny.length}\n  by status: ${[...results.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}=${n}`).join(' ')}`,
    );
    closeConnections();
    await api?.close();
  });

  it('knows every route of /openapi.json, and no route that is gone', () => {
    const documented = ops.map((op) => op.key).sort();
    expect(documented.filter((key) => !(key in ROUTE_ROLES))).toEqual([]);
    expect(Object.keys(ROUTE_ROLES).filter((key) => !documented.includes(key))).toEqual([]);
  });

  it('lets through exactly the callers the table names', async () => {
    const paths: Record<string, string> = { id: randomUUID(), exemptionId: 'ex-1', ministry: MINISTRY, deliveryId: randomUUID(), batchId: randomUUID(), candidateId: randomUUID(), releaseHash: 'a'.repeat(64) };
    for (const op of ops) {
      const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => paths[name]);
      const allowed = ROUTE_ROLES[op.key];
      for (const caller of CALLERS) {
        const answer = await send(
          port,
          { kind: 'wrong-type', operation: op.key, method: op.method, url, headers: op.method === 'GET' ? {} : { 'content-type': 'application/json' }, ...(op.method === 'GET' ? {} : { payload: '{}' }) },
          bearers.get(caller),
        );
        results.requests++;
        results.byStatus.set(answer.status, (results.byStatus.get(answer.status) ?? 0) + 1);
        const expected = allowed === 'public' || (allowed as string[]).includes(caller);
        const got = answer.status !== 401 && answer.status !== 403;
        const line = `${op.key} as ${caller}: ${answer.status}`;
        if (got && !expected) results.unexpectedAllow.push(line);
        if (!got && expected) results.unexpectedDeny.push(line);
        // A refusal says why, in the right words: no credentials 401, credentials without the role 403.
        if (!expected) expect([line, answer.status]).toEqual([line, caller === 'no-token' ? 401 : 403]);
        expect(answer.contentType).toMatch(answer.status >= 400 ? /^application\/problem\+json/ : /./);
      }
    }
    expect(results.unexpectedAllow).toEqual([]);
    expect(results.unexpectedDeny).toEqual([]);
  });
});
