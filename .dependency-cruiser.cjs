/**
 * Layer rules (ARCHITECTURE.md, "Layers"): imports point down only.
 * apps -> application libs -> event-store -> (nothing of ours); the domain stands alone.
 * Every rule has a planted violation in test/architecture/layers.spec.ts.
 */
const testFiles = '(\\.spec\\.ts|\\.int-spec\\.ts|\\.e2e-spec\\.ts)$|/testing/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain imports nothing but itself: no Nest, no I/O, no packages.',
      severity: 'error',
      from: { path: '^libs/domain/src/', pathNot: testFiles },
      to: { pathNot: '^libs/domain/src/' },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'event-store-knows-no-sanctions',
      comment: 'The event store is generic: it may not import the domain or any other lib of ours.',
      severity: 'error',
      from: { path: '^libs/event-store/', pathNot: testFiles },
      to: { path: '^libs/(?!event-store/)' },
    },
    {
      name: 'command-handling-is-generic',
      comment: 'Command handling folds any decider; it must not know the sanctions domain.',
      severity: 'error',
      from: { path: '^libs/command-handling/', pathNot: testFiles },
      to: { path: '^libs/domain/' },
    },
    {
      name: 'apps-never-import-apps',
      comment: 'Each app is its own process; apps/embedded, which composes them, has the next rule instead.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/embedded/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'embedded-composes-app-factories-only',
      comment: 'apps/embedded runs api and worker in one process through their public factories, nothing deeper.',
      severity: 'error',
      from: { path: '^apps/embedded/' },
      to: { path: '^apps/(?!embedded/)', pathNot: '^apps/(api/src/app\\.factory|worker/src/worker\\.module)\\.ts$' },
    },
    {
      name: 'lists-do-no-io',
      comment: 'libs/lists parses bytes it is given: it opens no file, socket or process, so a list file can never make it reach the network (XXE) or the disk.',
      severity: 'error',
      from: { path: '^libs/lists/src/', pathNot: testFiles },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|http2|dns|tls|child_process|dgram|worker_threads|cluster|inspector)$' },
    },
    {
      name: 'libs-never-import-nest',
      comment: 'The framework lives in apps: libs are plain TypeScript that any adapter (HTTP, console, worker) can use.',
      severity: 'error',
      from: { path: '^libs/' },
      // Resolved in node_modules, or by name when it could not be resolved.
      to: { path: '(^|/)node_modules/@nestjs/|^@nestjs/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Not node_modules: an excluded module's dependencies vanish, and with them every rule about packages.
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
