import os from 'node:os';
import { Client } from 'pg';
import { ADMIN_URL, print } from '../support/database';

const fixed = (n: number, digits = 1) => n.toFixed(digits);

async function serverVersion(): Promise<string> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}

/** What the figures were measured on, and the bench's own settings (`config`): the first lines of a bench's output. */
export async function printMachine(config: string): Promise<void> {
  const cpus = os.cpus();
  print('date', new Date().toISOString());
  print('machine', `${cpus[0]?.model ?? 'unknown cpu'} x${cpus.length}, ${fixed(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`);
  print('node', process.version);
  print('postgresql', await serverVersion());
  print('loadavg_at_start', loadavg());
  print('config', config);
}

export const loadavg = () => os.loadavg().map((n) => fixed(n, 2)).join(' ');
