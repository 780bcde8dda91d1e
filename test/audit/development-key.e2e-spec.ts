import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DEVELOPMENT_KEY_FILE } from '@app/audit';
import { startApiWithWorker, token } from '../api/support/api-test-app';
import { days, exampleProposal } from '../api/support/example-proposal';
import { until } from '../read-models/support/read-model-dump';

/**
 * Without AUDIT_SIGNING_KEYS (development), the key that signs checkpoints is made once and kept in
 * DATA_DIR: the api and worker started twice on one PGlite DATA_DIR publish the same JWKS, and a
 * bundle from the first run verifies with `sanctions-verify` against the second run's JWKS.
 */
jest.setTimeout(120_000);

const dataDir = mkdtempSync(join(tmpdir(), 'development-key-'));
const files = mkdtempSync(join(tmpdir(), 'development-key-files-'));
const verifier = join(__dirname, '../../bin/sanctions-verify.js');
const ENV = { EVENT_STORE: 'pglite', DATA_DIR: dataDir, CHECKPOINT_EVERY_MS: '200' };
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

async function run<T>(use: (app: NestFastifyApplication) => Promise<T>): Promise<T> {
  const { app, close } = await startApiWithWorker(ENV);
  try {
    return await use(app);
  } finally {
    await close();
  }
}

it('keeps the development signing key in DATA_DIR (0600), so a bundle of yesterday verifies against the JWKS of today', async () => {
  const [court, senior, official] = await Promise.all([token('court-1', ['court']), token('senior-1', ['senior_official']), token('official-1', ['official'])]);
  const first = await run(async (app) => {
    const http = () => request(app.getHttpServer());
    const post = (bearer: string, path: string, body: object) =>
      http().post(path).set('authorization', `Bearer ${bearer}`).send(body).expect((r) => expect(r.status).toBeLessThan(300));
    const id = (await post(official, '/designations', exampleProposal())).body.id as string;
    await post(senior, `/designations/${id}/approve`, {});
    await post(official, `/designations/${id}/notifications`, { channel: 'diplomatic_channel', notifiedAt: days(0), responseDeadline: days(30) });
    const bundle = await until(async () => {
      const { status, body } = await http().get(`/designations/${id}/audit-trail?purpose=Case+T-3%2F26`).set('authorization', `Bearer ${court}`);
      return status === 200 && body.events.every((e: { leafIndex: number | null }) => e.leafIndex !== null) ? body : undefined;
    }, 30_000, 'a checkpoint covering every event');
    return { bundle, jwks: (await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200)).body };
  });

  const keyFile = join(dataDir, DEVELOPMENT_KEY_FILE);
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  const { d, kid } = JSON.parse(readFileSync(keyFile, 'utf8'));
  expect(first.jwks.keys).toEqual([expect.objectContaining({ kid, kty: 'OKP', crv: 'Ed25519' })]);
  expect(first.bundle.checkpoint.kid).toBe(kid);
  expect(JSON.stringify(first.jwks)).not.toContain(d);

  // The next day: a restart on the same DATA_DIR.
  const second = await run(async (app) => (await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200)).body);
  expect(second).toEqual(first.jwks);

  const bundleFile = join(files, 'bundle-of-yesterday.json');
  const jwksFile = join(files, 'jwks-of-today.json');
  writeFileSync(bundleFile, JSON.stringify(first.bundle));
  writeFileSync(jwksFile, JSON.stringify(second));
  const verified = spawnSync(process.execPath, [verifier, bundleFile, '--jwks', jwksFile], { encoding: 'utf8' });
  expect(verified.stderr).toBe('');
  expect(verified.status).toBe(0);
  expect(verified.stdout).toContain(`signed by key ${kid}\n`);
});
