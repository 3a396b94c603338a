// The bundle suite: committed dist/ equals a fresh build, and every dist/index.js runs as the runner
// runs it, on Node 20 and Node 24. Slower than the unit suite (it builds), so it is its own script.
import base from './jest.config.js'

export default {
  ...base,
  testMatch: ['<rootDir>/__tests__/dist/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180000,
}
