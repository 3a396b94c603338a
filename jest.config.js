// ts-jest in ESM mode: every @actions/* package is ESM-only (see README, "Development").
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts', '<rootDir>/__tests__/integration/**/*.test.ts', '<rootDir>/__tests__/model/local.model.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/actions/.*/dist/'],
  setupFiles: ['<rootDir>/__tests__/helpers/setup-env.ts'],
  testTimeout: 60000,
}
