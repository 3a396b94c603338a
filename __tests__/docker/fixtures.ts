// The compose service the Docker suite's tests deploy: the demo app on 3000 with a healthcheck that
// asks its /health (the test images are FROM scratch: node is the only program in them).
export function webService(image: string): string {
  return `  web:
    image: ${image}
    ports: ["3000:3000"]
    healthcheck:
      test: ["CMD", "/bin/node", "-e", "fetch('http://127.0.0.1:3000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
      interval: 1s
      timeout: 2s
      retries: 3
`
}
