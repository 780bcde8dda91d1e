import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import Redis from 'ioredis';
import { parse } from 'yaml';
import { loadConfig } from '@app/config';
import { exampleProposal } from '../api/support/example-proposal';
import { createTestDatabase, type TestDatabase } from '../event-store/support/postgres-test-database';
import { freePort } from '../support/free-port';

/**
 * `docker compose --profile postgres up api-postgres worker-postgres` without a Docker engine: the
 * secrets are made as docs/operations.md says, each service gets exactly the environment Compose
 * would give it (the image's ENV, then its env_file files, then its environment, after Compose's
 * interpolation), and its `command` runs in a directory laid out as the image's /app (package.json,
 * node_modules, and a dist built by the Dockerfile's `npm run build`). Only what a container
 * network would provide is mapped: the service hostnames postgres and redis to this machine (a
 * fresh database on the local server, the local Redis under a key prefix of this run's own) and
 * the container port to a free one.
 */
jest.setTimeout(240_000);

type Env = Record<string, string>;
interface Service {
  command: string[];
  env_file?: string[];
  environment?: Env | string[];
  profiles?: string[];
}

const ROOT = resolve(__dirname, '../..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The env files, as docs/operations.md has them made (there with dir = secrets). */
const makeSecrets = (dir: string) => `(
  umask 077
  mkdir -p ${dir}
  npm run -s keys > ${dir}/audit.env
  echo "AUTH_JWT_SECRET=$(openssl rand -hex 32)" > ${dir}/api.env
  pg=$(openssl rand -hex 24)
  printf 'POSTGRES_PASSWORD=%s\\nDATABASE_URL=postgres://sanctions:%s@postgres:5432/sanctions\\n' "$pg" "$pg" > ${dir}/postgres.env
)`;

/**
 * Compose's interpolation (Compose Specification, "Interpolation"): `$$` is a `$`; `$VAR`, `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+other}`, `${VAR+other}`.
 * Anything else fails the test rather than being guessed at.
 */
function interpolate(text: string, vars: Env): string {
  return text.replace(/\$(?:(\$)|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_match, dollar, braced, bare) => {
    if (dollar) return '$';
    if (bare) return vars[bare] ?? '';
    const parts = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])(.*))?$/s.exec(braced);
    if (!parts) throw new Error(`docker-compose.yml: unsupported interpolation \${${braced}}`);
    const [, name, colon, operator, argument] = parts;
    const value = vars[name];
    const unset = colon ? !value : value === undefined;
    if (operator === '-') return unset ? argument : value;
    if (operator === '?') {
      if (unset) throw new Error(`docker-compose.yml: required variable ${name} is missing a value: ${argument}`);
      return value;
    }
    if (operator === '+') return unset ? '' : argument;
    return value ?? '';
  });
}

function interpolated<T>(node: T, vars: Env): T {
  if (typeof node === 'string') return interpolate(node, vars) as T;
  if (Array.isArray(node)) return node.map((item) => interpolated(item, vars)) as T;
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolated(v, vars)])) as T;
  return node;
}

/** The image's own ENV lines (final stage), which a container starts with. */
function imageEnvironment(): Env {
  const finalStage = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM '));
  return Object.fromEntries([...finalStage.matchAll(/^ENV (\w+)=(\S+)$/gm)].map(([, name, value]) => [name, value]));
}

const listToMap = (environment: Env | string[] = {}): Env =>
  Array.isArray(environment) ? Object.fromEntries(environment.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)])) : environment;

/** What Compose gives the container: image ENV < env_file files, in order < environment. */
function composeEnvironment(service: Service, projectDir: string): Env {
  const files = (service.env_file ?? []).map((file) => parseEnv(readFileSync(join(projectDir, file), 'utf8')) as Env);
  return { ...imageEnvironment(), ...Object.assign({}, ...files), ...listToMap(service.environment) };
}

