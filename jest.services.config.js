// The real-services suite: nginx and Prometheus from Debian packages (installed by .ci/run).
import base from './jest.config.js'

export default {
  ...base,
  testMatch: ['<rootDir>/__tests__/services/**/*.test.ts', '<rootDir>/__tests__/model/nginx.model.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
}
