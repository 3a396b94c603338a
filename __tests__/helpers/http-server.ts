import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http'

// A throwaway HTTP server on 127.0.0.1 for tests; each route is a function of the request.
export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void

export interface TestServer {
  url: string
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>
  close(): Promise<void>
}

export async function startServer(routes: Record<string, Handler>): Promise<TestServer> {
  const requests: TestServer['requests'] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const path = (req.url ?? '/').split('?')[0]
      const handler = routes[path] ?? routes['*']
      if (!handler) {
        res.writeHead(404)
        return res.end('not found')
      }
      handler(req, res, body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const addr = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${addr.port}`,
    requests,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()) }),
  }
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
