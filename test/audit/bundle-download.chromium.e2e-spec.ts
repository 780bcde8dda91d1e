import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { newPrivateJwk } from '@app/audit';
import { startApiWithWorker, token } from '../api/support/api-test-app';
import { days, exampleProposal } from '../api/support/example-proposal';
import { until } from '../read-models/support/read-model-dump';
import { requireChromium } from '../support/chromium';
import { withPage } from '../support/chromium-devtools';

/**
 * The page a judge gets from the running service, opened in headless Chromium: the bundle saved
 * from its link is the one it shows (same root hash as printed) and `sanctions-verify` passes it.
 * Fetching the JSON afterwards is not a way to get it: that reading is logged too, and a later
 * bundle is signed under a later checkpoint with another root — what the page used to ask the
 * judge to compare.
 */
jest.setTimeout(120_000);

let app: NestFastifyApplication;
let close: () => Promise<void>;
let court: string;
const dir = mkdtempSync(join(tmpdir(), 'bundle-download-'));
const verifier = join(__dirname, '../../bin/sanctions-verify.js');
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  requireChromium();
  ({ app, close } = await startApiWithWorker({ AUDIT_SIGNING_KEYS: JSON.stringify([newPrivateJwk('download-test-key')]), CHECKPOINT_EVERY_MS: '200' }));
  court = await token('court-1', ['court']);
});
afterAll(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

it('the page served for judges carries its own bundle: saved in Chromium, it has the printed root and verifies', async () => {
  const [senior, official] = await Promise.all([token('senior-1', ['senior_official']), token('official-1', ['official'])]);
  const post = (bearer: string, path: string, body: object) =>
    http().post(path).set('authorization', `Bearer ${bearer}`).send(body).expect((r) => expect(r.status).toBeLessThan(300));
  const id = (await post(official, '/designations', exampleProposal())).body.id as string;
  await post(senior, `/designations/${id}/approve`, {});
  await post(official, `/designations/${id}/notifications`, { channel: 'diplomatic_channel', notifiedAt: days(0), responseDeadline: days(30) });
  const trail = `/designations/${id}/audit-trail?purpose=Case+T-2%2F26`;
  await until(async () => {
    const { status, body } = await http().get(trail).set('authorization', `Bearer ${court}`);
    return status === 200 && body.events.every((e: { leafIndex: number | null }) => e.leafIndex !== null) ? true : undefined;
  }, 20_000, 'a checkpoint covering every event');

  const html = await http().get(trail).set('authorization', `Bearer ${court}`).set('accept', 'text/html,application/xhtml+xml').expect(200);
  const page = join(dir, 'audit-trail.html');
  writeFileSync(page, html.text);
  const { printed, saved } = await withPage(page, async (p) => ({
    printed: await p.evaluate<string>(`document.querySelector('#root-hash .root-hash-value').innerText.trim()`),
    saved: await p.download('p.download a'),
  }));
  expect(printed).toMatch(/^[0-9a-f]{64}$/);
  const bundle = JSON.parse(saved.content.toString('utf8'));
  expect(bundle.checkpoint.rootHash).toBe(printed);
  expect(bundle.events.map((e: { type: string }) => e.type)).toEqual(['DesignationProposed', 'DesignationIssued', 'TargetNotified']);

  const file = join(dir, saved.suggestedFilename);
  writeFileSync(file, saved.content);
  const jwks = join(dir, 'jwks.json');
  writeFileSync(jwks, JSON.stringify((await http().get('/.well-known/jwks.json').expect(200)).body));
  const verified = spawnSync(process.execPath, [verifier, file, '--jwks', jwks], { encoding: 'utf8' });
  expect(verified.stderr).toBe('');
  expect(verified.status).toBe(0);
  expect(verified.stdout).toContain(`root hash ${printed}`);

  // Each reading is recorded, so the JSON asked for after the page is another bundle, with another root.
  const later = await until(async () => {
    const { body } = await http().get(trail).set('authorization', `Bearer ${court}`).expect(200);
    return body.checkpoint.rootHash !== printed ? body : undefined;
  }, 20_000, 'a later checkpoint');
  expect(later.checkpoint.treeSize).toBeGreaterThan(bundle.checkpoint.treeSize);
});
