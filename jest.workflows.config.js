// The workflow-tool suite: actionlint and zizmor, installed by script/install-workflow-tools.
import base from './jest.config.js'

export default {
  ...base,
  testMatch: ['<rootDir>/__tests__/workflows/**/*.test.ts'],
  // act runs one workflow at a time on this host (ports, the host's state)
  maxWorkers: 1,
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
}
