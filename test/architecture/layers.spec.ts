import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repo = resolve(__dirname, '../..');
const depcruise = join(repo, 'node_modules/.bin/depcruise');
const config = join(repo, '.dependency-cruiser.cjs');
const ruleNames: string[] = require(config).forbidden.map((rule: { name: string }) => rule.name);

/** A package installed as in the repository, so an import of it resolves into node_modules there too. */
const nest = {
  'node_modules/@nestjs/common/package.json': JSON.stringify({ name: '@nestjs/common', version: '0.0.0', main: 'index.js' }),
  'node_modules/@nestjs/common/index.js': 'exports.Injectable = () => () => undefined;\n',
};

/** Runs the project's layer rules over a throwaway tree laid out like this repository; the names of the rules broken. */
function cruise(files: Record<string, string>): { status: number | null; broken: string[]; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  try {
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { paths: {} } }));
    for (const [path, content] of Object.entries({ ...nest, ...files })) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    const run = spawnSync(depcruise, ['--config', config, 'apps', 'libs'], { cwd: root, encoding: 'utf8' });
    // The text reporter prints one `  error <rule>: <from> → <to>` line per violation.
    const broken = [...run.stdout.matchAll(/^\s+error ([\w-]+): /gm)].map(([, rule]) => rule);
    return { status: run.status, broken: [...new Set(broken)].sort(), output: run.stdout + run.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const domain = { 'libs/domain/src/index.ts': 'export const x = 1;\n' };
const api = {
  'apps/api/src/app.factory.ts': "import { Injectable } from '@nestjs/common';\nimport { x } from '../../../libs/domain/src/index';\nexport const createApp = [Injectable, x];\n",
  'apps/api/src/app.module.ts': 'export const AppModule = 1;\n',
  'apps/api/src/main.ts': "import { createApp } from './app.factory';\nexport const main = createApp;\n",
};
const worker = { 'apps/worker/src/worker.module.ts': "import { x } from '../../../libs/domain/src/index';\nexport const WorkerModule = x;\n" };
const embedded = {
  'apps/embedded/src/main.ts':
    "import { createApp } from '../../api/src/app.factory';\nimport { WorkerModule } from '../../worker/src/worker.module';\nexport const main = [createApp, WorkerModule];\n",
};
const clean = { ...domain, ...api, ...worker, ...embedded };

/** [case, files planted over the clean miniature, the rules that must catch it]: at least one per rule. */
const violations: [string, Record<string, string>, string[]][] = [
  ['libs/domain imports @nestjs/common', { 'libs/domain/src/index.ts': "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n" }, ['domain-is-pure', 'libs-never-import-nest']],
  ['libs/domain does I/O', { 'libs/domain/src/index.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n" }, ['domain-is-pure']],
  ['a lib imports an app', { 'libs/event-store/src/index.ts': "import '../../../apps/api/src/main';\n" }, ['libs-never-import-apps']],
  ['libs/event-store imports the domain', { 'libs/event-store/src/index.ts': "import { x } from '../../domain/src/index';\nexport const y = x;\n" }, ['event-store-knows-no-sanctions']],
  ['libs/command-handling imports the domain', { 'libs/command-handling/src/index.ts': "import { x } from '../../domain/src/index';\nexport const y = x;\n" }, ['command-handling-is-generic']],
  [
    'two modules import each other',
    { 'libs/domain/src/a.ts': "import { b } from './b';\nexport const a = () => b;\n", 'libs/domain/src/b.ts': "import { a } from './a';\nexport const b = () => a;\n" },
    ['no-circular'],
  ],
  ['the api imports the worker', { 'apps/api/src/main.ts': "import { WorkerModule } from '../../worker/src/worker.module';\nexport const main = WorkerModule;\n" }, ['apps-never-import-apps']],
  ['the worker imports the api factory', { 'apps/worker/src/main.ts': "import { createApp } from '../../api/src/app.factory';\nexport const main = createApp;\n" }, ['apps-never-import-apps']],
  ['the embedded entry reaches past the api factory', { 'apps/embedded/src/main.ts': "import { AppModule } from '../../api/src/app.module';\nexport const main = AppModule;\n" }, ['embedded-composes-app-factories-only']],
  ['libs/lists opens a file', { 'libs/lists/src/index.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n" }, ['lists-do-no-io']],
  ['libs/lists fetches over HTTP', { 'libs/lists/src/index.ts': "import { get } from 'https';\nexport const x = get;\n" }, ['lists-do-no-io']],
  ['a lib imports @nestjs/common', { 'libs/projections/src/index.ts': "import { Injectable } from '@nestjs/common';\nexport const y = Injectable;\n" }, ['libs-never-import-nest']],
  ['a lib imports a @nestjs package that is not installed', { 'libs/projections/src/index.ts': "import type { Job } from '@nestjs/bullmq';\nexport type J = Job;\n" }, ['libs-never-import-nest']],
];

describe('layer rules', () => {
  it('accept this repository as it is', () => {
    const run = spawnSync(depcruise, ['--config', config, 'apps', 'libs'], { cwd: repo, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });

  it('accept a clean miniature of the layout (apps on Nest, embedded composing the app factories)', () => {
    const run = cruise(clean);
    expect(run.broken).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('have a planted violation for every rule', () => {
    expect([...new Set(violations.flatMap(([, , rules]) => rules))].sort()).toEqual([...ruleNames].sort());
  });

  it.each(violations)('reject %s', (_case, files, rules) => {
    const run = cruise({ ...clean, ...files });
    expect({ broken: run.broken, output: run.broken.length ? '' : run.output }).toEqual({ broken: [...rules].sort(), output: '' });
    expect(run.status).not.toBe(0);
  });
});
