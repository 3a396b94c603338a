// The workflow-tool suite: actionlint and zizmor, installed by script/install-workflow-tools.
import base from './jest.config.js'

export default {
  ...base,
  testMatch: ['<rootDir>/__tests__/workflows/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
}
