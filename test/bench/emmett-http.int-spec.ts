import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { startApi, type ApiProcess } from '../../bench/api/api-process';
import { verifyEmmettAcknowledged } from '../../bench/api/verify';
import { exampleProposal } from '../api/support/example-proposal';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { freePort } from '../support/free-port';

/** The api_vs_emmett_http baseline does the command for real: our decider's events in Emmett's store, bad input refused with 4xx. */
describe("bench/api's Emmett web API", () => {
  const secret = randomUUID() + randomUUID();
  let db: TestDatabase;
  let server: ApiProcess;
  const token = (roles: string[], key = secret) =>
    new SignJWT({ roles }).setProtectedHeader({ alg: 'HS256' }).setSubject('official-1').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(key));
  const propose = async (body: unknown, bearer: string) =>
    fetch(`${server.baseUrl}/designations`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    db = await createTestDatabase('emmett_http_test');
    server = await startApi({ DATABASE_URL: db.url, AUTH_JWT_SECRET: secret, POOL_MAX: '2' }, await freePort(), 25_000, 'bench/api/emmett-http.ts');
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('answers 201 with a new id whose proposal, decided by our decider, is in emt_messages', async () => {
    const response = await propose(exampleProposal(), await token(['official']));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ message_type: string; message_data: { designationId: string; proposedBy?: string }; message_metadata: { actor: { id: string } } }>(
        'SELECT message_type, message_data, message_metadata FROM emt_messages WHERE stream_id = $1',
        [`designation-${id}`],
      );
      expect(rows.map((r) => r.message_type)).toEqual(['DesignationProposed']);
      expect(rows[0].message_data.designationId).toBe(id);
      expect(rows[0].message_metadata.actor.id).toBe('official-1');
    } finally {
      await client.end();
    }
    await expect(verifyEmmettAcknowledged(db.url, [id], 1, 1)).resolves.toContain('acknowledged_found=1');
  });

  it('refuses a token signed with another key (401) and a proposal the decider refuses (422)', async () => {
    expect((await propose(exampleProposal(), await token(['official'], 'another-secret-of-enough-length'))).status).toBe(401);
    expect((await propose(exampleProposal(), await token(['reviewer']))).status).toBe(422);
    const refused = await propose({ ...exampleProposal(), sunsetAt: 'tomorrow' }, await token(['official']));
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});
