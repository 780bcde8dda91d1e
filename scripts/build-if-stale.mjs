// `npm start` builds only when the sources changed since the last build: a content hash of what
// `nest build` compiles, kept beside its output (dist/.sources-sha256). A start on an unchanged
// tree goes straight to node; a changed one (or a missing dist) builds first, as before.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, globSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { failer, readOptions } from './cli-options.mjs';

const USAGE = `usage: node scripts/build-if-stale.mjs [--check] [--root <dir>] [--entry <file>]

Builds (nest build) when the sources differ from those dist was built from.
  --check          only say whether a build is needed: exit 0 if dist is current, 1 if not
  --root <dir>     the project (default: the current directory)
  --entry <file>   the built file that must exist (default dist/apps/embedded/src/main.js)`;

const options = readOptions('build-if-stale', USAGE, { check: { type: 'boolean' }, root: { type: 'string' }, entry: { type: 'string' } });
const root = resolve(options.root ?? '.');
const entry = join(root, options.entry ?? 'dist/apps/embedded/src/main.js');
const stamp = join(root, 'dist/.sources-sha256');

/** What the build reads: the TypeScript of apps and libs (not specs or test helpers) and the build settings. */
function sourcesHash() {
  const files = globSync(['apps/**/*.ts', 'libs/**/*.ts', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'], { cwd: root })
    .filter((file) => !/\.spec\.ts$|(^|\/)testing\//.test(file))
    .sort();
  if (files.length === 0) failer('build-if-stale', USAGE)(`no sources under ${root}`);
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex');
}

const wanted = sourcesHash();
const current = existsSync(entry) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted;
if (options.check) process.exit(current ? 0 : 1);
if (current) process.exit(0);

console.error('build-if-stale: the sources changed since the last build (or there is none): building');
const build = spawnSync(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
writeFileSync(stamp, `${wanted}\n`);
