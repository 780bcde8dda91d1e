import { SignJWT } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../../apps/api/src/app.factory';
import { loadConfig } from '../../../apps/api/src/config/app.config';
import { createTestDatabase } from '../../event-store/support/postgres-test-database';

export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-bytes!';

/** The real API over a fresh PostgreSQL database; only the JWT secret is a test value. */
export async function startApi(env: Record<string, string> = {}, logger: LoggerService | false = false): Promise<{ app: NestFastifyApplication; close(): Promise<void> }> {
  if (env.EVENT_STORE === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'api-pglite-'));
    const app = await createApp(loadConfig({ AUTH_JWT_SECRET: TEST_SECRET, DATA_DIR: dataDir, ...env }), logger);
    return { app, close: async () => { await app.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const database = await createTestDatabase('api_test');
  const config = loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: database.url, AUTH_JWT_SECRET: TEST_SECRET, ...env });
  const app = await createApp(config, logger);
  return {
    app,
    async close() {
      await app.close();
      await database.drop();
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
