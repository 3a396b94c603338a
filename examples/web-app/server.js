// A web page the way bundlers ship them: the HTML names a script by a hash of its content, and only the
// release that built it has that file. A page whose HTML comes from one version and whose script is asked
// of the other breaks (404). Under a per-request canary split, half the page loads of a 50% canary do;
// with canary.affinity none do. Used by the web-cohort tests and docs/cohorts.md.
import { createServer } from 'node:http'
import { createHash } from 'node:crypto'

const version = process.env.GLIDEPATH_VERSION ?? 'dev'
const port = Number(process.env.PORT ?? 3000)
const asset = `/assets/app.${createHash('sha256').update(version).digest('hex').slice(0, 8)}.js`
let mirrored = 0

createServer((req, res) => {
  if (req.headers['x-glidepath-mirror']) mirrored++
  const path = (req.url ?? '/').split('?')[0]
  if (path === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' })
    return res.end(JSON.stringify({ status: 'ok', version, mirrored }))
  }
  if (path === asset) {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'public, max-age=31536000, immutable' })
    return res.end(`document.getElementById('app').textContent = 'ok ${version}'\n`)
  }
  if (path.startsWith('/assets/')) {
    res.writeHead(404, { 'content-type': 'text/plain' })
    return res.end(`no ${path} in ${version}\n`)
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-version': version })
  res.end(`<!doctype html><html><head><title>web-app ${version}</title></head><body><div id="app">loading</div><script src="${asset}"></script></body></html>\n`)
}).listen(port, '127.0.0.1')
