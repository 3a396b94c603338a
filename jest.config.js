// One jest configuration, a project per suite; each npm script selects its own (npm test: unit).
//   unit        unit and integration tests on this machine alone (npm test)
//   dist        the committed bundles, runner-style runs, the packed CLI (npm run test:dist)
//   services    real nginx, Prometheus, PostgreSQL, Chromium (npm run test:services; scripts/setup services)
//   ssh         a fleet over real OpenSSH servers (npm run test:ssh; scripts/setup ssh)
//   workflows   actionlint, zizmor and workflows on act (npm run test:workflows; scripts/setup workflows)
//   k8s         a real Kubernetes control plane and helm (npm run test:k8s; scripts/setup k8s)
//   docker      a real Docker engine and Compose (npm run test:docker; scripts/setup docker)
//   reliability faults, the bad-input corpus, long model-based runs (npm run reliability)
//   security    hostile inputs at every trust boundary (npm run test:security)
const base = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testPathIgnorePatterns: ['/node_modules/'],
  modulePathIgnorePatterns: ['<rootDir>/actions/.*/dist/'],
  setupFiles: ['<rootDir>/__tests__/helpers/setup-env.ts'],
}

const project = (displayName, testMatch, extra = {}) => ({ ...base, displayName, testMatch, ...extra })

// Test timeouts are global in jest (a project's own is not applied): 60 s here, and the suites that
// start real services pass --testTimeout in their npm script.
export default {
  testTimeout: 60000,
  projects: [
    // The hostile-input suite (docs/security.md): this machine alone, a minute or two (npm run test:security).
    project('security', ['<rootDir>/__tests__/security/**/*.test.ts']),
    project('unit', ['<rootDir>/__tests__/unit/**/*.test.ts', '<rootDir>/__tests__/integration/**/*.test.ts', '<rootDir>/__tests__/model/local.model.test.ts']),
    project('dist', ['<rootDir>/__tests__/dist/**/*.test.ts']),
    project('services', ['<rootDir>/__tests__/services/**/*.test.ts', '<rootDir>/__tests__/model/nginx.model.test.ts']),
    project('ssh', ['<rootDir>/__tests__/ssh/**/*.test.ts', '<rootDir>/__tests__/model/ssh.model.test.ts']),
    // act runs one workflow at a time on this host (ports, the host's state): its script adds --maxWorkers 1.
    project('workflows', ['<rootDir>/__tests__/workflows/**/*.test.ts']),
    project('k8s', ['<rootDir>/__tests__/k8s/**/*.test.ts']),
    project('docker', ['<rootDir>/__tests__/docker/**/*.test.ts']),
    project('reliability', [
      '<rootDir>/__tests__/reliability/**/*.test.ts',
      '<rootDir>/__tests__/integration/github.test.ts',
      '<rootDir>/__tests__/integration/lock.test.ts',
      '<rootDir>/__tests__/integration/local-canary.test.ts',
      '<rootDir>/__tests__/integration/command-provider.test.ts',
      '<rootDir>/__tests__/services/**/*.test.ts',
      '<rootDir>/__tests__/model/*.model.test.ts',
    ]),
  ],
}
