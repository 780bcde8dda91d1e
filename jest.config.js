// Jest reads its module aliases from tsconfig.json, the one place they are declared.
const path = require('node:path');
const ts = require('typescript');

const { config } = ts.readConfigFile(path.join(__dirname, 'tsconfig.json'), ts.sys.readFile);
const moduleNameMapper = Object.fromEntries(
  Object.entries(config.compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('*', '(.*)')}$`,
    path.join('<rootDir>', target.replace('*', '$1')),
  ]),
);

// Nest 12 (and PGlite) ship ESM only; Jest's CommonJS runtime needs them transformed.
const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@standard-schema',
  '@electric-sql/pglite',
  'jose',
  'openid-client',
  'oauth4webapi',
  // oidc-provider (test/console's OpenID provider on loopback) is ESM only too.
  'oidc-provider',
  // @fastify/cookie loads cookie (ESM) with a dynamic import, which swc turns into a require.
  '@fastify/cookie',
  'cookie',
];

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

// Jest reads testTimeout from the global config only, so a tier's own default is set by a setup
// file from the tier's globals.
const tier = (displayName, testMatch, { testTimeout, ...extra } = {}) => ({
  displayName,
  ...(testTimeout ? { globals: { TIER_TEST_TIMEOUT_MS: testTimeout }, setupFilesAfterEnv: ['<rootDir>/test/support/tier-timeout.js'] } : {}),
  rootDir: __dirname,
  testMatch,
  moduleNameMapper,
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testEnvironment: 'node',
  ...extra,
});

module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    tier('unit', ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts']),
    // Real databases, processes and browsers on a 2-core CI machine: generous, since nothing here is timed.
    tier('integration', ['<rootDir>/test/**/*.int-spec.ts'], { testTimeout: 30_000 }),
    tier('e2e', ['<rootDir>/test/**/*.e2e-spec.ts'], { testTimeout: 30_000 }),
    // Load, faults and hostile input (issue 8): each file bounds its own work and prints its counts.
    tier('resilience', ['<rootDir>/test/resilience/**/*.resilience-spec.ts'], { testTimeout: 180_000 }),
  ],
};
