// Lets plain `node` run the TypeScript benches: compiles .ts with @swc/core on require and resolves
// the tsconfig.json path aliases (@app/...), the same single source Jest reads.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');
const ts = require('typescript');

const root = path.resolve(__dirname, '../..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const aliases = Object.entries(config.compilerOptions.paths ?? {}).map(([alias, [target]]) => ({
  pattern: new RegExp(`^${alias.replace('*', '(.*)')}$`),
  target: path.join(root, target),
}));

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWithAliases(request, ...rest) {
  for (const { pattern, target } of aliases) {
    const match = pattern.exec(request);
    if (match) return resolveFilename.call(this, target.replace('*', match[1] ?? ''), ...rest);
  }
  return resolveFilename.call(this, request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
