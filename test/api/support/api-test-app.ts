import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { createApp, sharedWithWorker } from '../../../apps/api/src/app.factory';
import type { LogSink } from '../../../apps/api/src/logging/logging-params';
import { loadConfig } from '@app/config';
import { createTestDatabase } from '../../event-store/support/postgres-test-database';

export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-bytes!';

/** Tests send hundreds of requests with one token; rate limiting has its own test, which sets these. */
const NO_RATE_LIMIT = { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0' };

/** The real API over a fresh PostgreSQL database; only the JWT secret is a test value. */
export async function startApi(env: Record<string, string> = {}, logs: LogSink = false): Promise<{ app: NestFastifyApplication; close(): Promise<void> }> {
  if (env.EVENT_STORE === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'api-pglite-'));
    const app = await createApp(loadConfig({ ...NO_RATE_LIMIT, AUTH_JWT_SECRET: TEST_SECRET, DATA_DIR: dataDir, ...env }), logs);
    return { app, close: async () => { await app.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const database = await createTestDatabase('api_test');
  const config = loadConfig({ ...NO_RATE_LIMIT, EVENT_STORE: 'postgres', DATABASE_URL: database.url, AUTH_JWT_SECRET: TEST_SECRET, ...env });
  const app = await createApp(config, logs);
  return {
    app,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/**
 * The api and the worker in one process, as `npm start` runs them on PGlite: the worker shares the
 * api's event store. On its own Redis key prefix, so parallel test files never see each other's
 * read models.
 */
export async function startApiWithWorker(
  env: Record<string, string> = {},
  options: { beforeWorker?: (store: EventStore) => Promise<unknown> } = {},
): Promise<{ app: NestFastifyApplication; worker: INestApplicationContext; prefix: string; close(): Promise<void> }> {
  const prefix = `test-${randomUUID().slice(0, 8)}:`;
  const fullEnv = { REDIS_KEY_PREFIX: prefix, ...env };
  const api = await startApi(fullEnv);
  const config = loadConfig({ AUTH_JWT_SECRET: TEST_SECRET, ...fullEnv });
  await options.beforeWorker?.(api.app.get(EVENT_STORE));
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, sharedWithWorker(api.app)), { logger: false });
  await worker.init();
  return {
    app: api.app,
    worker,
    prefix,
    async close() {
      await worker.close();
      await api.close();
    },
  };
}

export function token(sub: string, roles: string[], extra: Record<string, unknown> = {}, secret = TEST_SECRET): Promise<string> {
  return new SignJWT({ roles, ...extra })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(secret));
}
