/**
 * Layer rules (ARCHITECTURE.md, "Layers"): imports point down only.
 * apps -> application libs -> event-store -> (nothing of ours); the domain stands alone.
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
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
