import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file, so parallel Jest workers never share tables. */
export async function createTestDatabase(prefix = 'es_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // Without FORCE: pg's pool.end() resolves before its sockets are closed, and PostgreSQL waits
    // (up to 5 s) for those sessions to leave instead of killing them mid-goodbye.
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name}`)).then(() => undefined),
  };
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
