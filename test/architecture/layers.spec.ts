import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repo = resolve(__dirname, '../..');
const depcruise = join(repo, 'node_modules/.bin/depcruise');
const config = join(repo, '.dependency-cruiser.cjs');

/** Runs the project's layer rules over a throwaway tree laid out like this repository. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  try {
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { paths: {} } }));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    const run = spawnSync(depcruise, ['--config', config, 'apps', 'libs'], { cwd: root, encoding: 'utf8' });
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const app = { 'apps/api/src/main.ts': "import { x } from '../../../libs/domain/src/index';\nexport const y = x;\n" };
const domain = { 'libs/domain/src/index.ts': 'export const x = 1;\n' };

describe('layer rules', () => {
  it('accept this repository as it is', () => {
    const run = spawnSync(depcruise, ['--config', config, 'apps', 'libs'], { cwd: repo, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });

  it('accept a clean miniature of the layout', () => {
    expect(cruise({ ...app, ...domain }).status).toBe(0);
  });

  it.each([
    ['libs/domain imports @nestjs/common', { 'libs/domain/src/index.ts': "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n" }, 'domain-is-pure'],
    ['libs/domain does I/O', { 'libs/domain/src/index.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n" }, 'domain-is-pure'],
    ['a lib imports an app', { ...domain, 'libs/event-store/src/index.ts': "import '../../../apps/api/src/main';\n" }, 'libs-never-import-apps'],
    ['libs/event-store imports the domain', { ...domain, 'libs/event-store/src/index.ts': "import { x } from '../../domain/src/index';\nexport const y = x;\n" }, 'event-store-knows-no-sanctions'],
  ])('reject %s', (_case, files, rule) => {
    const run = cruise({ ...app, ...domain, ...files });
    expect(run.output).toContain(rule);
    expect(run.status).not.toBe(0);
  });
});