/** What the container network and `ports:` provide, mapped onto this machine. */
function onThisMachine(env: Env, local: { database: TestDatabase; port: number; redisKeyPrefix: string }): Env {
  const mapped: Env = { ...env, PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(local.port), REDIS_KEY_PREFIX: local.redisKeyPrefix };
  const redis = new URL(env.REDIS_URL);
  expect(redis.hostname).toBe('redis');
  redis.hostname = '127.0.0.1';
  mapped.REDIS_URL = redis.toString();
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    const server = new URL(local.database.url);
    expect(url.hostname).toBe('postgres');
    // The local server trusts its postgres user, as the container's does POSTGRES_USER.
    Object.assign(url, { hostname: server.hostname, port: server.port, username: server.username, pathname: server.pathname });
    mapped.DATABASE_URL = url.toString();
  }
  return mapped;
}

/** The image's /app: package.json, node_modules (the repo's, found upwards) and dist, as the Dockerfile's `npm run build` makes it. */
function buildImageRoot(): string {
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  // Not the shared dist/ (nest build empties it first, under whoever runs from it): a dist of this run's own.
  const root = mkdtempSync(join(cache, 'compose-environment-'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ extends: relative(root, join(ROOT, 'tsconfig.build.json')), compilerOptions: { outDir: './dist' } }));
  const build = spawnSync('npm', ['run', '-s', 'build', '--', '-p', relative(ROOT, join(root, 'tsconfig.json'))], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`npm run build failed (as the Dockerfile's would):\n${build.stdout}\n${build.stderr}`);
  }
  copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  return root;
}

