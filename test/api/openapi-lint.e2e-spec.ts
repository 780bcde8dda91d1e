import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startApi } from './support/api-test-app';

/**
 * The document the api serves, linted by a maintained third-party linter (Redocly CLI) with the
 * repository's redocly.yaml: its `recommended` rules, none turned off, and a few made stricter.
 * Served as a deployment serves it (PUBLIC_BASE_URL set): with the development default,
 * http://localhost:3000, the `no-server-example.com` rule rightly warns that it is no server to publish.
 */
const ROOT = resolve(__dirname, '../..');
const REDOCLY = join(ROOT, 'node_modules/.bin/redocly');

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer?: string }> }>;
}

let app: NestFastifyApplication;
let close: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ app, close } = await startApi({ PUBLIC_BASE_URL: 'https://sanctions.gov.test' }));
  dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await close();
});

/** `redocly lint --format=json`: it exits 1 when it finds errors, and still prints the report. */
function lint(file: string): Promise<LintReport> {
  return new Promise((done, fail) => {
    execFile(
      REDOCLY,
      ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format=json'],
      // No telemetry, no update check: the lint needs no network.
      { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          done(JSON.parse(stdout) as LintReport);
        } catch {
          fail(new Error(`redocly lint printed no report (${error?.message ?? 'no error'}):\n${stderr.slice(-2000)}`));
        }
      },
    );
  });
}

it('passes redocly lint with 0 errors (recommended rules, redocly.yaml)', async () => {
  const document = (await request(app.getHttpServer()).get('/openapi.json').expect(200)).body;
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(document, null, 2));
  const report = await lint(file);
  const lines = report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
  console.log(`redocly lint: errors=${report.totals.errors} warnings=${report.totals.warnings} ignored=${report.totals.ignored}${lines.length ? `\n  ${lines.join('\n  ')}` : ''}`);
  expect(lines.filter((line) => line.startsWith('error'))).toEqual([]);
  expect(report.totals.errors).toBe(0);
  expect(report.totals.warnings).toBe(0);
  expect(report.totals.ignored).toBe(0);
}, 90_000);
