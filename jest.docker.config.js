// The Docker suite: the compose provider against a real engine (Debian's dockerd), Compose v2 and a
// local image registry. Run through `npm run test:docker`, which starts them (scripts/docker-engine.mjs)
// and sets DOCKER_HOST, DOCKER_CONFIG and GLIDEPATH_REGISTRY.
import base from './jest.config.js'

export default {
  ...base,
  testMatch: ['<rootDir>/__tests__/docker/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180000,
}