interface Running {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

function runCommand(name: string, command: string[], env: Env, cwd: string): Running {
  expect(command[0]).toBe('node');
  const child = spawn(process.execPath, command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-6000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { name, child, output: () => output, exited };
}

async function stop(running: Running | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 10_000);
  await running.exited;
  clearTimeout(timer);
}

const isRunning = (running: Running) => running.child.exitCode === null && running.child.signalCode === null;

async function until<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs: number, tail: () => string, gone = () => false): Promise<T> {
  const began = Date.now();
  for (;;) {
    const result = await attempt().catch(() => undefined);
    if (result !== undefined) return result;
    if (gone()) throw new Error(`${what}: a service exited\n${tail()}`);
    if (Date.now() - began > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms\n${tail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function runHealthcheck(env: Env, cwd: string): number | null {
  const line = DOCKERFILE.split('\n').find((l) => l.startsWith('HEALTHCHECK '))!;
  const command = JSON.parse(line.slice(line.indexOf(' CMD ') + ' CMD '.length)) as string[];
  expect(command[0]).toBe('node');
  return spawnSync(process.execPath, command.slice(1), { cwd, env, timeout: 10_000 }).status;
}

describe('docker compose --profile postgres: api-postgres and worker-postgres with the environment Compose gives them', () => {
  let projectDir = '';
  const compose = interpolated(parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }), {}) as { services: Record<string, Service> };
  const redisKeyPrefix = `compose-${randomBytes(4).toString('hex')}:`;
  let imageRoot = '';
  let database: TestDatabase | undefined;
  let api: Running | undefined;
  let worker: Running | undefined;
  let apiEnv: Env = {};
  let workerEnv: Env = {};
  let baseUrl = '';
  const tails = () => [api, worker].filter(Boolean).map((r) => `--- ${r!.name} ---\n${r!.output()}`).join('\n');

  beforeAll(async () => {
    projectDir = mkdtempSync(join(tmpdir(), 'compose-project-'));
    const secrets = spawnSync('bash', ['-c', makeSecrets(join(projectDir, 'secrets'))], { cwd: ROOT, encoding: 'utf8' });
    if (secrets.status !== 0) throw new Error(`making the env files failed: ${secrets.stderr}`);
    imageRoot = buildImageRoot();
    database = await createTestDatabase('compose_env');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    apiEnv = onThisMachine(composeEnvironment(compose.services['api-postgres'], projectDir), { database, port, redisKeyPrefix });
    workerEnv = onThisMachine(composeEnvironment(compose.services['worker-postgres'], projectDir), { database, port: await freePort(), redisKeyPrefix });
    api = runCommand('api-postgres', compose.services['api-postgres'].command, apiEnv, imageRoot);
    worker = runCommand('worker-postgres', compose.services['worker-postgres'].command, workerEnv, imageRoot);
    await until(
      'api-postgres ready',
      async () => ((await fetch(`${baseUrl}/health/ready`)).status === 200 ? true : undefined),
      90_000,
      tails,
      () => !isRunning(api!) || !isRunning(worker!),
    );
  });

  afterAll(async () => {
    await Promise.all([stop(api), stop(worker)]);
    await database?.drop();
    const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisKeyPrefix}*`, 'COUNT', 1000);
        if (keys.length) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    if (projectDir) rmSync(projectDir, { recursive: true, force: true });
    if (imageRoot) rmSync(imageRoot, { recursive: true, force: true });
  });

  it('made the env files private to their owner', () => {
    for (const file of ['audit.env', 'api.env', 'postgres.env']) expect(statSync(join(projectDir, 'secrets', file)).mode & 0o077).toBe(0);
  });

  it('runs in production with the signing keys from npm run keys, and gives the worker no token secret', () => {
    for (const env of [apiEnv, workerEnv]) {
      expect(env.NODE_ENV).toBe('production');
      expect(env.EVENT_STORE).toBe('postgres');
      expect(env.AUDIT_SIGNING_KEYS).toMatch(/^\[\{.*"crv":"Ed25519".*\}\]$/);
    }
    expect(apiEnv.AUTH_JWT_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(workerEnv.AUTH_JWT_SECRET).toBeUndefined();
    expect(workerEnv.AUDIT_SIGNING_KEYS).toBe(apiEnv.AUDIT_SIGNING_KEYS);
  });

  it('the api answers GET /health/ready with 200, names its URL when it starts, and passes the image HEALTHCHECK', async () => {
    expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
    expect(api!.output()).toContain(`"url":"http://127.0.0.1:${apiEnv.PORT}"`);
    expect(runHealthcheck(apiEnv, imageRoot)).toBe(0);
    // The same check against nothing listening fails, so the 0 above means something.
    expect(runHealthcheck({ ...apiEnv, PORT: String(await freePort()) }, imageRoot)).toBe(1);
  });

  it('publishes the key that npm run keys made', async () => {
    const [made] = JSON.parse(apiEnv.AUDIT_SIGNING_KEYS) as { kid: string; x: string }[];
    const jwks = (await (await fetch(`${baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string; x: string; d?: string }[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: made.kid, x: made.x })]);
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('the worker runs: a designation proposed and approved through the api reaches the public register', async () => {
    const token = (sub: string, roles: string) => {
      const run = spawnSync('npm', ['run', '-s', 'token', '--', '--sub', sub, '--roles', roles], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AUTH_JWT_SECRET: apiEnv.AUTH_JWT_SECRET },
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);
      return `Bearer ${run.stdout.trim()}`;
    };
    const post = (path: string, bearer: string, body: object) =>
      fetch(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: bearer, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const proposed = await post('/designations', token('official-1', 'official'), exampleProposal());
    expect({ status: proposed.status, tail: proposed.status === 201 ? '' : tails() }).toEqual({ status: 201, tail: '' });
    const { id } = (await proposed.json()) as { id: string };
    const approved = await post(`/designations/${id}/approve`, token('senior-1', 'senior_official'), {});
    expect(approved.status).toBe(200);
    const { position } = (await approved.json()) as { position: string };

    await until(
      'the designation in /public/register',
      async () => {
        const register = await fetch(`${baseUrl}/public/register?minPosition=${position}`);
        return register.status === 200 && (await register.text()).includes(id) ? true : undefined;
      },
      30_000,
      tails,
    );
    expect(isRunning(worker!)).toBe(true);
    expect(worker!.output()).not.toMatch(/Cannot start|"level":"error"/);
  });

  it("the default stack's api and worker (KurrentDB) get a configuration their entries accept in production", () => {
    const api = composeEnvironment(compose.services.api, projectDir);
    const worker = composeEnvironment(compose.services.worker, projectDir);
    expect(loadConfig(api)).toMatchObject({ nodeEnv: 'production', eventStore: 'esdb', audit: { signingKeys: api.AUDIT_SIGNING_KEYS } });
    expect(loadConfig(worker, { requireAuth: false })).toMatchObject({ nodeEnv: 'production', eventStore: 'esdb' });
    expect(worker.AUTH_JWT_SECRET).toBeUndefined();
    expect(loadConfig(api).audit.origin).toBe(loadConfig(worker, { requireAuth: false }).audit.origin);
  });
});
