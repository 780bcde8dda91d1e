import { Agent, request as httpRequest } from 'node:http';
import type { EventStore } from '@app/event-store';
import { token } from '../../api/support/api-test-app';
import { exampleProposal } from '../../api/support/example-proposal';
import { MINISTRY, ROLES, type Role } from './openapi-routes';
import type { HostileRequest } from './openapi-arbitraries';

export interface Answer { status: number; contentType: string; body: string }

/** One token per role (reviewers belong to MINISTRY), valid for the length of a test file. */
export async function roleTokens(): Promise<Record<Role, string>> {
  const entries = await Promise.all(ROLES.map(async (role) => [role, await token(`${role}-hostile`, [role], role === 'reviewer' ? { ministry: MINISTRY } : {})] as const));
  return Object.fromEntries(entries) as Record<Role, string>;
}

/** Keep-alive connections, as a client library would hold them: ten thousand requests need no ten thousand handshakes. */
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/**
 * Over a real socket, as a client sends it (Node's own client: exact headers, no content type
 * added). Fastify's inject cannot run under Jest here (light-my-request needs the ESM-only `cookie`).
 */
export function send(port: number, req: HostileRequest, bearer?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = req.payload === undefined ? undefined : Buffer.from(req.payload);
    const call = httpRequest(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(payload ? { 'content-length': String(payload.length) } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString() }));
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

export function closeConnections(): void {
  agent.destroy();
}

export async function countEvents(store: EventStore): Promise<number> {
  let n = 0;
  for await (const _ of store.readAll({ maxCount: 1_000_000 })) n++;
  return n;
}

/** Designations in known states, so that path ids exist and commands reach validation, not a 404. */
export async function seedDesignations(port: number, tokens: Record<Role, string>): Promise<{ proposed: string; active: string; withdrawn: string; exemptionId: string }> {
  const post = async (url: string, bearer: string, body: unknown, expected: number) => {
    const answer = await send(port, { kind: 'wrong-type', operation: 'seed', method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }, bearer);
    if (answer.status !== expected) throw new Error(`Seeding ${url} answered ${answer.status}: ${answer.body}`);
    return JSON.parse(answer.body) as { id: string };
  };
  const proposal = exampleProposal();
  const proposed = (await post('/designations', tokens.official, proposal, 201)).id;
  const active = (await post('/designations', tokens.official, proposal, 201)).id;
  await post(`/designations/${active}/approve`, tokens.senior_official, {}, 200);
  const withdrawn = (await post('/designations', tokens.official, proposal, 201)).id;
  await post(`/designations/${withdrawn}/withdraw`, tokens.official, { reason: 'Seeded for the hostile-input test' }, 200);
  return { proposed, active, withdrawn, exemptionId: proposal.exemptions[0].exemptionId };
}
