// The SSH suite: real OpenSSH servers (Debian's openssh-server) on loopback addresses, nginx per host (script/setup ssh).
import base from './jest.config.js'

export default {
  ...base,
  testMatch: ['<rootDir>/__tests__/ssh/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
}
