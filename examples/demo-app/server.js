// The demo app: answers with its version. Behaviour knobs (for the demo's failing canary) come from
// files shipped in the release, so each version behaves the way its directory says.
import { createServer } from 'node:http'
import { existsSync, readFileSync } from 'node:fs'

const version = process.env.GLIDEPATH_VERSION ?? 'dev'
const port = Number(process.env.PORT ?? 3000)
const behaviour = existsSync('behaviour.json') ? JSON.parse(readFileSync('behaviour.json', 'utf8')) : {}
const errorRate = Number(behaviour.errorRate ?? 0)
const delayMs = Number(behaviour.delayMs ?? 0)

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' })
    return res.end(JSON.stringify({ status: 'ok', version }))
  }
  setTimeout(() => {
    if (Math.random() < errorRate) {
      res.writeHead(500, { 'content-type': 'text/plain', 'x-version': version })
      return res.end(`error from ${version}\n`)
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-version': version })
    res.end(JSON.stringify({ message: `Hello from ${version}`, version }))
  }, delayMs)
})
server.listen(port, '127.0.0.1', () => console.log(`demo app ${version} listening on ${port}`))
process.on('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
