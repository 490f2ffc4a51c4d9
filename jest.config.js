// Test types by file name: *.spec.ts unit (no I/O, next to the code), *.int-spec.ts against
// real FerretDB and NATS, *.e2e-spec.ts through HTTP, *.fault-spec.ts breaking servers the
// test starts itself. Shared servers come from test/support/global-setup.ts.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};

const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  ...extra,
});

module.exports = {
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    project('unit', ['<rootDir>/src/**/*.spec.ts']),
    project('integration', ['<rootDir>/test/**/*.int-spec.ts']),
    project('e2e', ['<rootDir>/test/**/*.e2e-spec.ts']),
    project('security', ['<rootDir>/test/security/**/*.security-spec.ts']),
    project('faults', ['<rootDir>/test/faults/**/*.fault-spec.ts']),
    // The leak audit reads what the rest of the suite captured: scripts/test.sh runs it last.
    ...(process.env.TEST_AUDIT ? [project('audit', ['<rootDir>/test/audit/**/*.audit-spec.ts'])] : []),
  ],
};
