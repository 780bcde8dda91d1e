import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/free-port';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own (initdb into a temp dir, a free loopback port, trust auth),
 * for tests that stop the database under a running service: doing that to the shared server on 5432
 * would pull it from under every other test.
 */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** `pg_ctl stop -m immediate`: the server dies at once, as on a crash (no checkpoint, clients cut). */
  stopImmediate(): Promise<void>;
  /** Starts it again on the same data directory and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and deletes the data directory. */
  destroy(): Promise<void>;
}

/** The newest installed server binaries (/usr/lib/postgresql/<version>/bin). */
function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error(`No PostgreSQL server binaries under ${base}`);
  return join(base, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

const clusters = new Set<string>();
let exitHookInstalled = false;

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pg-private-'));
  // initdb and postgres refuse to run as root: run them as the postgres user then.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);

  await pg('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=on -c max_connections=50`;
  const start = async () => {
    // -w: wait until it accepts connections.
    await pg('pg_ctl', ['-D', dir, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  };
  const stop = (mode: 'immediate' | 'fast') => pg('pg_ctl', ['-D', dir, '-m', mode, '-w', 'stop']).then(() => undefined);

  if (!exitHookInstalled) {
    // Last resort if the runner dies without afterAll: no orphaned servers.
    process.once('exit', () => {
      for (const cluster of clusters) {
        try {
          require('node:child_process').execFileSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', cluster, '-m', 'immediate', 'stop'] : ['-D', cluster, '-m', 'immediate', 'stop'], { stdio: 'ignore' });
        } catch {
          // Already stopped.
        }
      }
    });
    exitHookInstalled = true;
  }
  await start();
  clusters.add(dir);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stopImmediate: () => stop('immediate'),
    start,
    async destroy() {
      await stop('immediate').catch(() => undefined);
      clusters.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
