/**
 * The bare path a command should approach (issue 16): one HTTP route on the same Fastify, doing
 * what any authenticated write must do and nothing more — verify the bearer JWT (HS256 with the
 * api's verifier, fast-jwt, no cache), parse the JSON body, one INSERT of it — over a pg pool of
 * the api's size. Run as its own process, as the api is, so neither shares autocannon's CPU.
 *
 * env: PORT, DATABASE_URL, AUTH_JWT_SECRET, POOL_MAX (default 10, the api's).
 */
import { randomUUID } from 'node:crypto';
import { createVerifier } from 'fast-jwt';
import Fastify from 'fastify';
import { Pool } from 'pg';

// As the api verifies a shared-secret token (apps/api/src/auth/jwt.verifier.ts).
const verify = createVerifier({ key: process.env.AUTH_JWT_SECRET ?? '', algorithms: ['HS256'], requiredClaims: ['exp'], cache: false });
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_MAX ?? 10) });
const app = Fastify({ bodyLimit: 1024 * 1024 });

app.get('/health/ready', async () => ({ status: 'ok' }));

app.post('/designations', async (request, reply) => {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  try {
    verify(token);
  } catch {
    return reply.code(401).send({ status: 401 });
  }
  const id = randomUUID();
  await pool.query('INSERT INTO bench_rows (id, stream, type, payload) VALUES ($1, $2, $3, $4)', [id, `designation-${id}`, 'DesignationProposed', JSON.stringify(request.body)]);
  return reply.code(201).send({ id, revision: 0, position: 0 });
});

const shutdown = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());

app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
