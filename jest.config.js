import { swcOptions } from './tools/swc-options.mjs';

// Four projects, run in this order by `npm test` (tools/test.mjs):
//  unit   — services with strict mocks, pure libraries; no I/O.
//  web    — the web client's plain logic (view models, helpers), specs beside the code; no Angular test bed.
//  medium — repositories and services against a real PostgreSQL and the embedded S3 server.
//  e2e    — the real stack (launcher: API + worker + embedded services) over HTTP and in Chromium.
//  production — the production shape (nginx, two API nodes, two workers, the machine's PostgreSQL
//           server, S3) driven through nginx only; tests/production/shape.ts starts it.
const swc = ['@swc/jest', { ...swcOptions, sourceMaps: 'inline' }];

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@atelier/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@atelier/database$': '<rootDir>/libs/database/src/index.ts',
    '^@atelier/config$': '<rootDir>/libs/config/src/index.ts',
    '^@atelier/storage$': '<rootDir>/libs/storage/src/index.ts',
    '^@atelier/queue$': '<rootDir>/libs/queue/src/index.ts',
    '^@atelier/board-engine$': '<rootDir>/libs/board-engine/src/index.ts',
    '^@atelier/media$': '<rootDir>/libs/media/src/index.ts',
    '^@atelier/backup$': '<rootDir>/libs/backup/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  rootDir: '.',
};

export default {
  // Medium and e2e tests hash passwords with argon2 and talk to real services: give them time.
  testTimeout: 60_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/{api,worker,launcher}/src/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/tests/unit/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'web',
      testMatch: ['<rootDir>/apps/web/src/**/*.spec.ts'],
      setupFiles: ['<rootDir>/tests/support/web-setup.ts'],
    },
    {
      ...shared,
      displayName: 'medium',
      testMatch: ['<rootDir>/tests/medium/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/medium-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/medium-teardown.mjs',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
      globalSetup: '<rootDir>/tests/support/e2e-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/e2e-teardown.mjs',
    },
    {
      ...shared,
      displayName: 'production',
      testMatch: ['<rootDir>/tests/production/**/*.prod.ts'],
    },
  ],
};
