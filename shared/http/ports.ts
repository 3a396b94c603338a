import { connect, createServer } from 'node:net'

// Ports on this machine: one free to listen on, and whether something listens at an address.

/** A port free on 127.0.0.1 now (the OS's choice; taken back at once, so a race is possible but rare). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

/** Something accepts connections at host:port. */
export function listening(address: string, timeoutMs = 1000): Promise<boolean> {
  const at = address.lastIndexOf(':')
  return new Promise((resolve) => {
    const socket = connect(Number(address.slice(at + 1)), address.slice(0, at))
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
