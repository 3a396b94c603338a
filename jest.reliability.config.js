// npm run reliability: the bad-input corpus, fault injection, concurrency, secrets and hostile values.
// It reuses the integration and real-services scenarios that inject faults, and adds its own suite.
import base from './jest.config.js'

export default {
  ...base,
  testMatch: [
    '<rootDir>/__tests__/reliability/**/*.test.ts',
    '<rootDir>/__tests__/integration/github.test.ts',
    '<rootDir>/__tests__/integration/lock.test.ts',
    '<rootDir>/__tests__/integration/local-canary.test.ts',
    '<rootDir>/__tests__/integration/command-provider.test.ts',
    '<rootDir>/__tests__/services/**/*.test.ts',
    '<rootDir>/__tests__/model/*.model.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
}
