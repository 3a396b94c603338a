// The Kubernetes suite: a real control plane (etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler, kwok) and the real helm CLI. Run through `npm run test:k8s`, which starts the
// cluster (scripts/k8s-cluster.mjs) and sets KUBECONFIG.
import base from './jest.config.js'

export default {
  ...base,
  testMatch: ['<rootDir>/__tests__/k8s/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180000,
}
