import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * `npm start` builds only when what `nest build` compiles changed (issue 16: a start on a built
 * tree must not pay for a build). Run on a miniature project whose `nest build` is a stand-in that
 * writes the entry file and counts its runs, so the test is about the decision, not the compiler.
 */
const SCRIPT = resolve(__dirname, '../../scripts/build-if-stale.mjs');
const FAKE_NEST = `const fs = require('node:fs');
fs.mkdirSync('dist/apps/embedded/src', { recursive: true });
fs.writeFileSync('dist/apps/embedded/src/main.js', '');
fs.appendFileSync('builds.log', 'built\\n');
if (process.env.FAIL_BUILD) process.exit(3);
`;

describe('build-if-stale (npm start)', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const run = (args: string[] = [], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [SCRIPT, '--root', root, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
  const builds = () => readFileSync(join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean).length;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
    write('node_modules/@nestjs/cli/bin/nest.js', FAKE_NEST);
    write('tsconfig.json', '{}');
    write('apps/api/src/main.ts', 'export const a = 1;\n');
    write('libs/domain/src/index.ts', 'export const b = 2;\n');
    write('libs/domain/src/index.spec.ts', 'test;\n');
    write('builds.log', '');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when there is no dist, then not again while the sources are the same', () => {
    expect(run(['--check']).status).toBe(1);
    expect(run().status).toBe(0);
    expect(run().status).toBe(0);
    expect(run(['--check']).status).toBe(0);
    expect(builds()).toBe(1);
  });

  it('builds again when a source or a build setting changes, but not for a spec', () => {
    run();
    write('libs/domain/src/index.spec.ts', 'test again;\n');
    expect(run(['--check']).status).toBe(0);
    write('libs/domain/src/index.ts', 'export const b = 3;\n');
    expect(run(['--check']).status).toBe(1);
    run();
    write('tsconfig.json', '{ "compilerOptions": {} }');
    run();
    write('apps/worker/src/main.ts', 'export const c = 4;\n');
    run();
    expect(builds()).toBe(4);
  });

  it('builds again when the output is gone, and records nothing after a failed build', () => {
    run();
    rmSync(join(root, 'dist/apps'), { recursive: true });
    run();
    expect(builds()).toBe(2);
    write('apps/api/src/main.ts', 'export const a = 5;\n');
    expect(run([], { FAIL_BUILD: '1' }).status).toBe(3);
    run();
    expect(builds()).toBe(4);
  });

  it('refuses an unknown option with the usage, exit 2', () => {
    const refused = run(['--fast']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('usage: node scripts/build-if-stale.mjs');
  });
});
